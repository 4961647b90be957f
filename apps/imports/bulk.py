"""Creating many registry records at once, with the registry's rules, history and audit — what the services do one
record at a time, at the speed a province's import needs (ten thousand cadres with their records in under a minute
on SQLite, ``bench/import_bench.py``; one service call per row costs a dozen queries).

Each new record is checked before anything is written by the same rules the services run: the model's field
validation and ``clean()`` (a birth date in the future, a discipline or conclusion incomplete or out of order), the
tenure rules of ``apps.cadres.rules`` (end before start, a past tenure that ended before today, a seat the position
has, no overlap on the seat — against the registry and the rows before it in the file —, no open tenure on a full
position, a current one only with its decision) and the conflict of interest (nobody writes their own records or
those of a candidate of an open procedure they take part in). Records are then written per sheet with
``bulk_create``, their history rows name the importer (``apps.core.history.bulk_created_history``: the rows of
simple-history's ``bulk_create_with_history``, appended with ``executemany``), and one audit entry per record is
appended with the same actions as the services (``record_many``). The queries of an import do not grow with its rows
but by batches (``tests/imports/test_import_queries.py``).
"""

from collections import defaultdict

from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts import permissions
from apps.audit.services import record_many
from apps.cadres import rules as cadre_rules
from apps.cadres.models import Tenure
from apps.core.history import bulk_created_history
from apps.core.rules import RuleViolation

BATCH = 500


def conflicted_cadre_ids(user):
    """The cadres whose records `user` may not write (``permissions.record_write_conflict`` for all at once)."""
    if not user or not getattr(user, "is_authenticated", False):
        return set()
    ids = {user.cadre_id} if getattr(user, "cadre_id", None) else set()
    for model, pks in permissions._open_procedures_of(permissions._procedure_models(), user).items():
        ids |= set(model.objects.filter(pk__in=pks).values_list(model.CONFLICT_CADRE_LOOKUP, flat=True))
    return ids


#: foreign keys left out of field validation: the importer resolved them to objects already
RELATIONS = ["cadre", "position", "current_unit", "home_place", "ended_by_decision", "fulfilled_by_decision"]


def validate_new(instance, *, rules=True):
    """Field validation (choices, lengths, blanks) and the model's rules (``clean``), without the per-row queries
    of ``full_clean`` (foreign keys are resolved objects; uniqueness is the importer's natural keys)."""
    instance.clean_fields(exclude=RELATIONS)
    if rules:
        instance.clean()


def refuse_conflict(conflicted, actor, cadre):
    """``apps.cadres.services.refuse_conflicted_write``'s rule, on the set computed once for the import."""
    if cadre.pk is None or cadre.pk not in conflicted:
        return
    if getattr(actor, "cadre_id", None) == cadre.pk:
        raise RuleViolation("own_record", _("Nobody may write their own records."))
    raise RuleViolation(
        "candidate_in_own_procedure",
        _(
            "This cadre is a candidate of an open procedure you take part in: you may not write their records."
        ),
    )


class Seats:
    """The periods of every seat and the open tenures of every position, from the registry, then kept up to date
    with the tenures staged by the import, so that two rows of one file are checked against each other."""

    def __init__(self):
        self.periods = defaultdict(list)
        self.open = defaultdict(int)
        for position_id, seat, start, ended in Tenure.objects.values_list(
            "position_id", "seat_number", "start_date", "ended_on"
        ):
            self.periods[(position_id, seat)].append((start, ended))
            if ended is None:
                self.open[position_id] += 1

    def check(self, tenure):
        """The rules of ``services.record_past_tenure`` (an end date given) or of a current tenure granted by a
        decision signed before CadreFlow (``writers.record_current_tenure``)."""
        today = timezone.localdate()
        order = _("A tenure cannot end before it starts.")
        cadre_rules.require_period_in_order(
            tenure.start_date, tenure.ended_on, code="tenure_order", message=order
        )
        cadre_rules.require_period_in_order(
            tenure.start_date,
            tenure.term_end,
            code="tenure_order",
            message=_("A term cannot end before it starts."),
        )
        if tenure.ended_on is not None:
            cadre_rules.require_past_tenure(tenure.start_date, tenure.ended_on, today)
        else:
            if not tenure.decision_number or tenure.decision_date is None or tenure.decision_date > today:
                raise RuleViolation(
                    "tenure_needs_decision",
                    _(
                        "A current tenure needs the number and date of the decision that filled the seat "
                        "(a date not after today)."
                    ),
                )
            if tenure.start_date > today:
                raise RuleViolation("tenure_in_future", _("A tenure cannot start after today."))
        position = tenure.position
        cadre_rules.require_seat_exists(tenure.seat_number, position.seats)
        cadre_rules.require_no_overlap(
            tenure.start_date, tenure.ended_on, self.periods[(position.pk, tenure.seat_number)]
        )
        if tenure.ended_on is None:
            cadre_rules.require_free_seats(self.open[position.pk], position.seats)

    def add(self, tenure):
        self.periods[(tenure.position.pk, tenure.seat_number)].append((tenure.start_date, tenure.ended_on))
        if tenure.ended_on is None:
            self.open[tenure.position.pk] += 1


class Staged:
    """New records of one sheet, waiting to be written together."""

    def __init__(self, model, actor):
        self.model = model
        self.actor = actor
        self.items = []  # (instance, action, audit data)

    def add(self, instance, action, data):
        self.items.append((instance, action, data))

    def write(self):
        """Write the staged records (with their history rows) and their audit entries; returns them saved."""
        if not self.items:
            return []
        instances = [instance for instance, _action, _data in self.items]
        self.model.objects.bulk_create(instances, batch_size=BATCH)
        bulk_created_history(self.model, instances, actor=self.actor)
        record_many(((action, obj, data) for obj, action, data in self.items), actor=self.actor)
        self.items = []
        return instances
