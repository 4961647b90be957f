"""What revoking a decision that did not open a tenure does to the tenure it acted on (R8, H16, H21).

A revocation takes effect on its date (``revoked_on``) and is not retroactive: what the cadre did under the revoked
decision before that date stays valid, as for a revoked appointment, whose tenure ends on the revocation date.

* **Extension of the term to retirement** (docs/procedures.md §5, ND 138 Đ.53): the term end goes back to the one the
  extension replaced. If the original term had already ended by the revocation date, the cadre held the post only
  because of the extension, so the tenure ends on the revocation date (end reason "revoked"); otherwise it runs on
  to the original term end, and the reappointment / extension question is for the competent authority again.
* **Non-reappointment** (docs/procedures.md §5, H16): the decision that the term would not be renewed is void. If the
  term has not ended by the revocation date, the tenure is open again until its planned term end, the question of
  reappointment is open again, and the organisation board of the unit is told so that it opens a new reappointment
  procedure; if the term has already ended, it ended because it expired (end reason "term expired"), not because of
  the revoked decision — putting the cadre back in post takes a new decision (117-QĐ/TW restores rights by a new act).
* **Reappointment** (docs/procedures.md §5; issue 9 §4): revocation restores exactly the state before the decision. While
  the original term still runs on the revocation date, the tenure the reappointment ended is re-opened with its
  term end (the cadre is still in post under the original term, the seat is held, not vacant) and the tenure it
  opened is voided: it ends on the day it started (end reason "revoked"), so it never held the seat. Once the
  original term had ended, the cadre held the post only because of the reappointment: the new tenure ends on the
  revocation date, as a revoked appointment's does, and the old one stays as it ended.
* **Appointment to another post** (docs/procedures.md §1–§2): besides the appointment's own tenure (ended on the
  revocation date by ``tenures._apply_revocation``), the posts it ended the day before it took effect come back:
  a tenure still running its term on the revocation date is re-opened (its seat must still be free:
  ``seat_filled_since``); one whose term ended by then ends at its term end (end reason "term expired"). The
  cadre's planning entries it fulfilled are in the planning again. A tenure changed since the appointment ended
  it is refused (``tenure_changed_since``).

Refused, with nothing changed: a tenure changed since the decision (``tenure_changed_since``: e.g. extended again
or ended for another reason), a term end before the extension that cannot be found in the tenure's history
(``previous_term_unknown``), and re-opening a tenure whose seat has been filled since (``seat_filled_since``:
revoke or end the successor's tenure first). Every effect is an audit entry on the revocation procedure.
"""

from datetime import timedelta

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from apps.accounts import permissions
from apps.audit.services import record
from apps.cadres import rules as cadre_rules
from apps.cadres import services as cadre_services
from apps.cadres.models import PlanningEntry, Tenure
from apps.core.history import acting_as
from apps.core.rules import RuleViolation
from apps.notifications.models import Kind
from apps.notifications.services import notify_users_with_permission

from ..models import Decision


def _day(value):
    return value.strftime("%d/%m/%Y") if value else ""


def _changed_since(original):
    return RuleViolation(
        "tenure_changed_since",
        _(
            "The tenure that decision {number} acted on has changed since; revoke or correct the later change first."
        ).format(number=original.number),
    )


def _change(tenure, action, *, revocation, original, actor, **changes):
    """Set `changes` on the tenure (validated as the registry does), with its history row and an audit entry that
    names the revoked decision and carries the revocation procedure."""
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
        process_id=revocation.process_id,
        data={
            **{name: [before[name], value] for name, value in changes.items()},
            "cadre": tenure.cadre_id,
            "revoked_decision": original.pk,
            "revoked_number": original.number,
            "revocation": revocation.pk,
        },
    )
    return tenure


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
            N_("Reappointment to decide again: {cadre}, {position}"),
            cadre=tenure.cadre.full_name,
            position=tenure.position.title,
        ),
        body=Text(
            N_(
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


def _planning_change(entry, *, revocation, original, actor, action, **changes):
    before = {name: getattr(entry, name) for name in changes}
    for name, value in changes.items():
        setattr(entry, name, value)
    with acting_as(actor):
        entry.save()
    record(
        action,
        entry,
        actor=actor,
        process_id=revocation.process_id,
        data={
            **{name: [before[name], value] for name, value in changes.items()},
            "cadre": entry.cadre_id,
            "position": entry.position_id,
            "term": entry.term,
            "revoked_decision": original.pk,
            "revoked_number": original.number,
            "revocation": revocation.pk,
        },
    )


def undo_planning(original, revocation, *, actor):
    """Revoking a planning decision (workflows.planning; 377-QĐ/TW) restores the planning as it was before it: the
    entries it added leave the planning on the revocation date, the entries it removed are in the planning again.
    Refused, with nothing changed: an entry it added that has since been fulfilled by an appointment
    (``planning_changed_since``: revoke the appointment first), and putting an entry back where the post or the
    cadre has since reached the planning limits (``planning_limit_post`` / ``planning_limit_person``, H18)."""
    from apps.cadres.eligibility import require_planning_limits

    revoked_on = revocation.effective_from
    params = revocation.rule_set.resolve(revoked_on) if revocation.rule_set_id else None
    if original.kind == Decision.Kind.PLANNING:
        entries = list(PlanningEntry.objects.select_for_update().filter(approved_by_decision=original))
        if any(e.status == PlanningEntry.Status.FULFILLED for e in entries):
            raise RuleViolation(
                "planning_changed_since",
                _("The cadre has since been appointed to the planned post; revoke that appointment first."),
            )
        for entry in entries:
            if entry.status == PlanningEntry.Status.ACTIVE:
                _planning_change(
                    entry,
                    revocation=revocation,
                    original=original,
                    actor=actor,
                    action="planning.removed",
                    status=PlanningEntry.Status.REMOVED,
                    removed_on=max(revoked_on, entry.approved_on),
                    removed_reason=_("Decision {number} revoked").format(number=original.number),
                )
        return entries
    entries = list(
        PlanningEntry.objects.select_for_update()
        .select_related("position__unit")
        .filter(removed_by_decision=original, status=PlanningEntry.Status.REMOVED)
    )
    for entry in entries:
        if params is not None:
            active = PlanningEntry.objects.filter(status=PlanningEntry.Status.ACTIVE)
            require_planning_limits(
                active.filter(position_id=entry.position_id).count(),
                active.filter(
                    cadre_id=entry.cadre_id, position__unit__level_id=entry.position.unit.level_id
                ).count(),
                params.planning_max_per_post,
                params.planning_max_posts_per_person,
            )
        _planning_change(
            entry,
            revocation=revocation,
            original=original,
            actor=actor,
            action="planning.reopened",
            status=PlanningEntry.Status.ACTIVE,
            removed_on=None,
            removed_reason="",
            removed_by_decision=None,
        )
    return entries
