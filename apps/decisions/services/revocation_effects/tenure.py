"""Undoing an extension or a non-reappointment: the tenure's term as it was, the seat checked free again, the board
told."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from apps.accounts import permissions
from apps.cadres import rules as cadre_rules
from apps.cadres.models import Tenure
from apps.core.rules import RuleViolation
from apps.notifications.models import Kind
from apps.notifications.services import notify_users_with_permission

from ...models import Decision
from .common import _change, _changed_since, _day


def term_end_before_extension(tenure, extended_to):
    """The term end the tenure had right before it was moved to `extended_to` (from its history), or ``None``."""
    versions = tenure.history.order_by("history_date", "history_id").values_list("term_end", flat=True)
    previous, found = None, None
    for term_end in versions:
        if term_end == extended_to and previous is not None and previous != extended_to:
            found = previous
        previous = term_end
    return found


def _undo_extension(original, revocation, tenure, *, actor):
    revoked_on = revocation.effective_from
    if tenure.term_end != original.term_end:
        raise _changed_since(original)
    term_end = term_end_before_extension(tenure, original.term_end)
    if term_end is None:
        raise RuleViolation(
            "previous_term_unknown",
            _("The term end before extension {number} cannot be found in the tenure's history.").format(
                number=original.number
            ),
        )
    _change(
        tenure,
        "tenure.term_restored",
        revocation=revocation,
        original=original,
        actor=actor,
        term_end=term_end,
    )
    held_on_extension_only = term_end < revoked_on
    if held_on_extension_only and (tenure.ended_on is None or tenure.ended_on > revoked_on):
        _change(
            tenure,
            "tenure.ended",
            revocation=revocation,
            original=original,
            actor=actor,
            ended_on=max(revoked_on, tenure.start_date),
            end_reason=Tenure.EndReason.REVOKED,
        )


def _require_seat_free_again(tenure):
    """Re-opening the tenure must not over-fill the position (R4) or overlap a successor on its seat."""
    others = Tenure.objects.filter(position_id=tenure.position_id).exclude(pk=tenure.pk)
    same_seat = others.filter(seat_number=tenure.seat_number).values_list("start_date", "ended_on")
    try:
        cadre_rules.require_no_overlap(tenure.start_date, None, same_seat)
        cadre_rules.require_free_seats(others.open().count(), tenure.position.seats)
    except RuleViolation:
        raise RuleViolation(
            "seat_filled_since",
            _(
                "The seat has been filled since the non-reappointment; revoke or end the successor's tenure "
                "before this tenure can be re-opened."
            ),
        ) from None


def _notify_board(tenure, revocation):
    from apps.notifications.texts import Text

    unit = tenure.position.unit
    notify_users_with_permission(
        permissions.ORG_BOARD,
        unit,
        Kind.SYSTEM,
        title=Text(
            gettext_noop("Reappointment to decide again: {cadre}, {position}"),
            cadre=tenure.cadre.full_name,
            position=tenure.position.title,
        ),
        body=Text(
            gettext_noop(
                "Decision {number} revoked the non-reappointment; the term runs until {term_end}. "
                "Open a new reappointment procedure for this tenure."
            ),
            number=revocation.number or "",
            term_end=_day(tenure.term_end),
        ),
        dedupe_key=f"revocation:{revocation.pk}:reappointment",
    )


def _undo_non_reappointment(original, revocation, tenure, *, actor):
    revoked_on = revocation.effective_from
    if tenure.end_reason != Tenure.EndReason.NOT_REAPPOINTED or tenure.ended_on is None:
        raise _changed_since(original)
    planned_end = tenure.term_end or tenure.ended_on
    if revoked_on < planned_end:
        _require_seat_free_again(tenure)
        _change(
            tenure,
            "tenure.reopened",
            revocation=revocation,
            original=original,
            actor=actor,
            ended_on=None,
            end_reason="",
        )
        _notify_board(tenure, revocation)
    else:
        _change(
            tenure,
            "tenure.end_corrected",
            revocation=revocation,
            original=original,
            actor=actor,
            end_reason=Tenure.EndReason.TERM_EXPIRED,
        )


UNDO = {
    Decision.Kind.EXTENSION: _undo_extension,
    Decision.Kind.NON_REAPPOINTMENT: _undo_non_reappointment,
}


def undo_on_tenure(original, revocation, *, actor):
    """Apply the revocation of `original` (an extension or a non-reappointment) to the tenure it acted on; returns
    the tenure, or ``None`` for a kind that acted on none (a nomination)."""
    undo = UNDO.get(original.kind)
    if undo is None or original.tenure_id is None:
        return None
    tenure = (
        Tenure.objects.select_for_update(of=("self",))
        .select_related("cadre", "position__unit")
        .get(pk=original.tenure_id)
    )
    undo(original, revocation, tenure, actor=actor)
    return tenure
