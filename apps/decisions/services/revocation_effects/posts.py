"""Undoing a reappointment or an appointment: the term it ended comes back, the one it opened is voided, the posts
it ended are given back."""

from datetime import timedelta

from django.db.models import Q
from django.utils.translation import gettext as _

from apps.audit.services import record
from apps.cadres import rules as cadre_rules
from apps.cadres.models import PlanningEntry, Tenure
from apps.core.history import acting_as
from apps.core.rules import RuleViolation

from .common import _change, _changed_since


def _reappointment_tenures(original):
    """(the tenure the reappointment ended, the tenure it opened), both locked; ``tenure_changed_since`` when
    either has changed since the reappointment."""
    new = (
        Tenure.objects.select_for_update(of=("self",))
        .select_related("cadre", "position__unit")
        .get(pk=original.tenure_id)
    )
    old = (
        Tenure.objects.select_for_update(of=("self",))
        .select_related("cadre", "position__unit")
        .filter(
            Q(ended_by_decision=original)
            | Q(ended_by_decision__isnull=True, end_reason=Tenure.EndReason.REAPPOINTED),
            cadre_id=original.cadre_id,
            position_id=original.position_id,
            seat_number=new.seat_number,
            ended_on=original.effective_from,
        )
        .exclude(pk=new.pk)
        .order_by("-start_date")
        .first()
    )
    if new.ended_on is not None or old is None or old.end_reason != Tenure.EndReason.REAPPOINTED:
        raise _changed_since(original)
    return old, new


def undo_reappointment(original, revocation, *, actor):
    """Revoking a reappointment (see the module docstring): re-open the term it ended and void the one it opened,
    or, once the original term is over, end the new term on the revocation date. Returns the tenure opened by the
    reappointment."""
    revoked_on = revocation.effective_from
    old, new = _reappointment_tenures(original)
    if old.term_end is None or revoked_on < old.term_end:
        _change(
            new,
            "tenure.voided",
            revocation=revocation,
            original=original,
            actor=actor,
            ended_on=new.start_date,
            end_reason=Tenure.EndReason.REVOKED,
        )
        _change(
            old,
            "tenure.reopened",
            revocation=revocation,
            original=original,
            actor=actor,
            ended_on=None,
            end_reason="",
            ended_by_decision_id=None,
        )
    else:
        _change(
            new,
            "tenure.ended",
            revocation=revocation,
            original=original,
            actor=actor,
            ended_on=max(revoked_on, new.start_date),
            end_reason=Tenure.EndReason.REVOKED,
        )
    return new


def _require_seat_free_for(tenure, until):
    """Giving back the post an appointment ended must not over-fill its position (R4) or overlap a successor on
    its seat from its start until `until` (``None``: re-opened)."""
    others = Tenure.objects.filter(position_id=tenure.position_id).exclude(pk=tenure.pk)
    same_seat = others.filter(seat_number=tenure.seat_number).values_list("start_date", "ended_on")
    try:
        cadre_rules.require_no_overlap(tenure.start_date, until, same_seat)
        if until is None:
            cadre_rules.require_free_seats(others.open().count(), tenure.position.seats)
    except RuleViolation:
        raise RuleViolation(
            "seat_filled_since",
            _(
                "The seat of {post} has been filled since the appointment; revoke or end the successor's tenure "
                "before the cadre's previous post can be given back."
            ).format(post=tenure.position.title),
        ) from None


def _give_back_post(original, revocation, tenure):
    """What to do with one post the revoked appointment ended: re-open it, or end it at its own term end."""
    if (
        tenure.end_reason != Tenure.EndReason.APPOINTED_ELSEWHERE
        or tenure.ended_on is None
        or tenure.ended_on != original.effective_from - timedelta(days=1)
    ):
        raise _changed_since(original)
    term_end = tenure.term_end
    if term_end is None or revocation.effective_from < term_end:
        _require_seat_free_for(tenure, None)
        changes = {"ended_on": None, "end_reason": "", "ended_by_decision_id": None}
        return "tenure.reopened", changes
    ended_on = max(term_end, tenure.ended_on)
    _require_seat_free_for(tenure, ended_on)
    changes = {
        "ended_on": ended_on,
        "end_reason": Tenure.EndReason.TERM_EXPIRED,
        "ended_by_decision_id": None,
    }
    return "tenure.end_corrected", changes


def undo_appointment_effects(original, revocation, *, actor):
    """Revoking an appointment gives back the posts it ended and the planning it fulfilled (see the module
    docstring); every check runs before anything is written. Returns the tenures given back."""
    tenures = list(
        Tenure.objects.select_for_update(of=("self",))
        .select_related("cadre", "position__unit")
        .filter(ended_by_decision=original)
        .order_by("start_date", "pk")
    )
    plans = [(tenure, *_give_back_post(original, revocation, tenure)) for tenure in tenures]
    for tenure, action, changes in plans:
        _change(tenure, action, revocation=revocation, original=original, actor=actor, **changes)
    entries = PlanningEntry.objects.select_for_update().filter(
        fulfilled_by_decision=original, status=PlanningEntry.Status.FULFILLED
    )
    for entry in entries:
        entry.status = PlanningEntry.Status.ACTIVE
        entry.fulfilled_on = None
        entry.fulfilled_by_decision = None
        with acting_as(actor):
            entry.save()
        record(
            "planning.reopened",
            entry,
            actor=actor,
            process_id=revocation.process_id,
            data={
                "cadre": entry.cadre_id,
                "position": entry.position_id,
                "term": entry.term,
                "revoked_decision": original.pk,
                "revoked_number": original.number,
                "revocation": revocation.pk,
            },
        )
    return tenures
