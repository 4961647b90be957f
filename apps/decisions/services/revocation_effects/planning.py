"""Undoing a planning decision: the entries it added leave the planning, those it removed come back."""

from django.utils.translation import gettext as _

from apps.audit.services import record
from apps.cadres.models import PlanningEntry
from apps.core.history import acting_as
from apps.core.rules import RuleViolation

from ...models import Decision


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
