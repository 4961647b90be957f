"""Writers for the cadre registry (docs/style.md rule 3): the only code that creates or changes cadre records.

Each service is atomic, takes the acting user as keyword-only `actor`, runs the registry rules
(``apps.cadres.rules``, through the models' ``clean()`` and ``full_clean()``) before writing, writes inside
``acting_as(actor)`` so the history rows name the actor also outside a request, and appends an audit entry in
the same transaction. Scope checks belong to the caller (views call ``permissions.require``); the conflict of
interest on a record (issue 9 point 5: nobody writes their own records, nor those of a candidate in a procedure
they take part in — ``permissions.record_write_conflict``) is refused here too, for every caller, with an audit
entry of the refused attempt written before (outside) the service's transaction.

A seat is filled only by a signed decision (``add_tenure``, called by ``apps.decisions`` when it signs); the
registry records a tenure of the past with ``record_past_tenure`` (history, imports), a separate audited action.
"""

import functools

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.permissions import record_write_conflict
from apps.audit.services import record
from apps.core.history import acting_as
from apps.core.rules import RuleViolation
from apps.organisation.models import Position

from . import rules
from .models import Achievement, Cadre, Discipline, Evaluation, PoliticalConclusion, Tenure

#: Fields of a cadre record that the registry forms and the API may set.
CADRE_FIELDS = (
    "code",
    "full_name",
    "birth_date",
    "gender",
    "ethnicity",
    "home_province",
    "home_commune",
    "home_place",
    "current_unit",
    "job_title",
    "is_party_member",
    "party_joined_on",
    "education_level",
    "specialty",
    "political_theory",
    "foreign_language",
    "foreign_language_level",
    "employment_status",
    "left_on",
    "proceedings",
    "resume_verified_on",
)


def validate(instance, exclude=None):
    """``full_clean()`` the instance; a business rule that refuses it is raised as its own ``RuleViolation``
    (so callers see ``rule_code``), other problems as the usual ``ValidationError``."""
    try:
        instance.full_clean(exclude=exclude)
    except ValidationError as exc:
        for error in getattr(exc, "error_dict", {}).get(NON_FIELD_ERRORS, []):
            if isinstance(error, RuleViolation):
                raise error from exc
        raise


def _audit_value(value):
    if hasattr(value, "pk"):
        return value.pk
    return value


def refuse_conflicted_write(actor, cadre, attempted):
    """Refuse `actor` writing `attempted` (a record kind) about `cadre` when it is their own record or that of a
    candidate of an open procedure they take part in (``permissions.record_write_conflict``): an audit entry of
    the refused attempt, then ``RuleViolation`` (``own_record`` / ``candidate_in_own_procedure``)."""
    code = record_write_conflict(actor, cadre)
    if code is None:
        return
    record(
        "registry.write_refused",
        cadre,
        actor=actor,
        data={"cadre": cadre.pk, "attempted": attempted, "rule": code},
    )
    if code == "own_record":
        message = _("Nobody may write their own records.")
    else:
        message = _(
            "This cadre is a candidate of an open procedure you take part in: you may not write their records."
        )
    raise RuleViolation(code, message)


def _guarded(attempted):
    """Run the conflict-of-interest refusal (audited, outside the transaction) before the atomic service."""

    def wrap(service):
        @functools.wraps(service)
        def guarded(*args, actor, **kwargs):
            cadre = kwargs.get("cadre", args[0] if args else None)
            refuse_conflicted_write(actor, cadre, attempted)
            return service(*args, actor=actor, **kwargs)

        return guarded

    return wrap


def _with_home_text(fields):
    """A home town picked as a place also fills the typed home province/commune that pages and reports show."""
    place = fields.get("home_place")
    if place is not None:
        province = place
        while province.level != "province" and province.parent_id:
            province = province.parent  # the province it was part of then: "Huyện Yên Dũng", "Bắc Giang"
        fields["home_province"] = province.name
        if place.level != "province":
            fields["home_commune"] = str(place)
        else:
            fields.setdefault("home_commune", "")  # a commune typed but matching no place is kept as typed
    return fields


def _unknown(fields, allowed):
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"unexpected fields: {', '.join(sorted(unknown))}")


@transaction.atomic
def create_cadre(*, actor, **fields):
    """Add a cadre to the registry. Refuses a birth date in the future (``birth_date_future``)."""
    _unknown(fields, CADRE_FIELDS)
    cadre = Cadre(**_with_home_text(fields))
    validate(cadre)
    with acting_as(actor):
        cadre.save()
    record(
        "cadre.created",
        cadre,
        actor=actor,
        data={name: _audit_value(value) for name, value in fields.items()},
    )
    return cadre


@_guarded("cadre")
@transaction.atomic
def update_cadre(cadre, *, actor, **changes):
    """Change a cadre's record; the audit entry lists each changed field with its old and new value.

    The stored row is re-read (and locked on PostgreSQL), so the caller's instance may already carry the new
    values, as a bound ``ModelForm`` leaves it.
    """
    _unknown(changes, CADRE_FIELDS)
    changes = _with_home_text(changes)
    current = Cadre.objects.select_for_update(no_key=True).get(pk=cadre.pk)
    diff = {}
    for name, value in changes.items():
        old = getattr(current, name)
        if _audit_value(old) != _audit_value(value):
            diff[name] = [_audit_value(old), _audit_value(value)]
        setattr(current, name, value)
    if not diff:
        return current
    validate(current)
    with acting_as(actor):
        current.save()
    record("cadre.updated", current, actor=actor, data=diff)
    return current


@transaction.atomic
def add_tenure(*, cadre, position, start_date, actor, decision, seat_number=1, term_end=None):
    """Open the tenure a signed `decision` grants (appointment, reappointment, election result): `cadre` holds a
    seat of `position` from `start_date`. The decision's number, date and procedure go on the tenure and its
    audit entry (so that it shows on that procedure's timeline).

    A seat is filled only by a signed decision (issue 9 point 6; R4): without one it is refused
    (``tenure_needs_decision``) — a tenure of the past is recorded with ``record_past_tenure``. Refuses a term
    ending before it starts (``tenure_order``), a seat the position does not have or an open tenure when every
    seat is taken (``seat_over_filled``), and a tenure overlapping another on the same seat
    (``tenure_overlap``). The position row is locked so two signatures cannot fill the last seat twice.
    """
    rules.require_signed_decision(decision)
    return _write_tenure(
        "tenure.added",
        cadre=cadre,
        position=position,
        start_date=start_date,
        seat_number=seat_number,
        term_end=term_end,
        decision_number=decision.number,
        decision_date=decision.issued_on,
        process_id=decision.process_id,
        actor=actor,
    )


@_guarded("tenure")
@transaction.atomic
def record_past_tenure(
    *,
    cadre,
    position,
    start_date,
    ended_on,
    actor,
    seat_number=1,
    term_end=None,
    end_reason="",
    decision_number="",
    decision_date=None,
):
    """Record a tenure of the past (history, imports): it ended before today, so it fills no seat now (issue 9
    point 6). Audited as ``tenure.past_recorded``.

    Refuses a tenure with no end, or ending (or starting) today or later (``past_tenure_not_ended``), one ending
    before it starts (``tenure_order``), a seat the position does not have (``seat_over_filled``) and one
    overlapping another tenure on the same seat (``tenure_overlap``).
    """
    rules.require_period_in_order(
        start_date, ended_on, code="tenure_order", message=_("A tenure cannot end before it starts.")
    )
    rules.require_past_tenure(start_date, ended_on, timezone.localdate())
    return _write_tenure(
        "tenure.past_recorded",
        cadre=cadre,
        position=position,
        start_date=start_date,
        seat_number=seat_number,
        term_end=term_end,
        ended_on=ended_on,
        end_reason=end_reason,
        decision_number=decision_number,
        decision_date=decision_date,
        actor=actor,
    )


def _write_tenure(
    action,
    *,
    cadre,
    position,
    start_date,
    actor,
    seat_number=1,
    term_end=None,
    ended_on=None,
    end_reason="",
    decision_number="",
    decision_date=None,
    process_id=None,
):
    position = Position.objects.select_for_update(no_key=True).get(pk=position.pk)
    tenure = Tenure(
        cadre=cadre,
        position=position,
        seat_number=seat_number,
        start_date=start_date,
        term_end=term_end,
        ended_on=ended_on,
        end_reason=end_reason or "",
        decision_number=decision_number or "",
        decision_date=decision_date,
    )
    # the order first: "ends before it starts" is the more useful answer than "no free seat"
    rules.require_period_in_order(
        start_date, ended_on, code="tenure_order", message=_("A tenure cannot end before it starts.")
    )
    if tenure.is_open:
        rules.require_free_seats(Tenure.objects.open().filter(position=position).count(), position.seats)
    validate(tenure)
    with acting_as(actor):
        tenure.save()
    record(
        action,
        tenure,
        actor=actor,
        data={
            "cadre": cadre.pk,
            "position": position.pk,
            "seat": seat_number,
            "from": start_date,
            "until": ended_on,
            "decision": decision_number,
        },
        process_id=process_id,
    )
    return tenure


def _add(model, action, *, cadre, actor, **fields):
    obj = model(cadre=cadre, **fields)
    validate(obj)
    with acting_as(actor):
        obj.save()
    record(action, obj, actor=actor, data={"cadre": cadre.pk, **fields})
    return obj


@_guarded("discipline")
@transaction.atomic
def add_discipline(*, cadre, actor, **fields):
    """Record a disciplinary case. Refuses a period that ends before it starts (``discipline_order``) and a
    decided discipline without its form and effective date (``discipline_incomplete``)."""
    return _add(Discipline, "discipline.added", cadre=cadre, actor=actor, **fields)


@_guarded("political_conclusion")
@transaction.atomic
def add_political_conclusion(*, cadre, actor, **fields):
    """Record the competent committee's political-standard conclusion (R2, H13). Refuses a concluded one
    without result or date (``conclusion_incomplete``) and a date in the future (``conclusion_future``)."""
    return _add(PoliticalConclusion, "political_conclusion.added", cadre=cadre, actor=actor, **fields)


@_guarded("evaluation")
@transaction.atomic
def add_evaluation(*, cadre, actor, **fields):
    """Record a yearly quality rating; one per cadre and year."""
    return _add(Evaluation, "evaluation.added", cadre=cadre, actor=actor, **fields)


@_guarded("achievement")
@transaction.atomic
def add_achievement(*, cadre, actor, **fields):
    """Record a concrete achievement (R3, H14), recognised when `recognised_by` and `recognised_on` are set."""
    return _add(Achievement, "achievement.added", cadre=cadre, actor=actor, **fields)
