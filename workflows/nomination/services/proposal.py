"""The proposal and the leadership's decision on the personnel plan."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts import permissions
from apps.core.history import acting_as
from apps.core.rules import RuleViolation
from workflows.common.deadlines import working_days_after

from .. import rules
from ..models import Body, NominationCandidate, NominationOutcome, NominationProcess, ReviewDecision
from .common import audit, complete, save

PROPOSE_ACTIONS = ("start_procedure", "review")


def may_propose(user, position):
    """The organisation board or the unit leader in scope proposes (docs/procedures.md §6)."""
    return any(permissions.can(user, action, position) for action in PROPOSE_ACTIONS)


def claimed_seats(position, exclude=None):
    """Seats of `position` other open nomination procedures are filling."""
    qs = NominationProcess.objects.filter(
        position=position, outcome=NominationOutcome.IN_PROGRESS, status="NEW"
    )
    if exclude is not None and exclude.pk:
        qs = qs.exclude(pk=exclude.pk)
    return sum(qs.values_list("seats", flat=True))


def require_political_standards(cadres, position, params, on):
    """R2/H13 — before anything else: nobody is proposed without the competent committee's concluded,
    positive political-standard conclusion. Names every cadre who lacks one."""
    from apps.cadres import eligibility

    problems = []
    for cadre in cadres:
        check = eligibility.check_political_standard(
            eligibility.gather_facts(cadre, position, on), params, on
        )
        if not check.passed:
            problems.append(_("{cadre}: {reason}").format(cadre=cadre, reason=check.reason))
    if problems:
        raise RuleViolation("political_standard", " | ".join(problems))


def _check_proposal(position, body, election_date, seats, cadres, params, actor, today):
    if not may_propose(actor, position):
        permissions.require(actor, "start_procedure", position)
    rules.require_elected_position(position)
    if body not in Body.values:
        raise RuleViolation("bad_body", _("Choose the body to elect."))
    rules.require_seats(seats, position.seats, claimed_seats(position))
    rules.require_election_ahead(election_date, today)
    rules.require_candidates(cadres)
    rules.require_not_own_candidacy(actor, [c.pk for c in cadres])
    rules.require_proposed_surplus(len(cadres), seats, params)
    require_political_standards(cadres, position, params, today)
    # procedures §3: every other registry condition is checked at the listing too, not only at verification
    from apps.cadres import eligibility

    eligibility.require_listable(
        eligibility.listing_standings(cadres, position, params, today, purpose="nomination")
    )


@transaction.atomic
def propose(*, process, task, position, body, election_name, election_date, seats, structure, cadres, actor):
    """The organisation board (or a unit leader) in scope proposes introducing candidates for the election of
    `seats` seats of an elected position: the body, the election, and the proposed names.

    Refused, with nothing written: a position not filled by election, more seats than it has (less those
    another open nomination is filling, R4), an election already past, a list that cannot carry the surplus
    (H19, and R1 when the local rule is on), the proposer's own name (R10), any cadre without a concluded,
    positive political-standard conclusion (R2), and any cadre failing another registry condition of eligibility
    (procedures §3 — age, planning, discipline also under review, declarations…: ``not_eligible_for_listing``). The rule set in force is recorded; the leadership decides the
    personnel plan within ``policy_decision_working_days``.
    """
    from apps.organisation.models import Position
    from apps.rulesets.selectors import rule_set_for

    # the position row only (not the unit or the authority joined in), FOR NO KEY UPDATE: see appointment.propose
    position = (
        Position.objects.select_for_update(of=("self",), no_key=True)
        .select_related("unit", "authority")
        .get(pk=position.pk)
    )
    cadres = list(cadres)
    rule_set = rule_set_for(unit=position.unit)
    params = rule_set.resolve()
    today = timezone.localdate()
    _check_proposal(position, body, election_date, seats, cadres, params, actor, today)

    process.position = position
    process.unit = position.unit
    process.seats = seats
    process.body = body
    process.election_name = election_name.strip()
    process.election_date = election_date
    process.structure = (structure or "").strip()
    process.rule_set = rule_set
    process.rule_snapshot = params.as_snapshot()
    process.started_by = actor
    process.due_on = working_days_after(today, params.policy_decision_working_days, params)
    # The notifications of the next step are written in this transaction, as the step completes: they must
    # already know who the candidates are (R10), before the candidate rows exist.
    process._conflicted_cache = {cadre.pk for cadre in cadres}
    complete(task, actor)
    with acting_as(actor):
        for cadre in cadres:  # one by one: each row gets its history row
            NominationCandidate.objects.create(process=process, cadre=cadre)
    process._conflicted_cache = None
    audit(
        "nomination.proposed",
        process,
        process,
        actor,
        position=position.pk,
        body=body,
        election=process.election_name,
        election_date=election_date.strftime("%d/%m/%Y"),
        seats=seats,
        cadres=[c.pk for c in cadres],
        rule_set=rule_set.code,
    )
    return process


@transaction.atomic
def review_plan(*, process, task, decision, reason, actor):
    """The competent leadership decides the personnel plan: approve (the rounds then have
    ``process_working_days``) or reject with the reason (a closing state)."""
    reason = (reason or "").strip()
    if decision not in (ReviewDecision.APPROVED, ReviewDecision.REJECTED):
        raise RuleViolation("bad_decision", _("Choose approve or reject."))
    if decision == ReviewDecision.REJECTED and not reason:
        raise RuleViolation("reason_required", _("Give the reason for rejecting the personnel plan."))
    if decision == ReviewDecision.APPROVED:
        # another nomination for the same position may have claimed seats while this one waited
        rules.require_seats(
            process.seats, process.position.seats, claimed_seats(process.position, exclude=process)
        )
    process.review_decision = decision
    process.review_reason = reason
    process.reviewed_by = actor
    process.reviewed_at = timezone.now()
    if decision == ReviewDecision.APPROVED:
        process.policy_approved_on = timezone.localdate()
        process.due_on = working_days_after(
            process.policy_approved_on, process.params.process_working_days, process.params
        )
    else:
        process.outcome = NominationOutcome.REJECTED
        process.outcome_reason = reason
    save(process, actor)
    complete(task, actor)
    action = "nomination.plan_approved" if decision == ReviewDecision.APPROVED else "nomination.rejected"
    audit(action, process, process, actor, reason=reason, due_on=process.due_on)
    return process
