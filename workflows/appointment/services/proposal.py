"""The appointment's proposal and policy decision (chủ trương): propose, review, revise; the seats they claim."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts import permissions
from apps.core.rules import RuleViolation
from workflows.common.deadlines import working_days_after
from workflows.common.services import audit as _audit
from workflows.common.services import complete as _complete
from workflows.common.services import save as _save

from .. import rules
from ..models import AppointmentCandidate, AppointmentProcess, PolicyDecision
from ..models import AppointmentOutcome as Outcome


def vacancies_for(position, exclude_process=None):
    """(vacant seats, seats claimed by other open appointment procedures) of `position`. A procedure claims the
    seats it was opened for less its winners already settled: an appointed winner holds a tenure (no longer
    vacant), a dropped one gives the seat back."""
    from django.db.models import Count, Q

    from apps.organisation.models import Position

    vacancies = (
        Position.objects.with_vacancies().filter(pk=position.pk).values_list("vacancies", flat=True).get()
    )
    claimed_qs = AppointmentProcess.objects.filter(
        position=position, outcome=Outcome.IN_PROGRESS, status="NEW"
    ).annotate(
        settled=Count("candidates", filter=Q(candidates__status__in=AppointmentCandidate.SETTLED_STATUSES))
    )
    if exclude_process is not None and exclude_process.pk:
        claimed_qs = claimed_qs.exclude(pk=exclude_process.pk)
    claimed = sum(max(seats - settled, 0) for seats, settled in claimed_qs.values_list("seats", "settled"))
    return vacancies, claimed


@transaction.atomic
def propose(*, process, task, position, seats, source, job_needs, criteria, actor):
    """A unit leader proposes filling vacant seat(s) of a position of their unit (R4: the job decides the person).

    Records the rule set in force and its values; the policy decision is due within
    ``policy_decision_working_days`` (ND 170 Đ.33 k.1).
    """
    from apps.organisation.models import Position
    from apps.rulesets.selectors import rule_set_for

    # Lock the position row only, FOR NO KEY UPDATE: the unit joined in must stay free for the key-share locks
    # that other audited writes take at COMMIT (their foreign keys), or they deadlock on the audit lock (issue 13).
    position = (
        Position.objects.select_for_update(of=("self",), no_key=True)
        .select_related("unit")
        .get(pk=position.pk)
    )
    permissions.require(actor, "start_procedure", position)
    vacancies, claimed = vacancies_for(position)
    rules.require_vacancies(vacancies, claimed, seats)
    rule_set = rule_set_for(unit=position.unit)
    params = rule_set.resolve()
    today = timezone.localdate()

    process.position = position
    process.unit = position.unit
    process.seats = seats
    process.source = source
    process.job_needs = job_needs
    process.criteria = criteria
    process.rule_set = rule_set
    process.rule_snapshot = params.as_snapshot()
    process.started_by = actor
    process.due_on = working_days_after(today, params.policy_decision_working_days, params)
    _complete(task, actor)
    _audit(
        "appointment.proposed",
        process,
        process,
        actor,
        position=position.pk,
        seats=seats,
        source=source,
        rule_set=rule_set.code,
        policy_due=process.due_on,
    )
    return process


@transaction.atomic
def review_policy(*, process, task, decision, reason, actor):
    """The organisation board decides the policy (chủ trương, H7): approve (the procedure then has
    ``process_working_days`` to finish), return to the proposer with the reason, or reject (closing state)."""
    rules.require_reason(decision, reason, needs_reason={PolicyDecision.RETURNED, PolicyDecision.REJECTED})
    if decision not in (PolicyDecision.APPROVED, PolicyDecision.RETURNED, PolicyDecision.REJECTED):
        raise RuleViolation("bad_decision", _("Choose approve, return or reject."))
    if decision == PolicyDecision.APPROVED:
        # the seat may have been filled or claimed while the proposal waited
        vacancies, claimed = vacancies_for(process.position, exclude_process=process)
        rules.require_vacancies(vacancies, claimed, process.seats)
    now = timezone.now()
    process.policy_decision = decision
    process.policy_reason = reason.strip()
    process.policy_decided_by = actor
    process.policy_decided_at = now
    if decision == PolicyDecision.APPROVED:
        process.policy_approved_on = timezone.localdate()
        process.due_on = working_days_after(
            process.policy_approved_on, process.params.process_working_days, process.params
        )
    elif decision == PolicyDecision.RETURNED:
        process.return_count += 1
    else:
        process.outcome = Outcome.REJECTED
        process.outcome_reason = reason.strip()
    _save(process, actor)
    _complete(task, actor)
    action = {
        PolicyDecision.APPROVED: "appointment.policy_approved",
        PolicyDecision.RETURNED: "appointment.policy_returned",
        PolicyDecision.REJECTED: "appointment.rejected",
    }[decision]
    _audit(action, process, process, actor, reason=process.policy_reason, due_on=process.due_on)
    return process


@transaction.atomic
def revise_proposal(*, process, task, job_needs, criteria, seats, note, actor):
    """The proposer revises a returned proposal; it goes back to the organisation board for review."""
    vacancies, claimed = vacancies_for(process.position, exclude_process=process)
    rules.require_vacancies(vacancies, claimed, seats)
    process.job_needs = job_needs
    process.criteria = criteria
    process.seats = seats
    process.policy_decision = PolicyDecision.PENDING
    _save(process, actor)
    _complete(task, actor)
    _audit("appointment.revised", process, process, actor, seats=seats, note=note)
    return process
