"""What a signed decision does to the registry, by kind: opens, ends or extends a tenure (R4, H16, R8)."""

from datetime import date, timedelta

from django.utils.translation import gettext as _

from apps.audit.services import record
from apps.cadres import services as cadre_services
from apps.cadres.models import PlanningEntry, Tenure
from apps.core.history import acting_as
from apps.core.rules import RuleViolation
from apps.organisation.models import Position

from .. import rules
from ..models import Decision
from .drafting import held_seats, open_tenure, post_phrase, require_may_leave_current_posts


def _free_seat(position, start, end, held):
    """The lowest seat no open tenure holds and no other tenure overlaps from `start` to `end`."""
    far = date.max
    for seat in range(1, position.seats + 1):
        if seat in held:
            continue
        periods = Tenure.objects.filter(position=position, seat_number=seat).values_list(
            "start_date", "ended_on"
        )
        if all(not (start < (ended or far) and begun < (end or far)) for begun, ended in periods):
            return seat
    return min(set(range(1, position.seats + 1)) - held)


def _change_tenure(tenure, action, *, actor, process_id, data=None, **changes):
    """End or extend a tenure (validated as the registry does) with its history and audit entry; the entry's data
    is each change's old and new value, then `data`."""
    before = {name: getattr(tenure, name) for name in changes}
    for name, value in changes.items():
        setattr(tenure, name, value)
    cadre_services.validate(tenure)
    with acting_as(actor):
        tenure.save()
    record(
        action,
        tenure,
        actor=actor,
        process_id=process_id,
        data={**{name: [before[name], value] for name, value in changes.items()}, **(data or {})},
    )
    return tenure


def _open_new_tenure(decision, *, seat_number, actor):
    return cadre_services.add_tenure(
        cadre=decision.cadre,
        position=decision.position,
        start_date=decision.effective_from,
        seat_number=seat_number,
        term_end=decision.term_end,
        decision=decision,
        actor=actor,
    )


def _leave_posts(decision, tenures, *, actor):
    """The posts the cadre held end the day before the new one takes effect; their seats become vacant."""
    for tenure in tenures:
        _change_tenure(
            tenure,
            "tenure.ended",
            actor=actor,
            process_id=decision.process_id,
            ended_on=decision.effective_from - timedelta(days=1),
            end_reason=Tenure.EndReason.APPOINTED_ELSEWHERE,
            ended_by_decision_id=decision.pk,
        )
    decision.leaves_post = "; ".join(post_phrase(tenure.position) for tenure in tenures)


def _fulfil_planning(decision, *, actor):
    """The cadre's planning entries for the title they are appointed to are fulfilled from its effective date."""
    entries = PlanningEntry.objects.select_for_update().filter(
        cadre_id=decision.cadre_id, position_id=decision.position_id, status=PlanningEntry.Status.ACTIVE
    )
    for entry in entries:
        entry.status = PlanningEntry.Status.FULFILLED
        entry.fulfilled_on = decision.effective_from
        entry.fulfilled_by_decision = decision
        with acting_as(actor):
            entry.save()
        record(
            "planning.fulfilled",
            entry,
            actor=actor,
            process_id=decision.process_id,
            data={
                "cadre": entry.cadre_id,
                "position": entry.position_id,
                "term": entry.term,
                "decision": decision.pk,
                "fulfilled_on": decision.effective_from,
            },
        )


def _apply_appointment(decision, *, actor):
    """Appointment or election result: a new tenure on a free seat (R4). Unless the new post is held concurrently
    (kiêm nhiệm), the posts the cadre holds end the day before it takes effect (their seats become vacant); the
    cadre's planning for the title is fulfilled."""
    position = Position.objects.select_for_update(no_key=True).get(pk=decision.position_id)
    if open_tenure(decision.cadre, position):
        raise RuleViolation("already_holds_position", _("The cadre already holds this position."))
    held = held_seats(position)
    rules.require_vacant_seat(seats=position.seats, held_seats=held, seat_number=decision.seat_number)
    leaving = require_may_leave_current_posts(
        decision.kind, decision.cadre, position, decision.effective_from, decision.concurrent, lock=True
    )
    seat = decision.seat_number or _free_seat(position, decision.effective_from, decision.term_end, held)
    _leave_posts(decision, leaving, actor=actor)
    decision.tenure = _open_new_tenure(decision, seat_number=seat, actor=actor)
    decision.seat_number = seat
    _fulfil_planning(decision, actor=actor)


def _current_term(decision):
    Position.objects.select_for_update(no_key=True).filter(pk=decision.position_id).first()
    tenure = open_tenure(decision.cadre, decision.position, lock=True)
    rules.require_open_tenure(tenure)
    rules.require_signed_before_term_end(issued_on=decision.issued_on, term_end=tenure.term_end)
    decision.seat_number = tenure.seat_number
    return tenure


def _apply_reappointment(decision, *, actor):
    """The current tenure ends the day the new term starts (the registry's periods end exclusive, so the two
    tenures touch without overlapping) and a new tenure on the same seat runs for the new term."""
    old = _current_term(decision)
    _change_tenure(
        old,
        "tenure.ended",
        actor=actor,
        process_id=decision.process_id,
        ended_on=decision.effective_from,
        end_reason=Tenure.EndReason.REAPPOINTED,
        ended_by_decision_id=decision.pk,  # so that its revocation finds the term to re-open (revocation_effects)
    )
    decision.tenure = _open_new_tenure(decision, seat_number=old.seat_number, actor=actor)


def _apply_non_reappointment(decision, *, actor):
    """The tenure ends at its term end: the seat counts as vacant from now so a successor can be sought."""
    tenure = _current_term(decision)
    decision.tenure = _change_tenure(
        tenure,
        "tenure.ended",
        actor=actor,
        process_id=decision.process_id,
        ended_on=tenure.term_end or decision.effective_from,
        end_reason=Tenure.EndReason.NOT_REAPPOINTED,
    )


def _apply_extension(decision, *, actor):
    """The term runs on to the retirement date (the decision's `term_end`)."""
    tenure = _current_term(decision)
    rules.require_later_term_end(current=tenure.term_end, new=decision.term_end)
    decision.tenure = _change_tenure(
        tenure, "tenure.extended", actor=actor, process_id=decision.process_id, term_end=decision.term_end
    )


def _apply_revocation(decision, *, actor):
    """The tenure the original decision opened ends on the revocation date (never before it began), and the
    original is marked revoked; nothing of its content changes (R8)."""
    original = Decision.objects.select_for_update().get(pk=decision.revokes_id)
    rules.require_can_revoke(original)
    revoked_on = decision.effective_from
    tenure = original.tenure if original.kind in Decision.CREATES_TENURE else None
    if original.kind in Decision.CHANGES_PLANNING:
        # the planning entries it added leave the planning, those it removed come back (revocation_effects)
        from .revocation_effects import undo_planning

        undo_planning(original, decision, actor=actor)
    elif original.kind == Decision.Kind.REAPPOINTMENT:
        # the term it ended comes back, the term it opened is voided (revocation_effects)
        from .revocation_effects import undo_reappointment

        decision.tenure = undo_reappointment(original, decision, actor=actor)
    elif tenure is None:
        # an extension or a non-reappointment: undo what it did to the tenure (revocation_effects)
        from .revocation_effects import undo_on_tenure

        decision.tenure = undo_on_tenure(original, decision, actor=actor)
    else:
        # an appointment: the posts it ended and the planning it fulfilled come back (revocation_effects)
        from .revocation_effects import undo_appointment_effects

        undo_appointment_effects(original, decision, actor=actor)
        tenure = Tenure.objects.select_for_update().get(pk=tenure.pk)
        if tenure.ended_on is None or tenure.ended_on > revoked_on:
            _change_tenure(
                tenure,
                "tenure.ended",
                actor=actor,
                process_id=decision.process_id,
                ended_on=max(revoked_on, tenure.start_date),
                end_reason=Tenure.EndReason.REVOKED,
            )
        decision.tenure = tenure


APPLY = {
    Decision.Kind.APPOINTMENT: _apply_appointment,
    Decision.Kind.ELECTION_RESULT: _apply_appointment,
    Decision.Kind.REAPPOINTMENT: _apply_reappointment,
    Decision.Kind.NON_REAPPOINTMENT: _apply_non_reappointment,
    Decision.Kind.EXTENSION: _apply_extension,
    Decision.Kind.NOMINATION: lambda decision, *, actor: None,
    Decision.Kind.REVOCATION: _apply_revocation,
    # a rotation and the return from it move the cadre as an appointment does (65-QĐ/TW; workflows.rotation)
    Decision.Kind.ROTATION: _apply_appointment,
    Decision.Kind.ROTATION_RETURN: _apply_appointment,
    # a planning decision's entries are written by workflows.planning once it is signed
    Decision.Kind.PLANNING: lambda decision, *, actor: None,
    Decision.Kind.PLANNING_REMOVAL: lambda decision, *, actor: None,
}
