"""Opening reappointment procedures: by the daily job for every term about to end, or by the organisation board.

Exactly once per tenure: the job opens a procedure only for a tenure that never had one, and the database allows
at most one *open* procedure per tenure (``one_open_reappointment_per_tenure``), so two openers running at the
same moment on PostgreSQL cannot both open one — the second insert waits for the first and then fails, and that
tenure is counted as already open.
"""

import time
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts import permissions
from apps.core.rules import RuleViolation

from .. import rules
from ..models import Path, ReappointmentOutcome, ReappointmentProcess
from .common import audit, complete, day, system_user


def _flow():
    from ..flows import ReappointmentFlow

    return ReappointmentFlow


def _already_open():
    return RuleViolation("already_open", _("A reappointment procedure for this term is already open."))


def fill_process(process, tenure, *, on, actor, automatically, rule_set=None, params=None):
    """Write what the procedure starts from: the tenure, the cadre, the position, the term end, the rule set in
    force on `on` for the position's unit and its values, the path (H17: extension when fewer than
    ``extension_years_to_retirement`` years remain to retirement at term end) and the due dates."""
    from apps.cadres.eligibility import needs_extension, retirement_date
    from apps.rulesets.selectors import rule_set_for

    position, cadre = tenure.position, tenure.cadre
    if rule_set is None:
        rule_set = rule_set_for(unit=position.unit, on=on)
    if params is None:
        params = rule_set.resolve()
    process.tenure = tenure
    process.cadre = cadre
    process.cadre_name = cadre.full_name
    process.position = position
    process.unit = position.unit
    process.seats = 1
    process.term_end = tenure.term_end
    process.retirement_on = retirement_date(cadre.birth_date, cadre.gender, params)
    extension = needs_extension(cadre.birth_date, cadre.gender, tenure.term_end, params)
    process.path = Path.EXTENSION if extension else Path.REAPPOINT
    process.rule_set = rule_set
    process.rule_snapshot = params.as_snapshot()
    process.started_by = actor
    process.opened_automatically = automatically
    process.notice_due_on = rules.notice_due_on(tenure.term_end, params)
    # every step is due by the last day a decision can be signed (H16)
    process.due_on = tenure.term_end - timedelta(days=1)
    process.outcome = ReappointmentOutcome.IN_PROGRESS
    return process


def _opened_audit(process, actor):
    audit(
        "reappointment.opened",
        process,
        process,
        actor,
        tenure=process.tenure_id,
        cadre=process.cadre_id,
        position=process.position_id,
        term_end=day(process.term_end),
        path=process.path,
        automatically=process.opened_automatically,
        rule_set=process.rule_set.code,
        notice_due_on=day(process.notice_due_on),
    )


def start_from_job(*, process, task, tenure, on, actor, rule_set=None, params=None):
    """The ``StartHandle`` callback: the procedure of `tenure`, started by the system actor. Refused when the
    tenure already had a procedure (checked again here, inside the opening transaction)."""
    if ReappointmentProcess.objects.filter(tenure_id=tenure.pk).exists():
        raise _already_open()
    fill_process(process, tenure, on=on, actor=actor, automatically=True, rule_set=rule_set, params=params)
    task.owner = actor
    return process


def open_for_tenure(tenure, *, on, actor, rule_set=None, params=None):
    """Open the procedure of one due tenure (in the caller's transaction) and record it."""
    from workflows.common import runner

    process = runner.start(
        _flow(), actor=actor, node="start_auto", tenure=tenure, on=on, rule_set=rule_set, params=params
    )
    _opened_audit(process, actor)
    return process


@transaction.atomic
def open_manually(*, process, task, tenure, actor):
    """The organisation board opens the procedure of a tenure in its scope (e.g. before the job would, or again
    after a withdrawal). Refused for a tenure that has ended, has no term end or whose term has ended (H16), and
    when a procedure for it is already open."""
    from apps.cadres.models import Tenure

    # the tenure row only (not its cadre, position and unit joined in): see appointment.propose (issue 13)
    tenure = (
        Tenure.objects.select_for_update(of=("self",), no_key=True)
        .select_related("cadre", "position__unit")
        .get(pk=tenure.pk)
    )
    permissions.require(actor, "review", tenure)
    if getattr(actor, "cadre_id", None) == tenure.cadre_id:
        raise RuleViolation(
            "conflict_of_interest", _("You cannot open the reappointment procedure of your own term.")
        )
    today = timezone.localdate()
    rules.require_open_tenure_with_term(tenure, today)
    if ReappointmentProcess.objects.filter(tenure=tenure, outcome=ReappointmentOutcome.IN_PROGRESS).exists():
        raise _already_open()
    fill_process(process, tenure, on=today, actor=actor, automatically=False)
    try:
        with transaction.atomic():
            complete(task, actor)
    except IntegrityError:
        raise _already_open() from None
    _opened_audit(process, actor)
    return process


class _RuleSets:
    """The rule set in force for each unit on one day, and its values — each looked up once per run."""

    def __init__(self, on):
        from apps.rulesets.selectors import rule_set_for

        self.on, self._for = on, rule_set_for
        self._by_unit, self._params = {}, {}

    def for_unit(self, unit):
        rule_set = self._by_unit.get(unit.pk)
        if rule_set is None:
            rule_set = self._by_unit[unit.pk] = self._for(unit=unit, on=self.on)
        params = self._params.get(rule_set.pk)
        if params is None:
            params = self._params[rule_set.pk] = rule_set.resolve()
        return rule_set, params


def _reach_days(on):
    """How far ahead any rule set in force looks (a generous bound for working days; each tenure is then judged
    exactly against its own unit's rule set)."""
    from django.db.models import Q

    from apps.rulesets.models import RuleSet

    reach = 0
    in_force = RuleSet.objects.filter(is_active=True, effective_from__lte=on).filter(
        Q(effective_to__isnull=True) | Q(effective_to__gte=on)
    )
    for rule_set in in_force:
        try:
            params = rule_set.resolve()
        except RuleViolation:  # an incomplete local layer is resolved through its unit later
            continue
        days = params.reappointment_notice_days
        if params.reappointment_notice_in_working_days:
            days = days * 2 + len(params.public_holidays) + 14
        reach = max(reach, days)
    return reach


def due_tenures(on):
    """Open tenures of appointed posts whose term ends after `on` and within the longest notice period in force,
    and that never had a reappointment procedure. Elected posts are renewed by election (nomination), not here."""
    from apps.cadres.models import Tenure

    had_one = ReappointmentProcess.objects.filter(tenure_id=OuterRef("pk"))
    return (
        Tenure.objects.open()
        .filter(
            term_end__gt=on,
            term_end__lte=on + timedelta(days=_reach_days(on)),
            position__is_elected=False,
        )
        .exclude(Exists(had_one))
        .select_related("cadre", "position__unit")
        .order_by("term_end", "pk")
    )


def open_due_reappointments(*, on=None, actor=None):
    """Open one procedure for every tenure whose term ends within its rule set's notice period on day `on`
    (default today), as the system actor. Idempotent: a second run the same day (or a concurrent one) opens
    nothing new. Returns the figures (JSON values) the job records and the command prints."""
    on = on or timezone.localdate()
    actor = actor or system_user()
    started = time.monotonic()
    rule_sets = _RuleSets(on)
    opened, already_open, examined, failed = [], 0, 0, []
    for tenure in due_tenures(on):
        examined += 1
        try:
            rule_set, params = rule_sets.for_unit(tenure.position.unit)
            if not rules.is_due(tenure.term_end, on, params):
                continue
            with transaction.atomic():
                process = open_for_tenure(tenure, on=on, actor=actor, rule_set=rule_set, params=params)
        except IntegrityError:
            already_open += 1  # a concurrent run opened it first
            continue
        except RuleViolation as exc:
            if exc.rule_code == "already_open":
                already_open += 1
            else:  # e.g. no rule set in force for the unit: the other tenures still open
                failed.append(f"{tenure.pk}: {exc}")
            continue
        opened.append(process.pk)
    if failed:
        # the run fails after opening everything it could, so the job retries and then shows as stuck
        raise RuleViolation(
            "opener_failed",
            _("Could not open the reappointment of tenure(s) {tenures}").format(tenures="; ".join(failed)),
        )
    return {
        "on": on.isoformat(),
        "examined": examined,
        "opened": len(opened),
        "processes": opened,
        "already_open": already_open,
        "seconds": round(time.monotonic() - started, 3),
    }
