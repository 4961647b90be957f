"""The step runner (``workflows.common.runner``): the one way a step is done, from a page or from code.

Start and run a step as the allowed user; the refusals (no permission, out of scope, assigned to someone else,
already done) change nothing; a service's refusal rolls back the claim the runner made for it; the forms of
``submit``; claim and release; two calls on one task at the same moment (PostgreSQL): one wins."""

import pytest
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db import connection
from django.http import Http404
from viewflow.workflow.status import STATUS

from apps.audit.models import AuditEntry
from apps.core.rules import RuleViolation
from tests.concurrency import run_at_once
from workflows.appointment.flows import AppointmentFlow
from workflows.appointment.models import AppointmentProcess, PolicyDecision
from workflows.common import runner

PROPOSAL = {"seats": 1, "source": "internal", "job_needs": "Phụ trách tổ chức", "criteria": "Đủ tiêu chuẩn"}


def _propose(leader, position):
    return runner.start(AppointmentFlow, actor=leader, position=position, **PROPOSAL)


def _review_task(process):
    return runner.open_task(process, AppointmentFlow.policy_review)


def _tasks(process):
    return list(process.task_set.order_by("pk").values_list("pk", "status", "owner_id", "assigned"))


@pytest.mark.django_db
def test_start_runs_the_start_step_as_the_actor(leader_a, position):
    process = _propose(leader_a, position)
    assert isinstance(process, AppointmentProcess) and process.pk
    process.refresh_from_db()
    assert (process.position, process.started_by, process.seats) == (position, leader_a, 1)
    start_task = process.task_set.get(flow_task=AppointmentFlow.start)
    assert (start_task.status, start_task.owner) == (STATUS.DONE, leader_a)
    assert _review_task(process).status == STATUS.NEW
    entry = AuditEntry.objects.get(process_id=process.pk, action="appointment.proposed")
    assert entry.actor == leader_a


@pytest.mark.django_db
def test_start_is_refused_to_whoever_may_not_start(reviewer, leader_b, position):
    with pytest.raises(PermissionDenied):
        _propose(reviewer, position)  # the board starts no appointment (node check)
    with pytest.raises(Http404):
        _propose(leader_b, position)  # a leader of another unit: the post is out of their scope (service)
    assert not AppointmentProcess.objects.exists()
    assert not AuditEntry.objects.filter(action="appointment.proposed").exists()


@pytest.mark.django_db
def test_run_step_assigns_starts_and_completes_a_free_task(leader_a, reviewer, position):
    process = _propose(leader_a, position)
    task = _review_task(process)
    result = runner.run_step(task, actor=reviewer, decision=PolicyDecision.APPROVED, reason="")
    assert result.pk == process.pk
    task.refresh_from_db()
    assert (task.status, task.owner) == (STATUS.DONE, reviewer)
    assert task.assigned is not None and task.started is not None
    process.refresh_from_db()
    assert process.policy_decision == PolicyDecision.APPROVED
    assert runner.open_task(process, AppointmentFlow.nominate).status == STATUS.NEW
    entry = AuditEntry.objects.get(process_id=process.pk, action="appointment.policy_approved")
    assert entry.actor == reviewer


@pytest.mark.django_db
def test_run_step_refuses_without_the_steps_permission_and_changes_nothing(
    leader_a, reviewer_b, inspector, position
):
    process = _propose(leader_a, position)
    task = _review_task(process)
    before = _tasks(process)
    for user in (leader_a, reviewer_b, inspector):  # not the board; the board of another unit; reads only
        with pytest.raises(PermissionDenied):
            runner.run_step(task, actor=user, decision=PolicyDecision.APPROVED, reason="")
    assert _tasks(process) == before
    process.refresh_from_db()
    assert process.policy_decision == PolicyDecision.PENDING


@pytest.mark.django_db
def test_run_step_refuses_a_task_assigned_to_someone_else(leader_a, reviewer, position, admin_user):
    from apps.accounts.models import Role
    from apps.accounts.services import grant_role
    from tests.factories import UserFactory

    colleague = UserFactory(username="colleague")
    grant_role(
        user=colleague, role=Role.ORG_BOARD, unit=position.unit, include_descendants=True, actor=admin_user
    )
    process = _propose(leader_a, position)
    task = runner.claim(_review_task(process), actor=reviewer)
    with pytest.raises(PermissionDenied):
        runner.run_step(task, actor=colleague, decision=PolicyDecision.APPROVED, reason="")
    task.refresh_from_db()
    assert (task.status, task.owner) == (STATUS.ASSIGNED, reviewer)


@pytest.mark.django_db
def test_a_done_task_is_taken(leader_a, reviewer, position):
    process = _propose(leader_a, position)
    task = _review_task(process)
    runner.run_step(task, actor=reviewer, decision=PolicyDecision.APPROVED, reason="")
    with pytest.raises(RuleViolation) as exc:
        runner.run_step(task, actor=reviewer, decision=PolicyDecision.REJECTED, reason="late")
    assert exc.value.rule_code == "task_taken"
    assert AuditEntry.objects.filter(process_id=process.pk, action="appointment.rejected").count() == 0


@pytest.mark.django_db
def test_a_refused_service_rolls_back_the_claim_too(leader_a, reviewer, position):
    process = _propose(leader_a, position)
    task = _review_task(process)
    before = _tasks(process)
    with pytest.raises(RuleViolation) as exc:
        runner.run_step(task, actor=reviewer, decision=PolicyDecision.RETURNED, reason="  ")
    assert exc.value.rule_code == "reason_required"
    assert _tasks(process) == before  # still free: the runner's assignment went with the refusal


@pytest.mark.django_db
def test_submit_validates_the_steps_form(leader_a, reviewer, position):
    process = _propose(leader_a, position)
    task = _review_task(process)
    with pytest.raises(runner.StepInvalid) as exc:
        runner.submit(task, actor=reviewer, data={"decision": "maybe"})
    assert "decision" in exc.value.errors
    assert _review_task(process).status == STATUS.NEW
    runner.submit(task, actor=reviewer, data={"decision": "returned", "reason": "Thiếu tiêu chuẩn"})
    process.refresh_from_db()
    assert process.policy_decision == PolicyDecision.RETURNED
    revise = runner.open_task(process, AppointmentFlow.revise)
    assert (revise.status, revise.owner) == (STATUS.ASSIGNED, leader_a)


@pytest.mark.django_db
def test_submit_start_validates_the_start_form(leader_a, position):
    with pytest.raises(runner.StepInvalid) as exc:
        runner.submit_start(
            AppointmentFlow, actor=leader_a, data={**PROPOSAL, "position": position.pk, "seats": 0}
        )
    assert "seats" in exc.value.errors
    assert not AppointmentProcess.objects.exists()
    process = runner.submit_start(AppointmentFlow, actor=leader_a, data={**PROPOSAL, "position": position.pk})
    assert process.position_id == position.pk


@pytest.mark.django_db
def test_claim_and_release(leader_a, reviewer, position):
    process = _propose(leader_a, position)
    with pytest.raises(PermissionDenied):
        runner.claim(_review_task(process), actor=leader_a)
    task = runner.claim(_review_task(process), actor=reviewer)
    assert (task.status, task.owner) == (STATUS.ASSIGNED, reviewer)
    runner.release(task, actor=reviewer)
    task.refresh_from_db()
    assert (task.status, task.owner) == (STATUS.NEW, None)


@pytest.mark.parametrize(
    "flow_path",
    [
        "workflows.appointment.flows.AppointmentFlow",
        "workflows.nomination.flows.NominationFlow",
        "workflows.reappointment.flows.ReappointmentFlow",
        "workflows.revocation.flows.RevocationFlow",
        "workflows.planning.flows.PlanningFlow",
        "workflows.rotation.flows.RotationFlow",
    ],
)
def test_every_human_step_of_every_flow_is_declared_once(flow_path):
    from django.utils.module_loading import import_string

    from workflows.common.nodes import Start, View

    flow_class = import_string(flow_path)
    human = {n.name for n in flow_class.instance.nodes() if isinstance(n, (Start, View))}
    declared = [s.code for s in runner.steps_of(flow_class)]
    assert sorted(declared) == sorted(human)
    for step in runner.steps_of(flow_class):
        assert step.node is getattr(flow_class, step.code) and callable(step.service)
        assert step.form_class is not None  # every step has the form its page shows


def test_a_step_knows_its_node_and_title():
    step = runner.step_for(AppointmentFlow.internal_3_collective)
    assert (step.code, step.extra, step.title) == (
        "internal_3_collective",
        {"step_index": 2},
        AppointmentFlow.internal_3_collective.task_title,
    )


@pytest.mark.django_db
def test_complete_outside_the_runner_is_refused(leader_a, position):
    process = _propose(leader_a, position)
    with pytest.raises(ImproperlyConfigured):
        runner.complete(_review_task(process), leader_a)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_threads_completing_one_task_one_wins(leader_a, reviewer, position):
    if connection.vendor != "postgresql":
        pytest.fail("this test needs PostgreSQL: run it with DATABASE_URL=postgres://…")
    process = _propose(leader_a, position)
    task = _review_task(process)

    def decide(decision):
        return lambda: runner.run_step(task, actor=reviewer, decision=decision, reason="x")

    outcomes = run_at_once(decide(PolicyDecision.APPROVED), decide(PolicyDecision.REJECTED))
    errors = [exc for _, exc in outcomes if exc is not None]
    assert len(errors) == 1, outcomes
    assert isinstance(errors[0], RuleViolation) and errors[0].rule_code == "task_taken"
    assert process.task_set.filter(flow_task=AppointmentFlow.policy_gate).count() == 1
    decided = AuditEntry.objects.filter(
        process_id=process.pk, action__in=["appointment.policy_approved", "appointment.rejected"]
    )
    assert decided.count() == 1


@pytest.mark.django_db
def test_submit_validates_a_conference_step_as_its_page_does(leader_a, reviewer, position, unit_a):
    from tests.appointment.conftest import make_eligible

    process = _propose(leader_a, position)
    runner.run_step(_review_task(process), actor=reviewer, decision=PolicyDecision.APPROVED, reason="")
    cadres = [make_eligible(unit_a, position), make_eligible(unit_a, position)]
    runner.run_step(runner.open_task(process, AppointmentFlow.nominate), actor=reviewer, cadres=cadres)
    task = runner.open_task(process, AppointmentFlow.internal_1_collective)
    form = runner.step_for(task).form(process, reviewer)
    assert "held_on" in form.form.fields  # the conference form and its tallies, as the page shows them
    with pytest.raises(runner.StepInvalid) as exc:
        runner.submit(task, actor=reviewer, data={"present": "-1"})
    assert {"held_on", "present"} <= set(exc.value.errors)
    assert runner.open_task(process, AppointmentFlow.internal_1_collective).status == STATUS.NEW
