"""The planning review's decisions: one signed decision for each addition and each removal."""

from django.db import transaction
from django.utils.translation import gettext as _

from apps.cadres.models import PlanningEntry
from apps.core.history import acting_as
from apps.core.rules import RuleViolation
from workflows.common.services import draft_and_sign

from .. import selectors
from ..models import PlanningLine, PlanningOutcome
from .common import _audit, _today
from .proposal import check_addition

PARTICIPANT_ROLES = {
    "start": "proposer",
    "propose": "proposer",
    "key_officials": "verifier",
    "collective": "verifier",
}


def participants(process, decider):
    rows = []
    tasks = process.task_set.filter(status="DONE", owner__isnull=False).select_related("owner__cadre")
    owners = [(t.owner, PARTICIPANT_ROLES.get(t.flow_task.name)) for t in tasks.order_by("created")]
    owners.append((decider, "decider"))
    seen = set()
    for user, role in owners:
        if role and (user.pk, role) not in seen:
            seen.add((user.pk, role))
            cadre = getattr(user, "cadre", None)
            rows.append((user, role, cadre.current_unit if cadre is not None else process.unit))
    return rows


def _decision(process, line, kind, *, actor, signer, grounds, effective_from, issued_on, reason=""):
    return draft_and_sign(
        process,
        kind=kind,
        cadre=line.cadre,
        actor=actor,
        signer=signer,
        grounds=grounds,
        effective_from=effective_from,
        issued_on=issued_on,
        participants=participants,
        reason=reason,
    )


@transaction.atomic
def decide(*, process, task=None, actor, signer, grounds, effective_from=None, issued_on=None):
    """The leadership signs the planning decisions the collective approved: one per cadre added (a new
    ``PlanningEntry``, approved by it) and one per cadre removed (the entry removed by it, with the reason). The
    entry rules are checked again for each addition at the date of the decision (someone may have been planned
    for the post, or started an appointment, since the proposal). Refuses a list the collective did not approve
    (``not_approved``) and missing grounds (``grounds_required``)."""
    from apps.decisions import rules as decision_rules
    from apps.decisions.models import Decision

    if not process.vote_passed:
        raise RuleViolation(
            "not_approved", _("The leadership collective has not approved the planning list.")
        )
    decision_rules.require_grounds(grounds)
    today = _today()
    effective_from = effective_from or today
    issued_on = issued_on or today
    lines = list(process.lines.select_related("cadre", "entry").order_by("kind", "pk"))
    removed = [line for line in lines if line.proposal == PlanningLine.Proposal.REMOVE]
    added = [line for line in lines if line.proposal == PlanningLine.Proposal.ADD]
    on_post = selectors.planned_for_post(process.position).count() - len(removed)
    for index, line in enumerate(added):
        try:
            check_addition(process, line.cadre, on_post=on_post + index, on=effective_from)
        except RuleViolation as exc:
            raise RuleViolation(exc.code, f"{line.cadre.full_name}: {exc.message}") from None
    written = []
    for line in removed:
        decision = _decision(
            process,
            line,
            Decision.Kind.PLANNING_REMOVAL,
            actor=actor,
            signer=signer,
            grounds=grounds,
            effective_from=effective_from,
            issued_on=issued_on,
            reason=line.reason or ", ".join(line.auto_reasons),
        )
        entry = PlanningEntry.objects.select_for_update().get(pk=line.entry_id)
        if entry.status != PlanningEntry.Status.ACTIVE:
            raise RuleViolation(
                "planning_changed_since",
                _("{name} is no longer in the planning of this post.").format(name=line.cadre.full_name),
            )
        entry.status = PlanningEntry.Status.REMOVED
        entry.removed_on = effective_from
        entry.removed_reason = (line.reason or ", ".join(line.auto_reasons))[:300]
        entry.removed_by_decision = decision
        with acting_as(actor):
            entry.save()
            line.decision = decision
            line.save(update_fields=["decision"])
        _audit("planning.removed", entry, process, actor, cadre=entry.cadre_id, decision=decision.pk)
        written.append(decision)
    for line in added:
        decision = _decision(
            process,
            line,
            Decision.Kind.PLANNING,
            actor=actor,
            signer=signer,
            grounds=grounds,
            effective_from=effective_from,
            issued_on=issued_on,
        )
        with acting_as(actor):
            entry = PlanningEntry.objects.create(
                cadre=line.cadre,
                position=process.position,
                term=process.term,
                approved_on=effective_from,
                approved_by_decision=decision,
            )
            line.entry = entry
            line.decision = decision
            line.save(update_fields=["entry", "decision"])
        _audit("planning.added", entry, process, actor, cadre=entry.cadre_id, decision=decision.pk)
        written.append(decision)
    process.outcome = PlanningOutcome.APPROVED
    process.outcome_reason = _("{n} planning decision(s) signed").format(n=len(written))
    with acting_as(actor):
        process.save(update_fields=["outcome", "outcome_reason"])
    _audit(
        "planning.decided",
        process,
        process,
        actor,
        decisions=[d.pk for d in written],
        added=[line.cadre_id for line in added],
        removed=[line.cadre_id for line in removed],
    )
    return written
