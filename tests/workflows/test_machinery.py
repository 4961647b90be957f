"""The shared procedure machinery, exercised through the appointment flow: Viewflow's gaps fixed (revive keeps the
permission, ``Task.assigned`` recorded), step URLs guarded, reassignment, comments, attachments, deadlines,
withdrawal."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from viewflow.workflow.status import PROCESS, STATUS

from apps.accounts.models import Role
from apps.accounts.services import grant_role
from apps.audit.models import AuditEntry
from apps.core.rules import RuleViolation
from apps.core.workdays import add_working_days
from tests.appointment.helpers import claim_and_execute, latest_process, open_task, propose
from tests.factories import UserFactory
from workflows.appointment.flows import AppointmentFlow
from workflows.appointment.models import AppointmentOutcome as Outcome
from workflows.common import services
from workflows.common.models import StepAttachment, StepComment, TaskDeadline

pytestmark = pytest.mark.django_db


@pytest.fixture
def process(client_for, leader_a, position):
    assert propose(client_for(leader_a), position).status_code == 302
    return latest_process()


@pytest.fixture
def reviewer2(province, admin_user):
    user = UserFactory(username="reviewer2")
    grant_role(user=user, role=Role.ORG_BOARD, unit=province, include_descendants=True, actor=admin_user)
    return user


def test_claiming_records_task_assigned(client_for, reviewer, process):
    task = open_task(process, AppointmentFlow.policy_review)
    assert task.assigned is None
    client_for(reviewer).post(task.flow_task.reverse("assign", args=[process.pk, task.pk]))
    task.refresh_from_db()
    assert task.owner == reviewer and task.assigned is not None


def test_a_revived_task_keeps_its_permission(process):
    task = open_task(process, AppointmentFlow.policy_review)
    with task.activation() as activation:
        activation.cancel()
    with task.activation() as activation:
        new_task = activation.revive()
    assert new_task.owner_permission == "organisation.act_org_board"
    assert new_task.owner_permission_obj == process.unit


def test_a_step_cannot_be_completed_through_another_steps_url(client_for, reviewer, process):
    task = open_task(process, AppointmentFlow.policy_review)
    board = client_for(reviewer)
    board.post(task.flow_task.reverse("assign", args=[process.pk, task.pk]))
    # the verification URL with the policy task's id, and the policy URL under another process id: both unknown
    skip = AppointmentFlow.verification.reverse("execute", args=[process.pk, task.pk])
    assert board.post(skip, {"confirm": "on"}).status_code == 404
    wrong_process = AppointmentFlow.policy_review.reverse("execute", args=[process.pk + 1000, task.pk])
    assert board.post(wrong_process, {"decision": "approved"}).status_code == 404
    process.refresh_from_db()
    assert process.policy_decision == "" and open_task(process, AppointmentFlow.policy_review).pk == task.pk


def test_a_second_completion_of_a_completed_step_is_refused_cleanly(client_for, reviewer, process):
    board = client_for(reviewer)
    claim_and_execute(board, process, AppointmentFlow.policy_review, {"decision": "approved"})
    task = process.task_set.get(flow_task=AppointmentFlow.policy_review)
    before = process.task_set.count(), AuditEntry.objects.count()
    response = board.post(
        task.flow_task.reverse("execute", args=[process.pk, task.pk]), {"decision": "rejected", "reason": "x"}
    )
    assert response.status_code == 403
    process.refresh_from_db()
    assert process.policy_decision == "approved" and process.outcome == Outcome.IN_PROGRESS
    assert (process.task_set.count(), AuditEntry.objects.count()) == before


def test_reassign_by_a_board_reviewer_to_someone_holding_the_permission(
    client_for, reviewer, reviewer2, leader_a, process
):
    task = open_task(process, AppointmentFlow.policy_review)
    url = AppointmentFlow.instance.reverse("task_reassign", args=[process.pk, task.pk])
    response = client_for(reviewer).get(url)
    assert response.status_code == 200
    offered = list(response.context["form"].fields["user"].queryset)
    assert reviewer2 in offered and leader_a not in offered
    response = client_for(reviewer).post(url, {"user": reviewer2.pk, "reason": "Nghỉ phép"})
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.owner == reviewer2 and task.status == STATUS.ASSIGNED and task.assigned is not None
    entry = AuditEntry.objects.get(action="task.reassigned")
    assert entry.process_id == process.pk and entry.data["to"] == "reviewer2"
    # and reassigning an assigned task again works (Viewflow's reassign transition)
    services.reassign_task(task=task, to_user=reviewer, actor=reviewer2)
    task.refresh_from_db()
    assert task.owner == reviewer


def test_reassign_refuses_a_user_without_the_steps_permission_and_non_board_users(
    client_for, reviewer, leader_a, process
):
    task = open_task(process, AppointmentFlow.policy_review)
    with pytest.raises(RuleViolation) as exc:
        services.reassign_task(task=task, to_user=leader_a, actor=reviewer)
    assert exc.value.rule_code == "assignee_not_permitted"
    url = AppointmentFlow.instance.reverse("task_reassign", args=[process.pk, task.pk])
    assert client_for(leader_a).get(url).status_code == 403
    task.refresh_from_db()
    assert task.owner is None
    assert not AuditEntry.objects.filter(action="task.reassigned").exists()


def test_release_returns_a_claimed_task_to_the_queue(client_for, reviewer, process):
    task = open_task(process, AppointmentFlow.policy_review)
    board = client_for(reviewer)
    board.post(task.flow_task.reverse("assign", args=[process.pk, task.pk]))
    assert board.post(task.flow_task.reverse("unassign", args=[process.pk, task.pk])).status_code == 302
    task.refresh_from_db()
    assert task.status == STATUS.NEW and task.owner is None and task.assigned is None


def test_comments_and_attachments_on_the_process_page(client_for, reviewer, process):
    board = client_for(reviewer)
    url = AppointmentFlow.instance.reverse("process_comment", args=[process.pk])
    assert board.post(url, {"text": "Đề nghị bổ sung hồ sơ"}).status_code == 302
    assert StepComment.objects.get(process_id=process.pk).author == reviewer
    attach = AppointmentFlow.instance.reverse("process_attach", args=[process.pk])
    pdf = SimpleUploadedFile("to_trinh.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    assert board.post(attach, {"kind": "to_trinh", "file": pdf}).status_code == 302
    attachment = StepAttachment.objects.get(process_id=process.pk)
    assert attachment.kind == "to_trinh" and attachment.size == len(b"%PDF-1.4 test")
    page = board.get(AppointmentFlow.instance.reverse("process_detail", args=[process.pk]))
    assert page.status_code == 200
    assert "Đề nghị bổ sung hồ sơ" in page.content.decode() and "to_trinh.pdf" in page.content.decode()
    download = board.get(
        AppointmentFlow.instance.reverse("attachment_download", args=[process.pk, attachment.pk])
    )
    assert download.status_code == 200
    actions = set(AuditEntry.objects.filter(process_id=process.pk).values_list("action", flat=True))
    assert {"step.commented", "step.attachment_added"} <= actions


def test_an_executable_or_oversized_attachment_is_refused(client_for, reviewer, process, settings):
    board = client_for(reviewer)
    attach = AppointmentFlow.instance.reverse("process_attach", args=[process.pk])
    board.post(attach, {"kind": "other", "file": SimpleUploadedFile("virus.exe", b"MZ")})
    settings.MAX_ATTACHMENT_BYTES = 1024
    board.post(attach, {"kind": "other", "file": SimpleUploadedFile("big.pdf", b"x" * 2048)})
    assert not StepAttachment.objects.exists()


def test_due_dates_follow_the_rule_set(client_for, reviewer, process):
    params = process.params
    today = timezone.localdate()
    policy_due = add_working_days(today, params.policy_decision_working_days, params.public_holidays)
    task = open_task(process, AppointmentFlow.policy_review)
    assert process.due_on == policy_due
    assert timezone.localtime(TaskDeadline.objects.get(task=task).due_at).date() == policy_due
    claim_and_execute(client_for(reviewer), process, AppointmentFlow.policy_review, {"decision": "approved"})
    process.refresh_from_db()
    assert process.due_on == add_working_days(today, params.process_working_days, params.public_holidays)
    nominate = open_task(process, AppointmentFlow.nominate)
    step_due = add_working_days(today, params.step_working_days, params.public_holidays)
    assert timezone.localtime(nominate.deadline.due_at).date() == min(step_due, process.due_on)
    assert nominate.deadline.due_at > timezone.now() + timedelta(days=1)


def test_withdrawal_by_the_proposer_closes_with_the_reason(client_for, leader_a, process):
    url = AppointmentFlow.instance.reverse("process_withdraw", args=[process.pk])
    response = client_for(leader_a).post(url, {"reason": ""})
    assert response.status_code == 200
    process.refresh_from_db()
    assert process.outcome == Outcome.IN_PROGRESS and process.status == PROCESS.NEW
    assert client_for(leader_a).post(url, {"reason": "Đơn vị sắp xếp lại tổ chức"}).status_code == 302
    process.refresh_from_db()
    assert process.outcome == Outcome.WITHDRAWN and process.outcome_reason == "Đơn vị sắp xếp lại tổ chức"
    assert process.status == PROCESS.CANCELED
    assert process.task_set.get(flow_task=AppointmentFlow.policy_review).status == STATUS.CANCELED
    assert AuditEntry.objects.filter(action="appointment.withdrawn", process_id=process.pk).exists()
    # a closed procedure cannot be withdrawn twice
    with pytest.raises(RuleViolation):
        services.withdraw_procedure(process=process, reason="again", actor=leader_a)


def test_a_step_loads_its_procedure_with_the_task_in_one_query(process, django_assert_num_queries):
    """What every step reads of its procedure — the flow's own process row, unit, position and rule set — comes
    with the task (``task_queryset``), not one query each."""
    from workflows.common.nodes import load_step_task

    task = open_task(process, AppointmentFlow.policy_review)
    with django_assert_num_queries(1):
        loaded = load_step_task(AppointmentFlow, pk=task.pk)
        procedure = loaded.process.coerced
        assert procedure.unit.path and procedure.position.unit.pk == procedure.unit.pk
        assert procedure.rule_set.code and procedure.params.quorum_fraction
        assert str(procedure)


@pytest.mark.parametrize(
    "upload",
    [
        SimpleUploadedFile("to_trinh.pdf", b"MZ\x90\x00" + b"\x00" * 64, content_type="application/pdf"),
        SimpleUploadedFile(
            "to_trinh.pdf", b"<html><script>alert(1)</script></html>", content_type="application/pdf"
        ),
    ],
    ids=["exe-renamed-pdf", "html-saved-as-pdf"],
)
def test_an_attachment_is_judged_by_its_content_not_its_name(client_for, reviewer, process, upload):
    board = client_for(reviewer)
    attach = AppointmentFlow.instance.reverse("process_attach", args=[process.pk])

    board.post(attach, {"kind": "to_trinh", "file": upload})

    assert not StepAttachment.objects.exists()
    with pytest.raises(RuleViolation) as exc:
        upload.seek(0)
        services.add_attachment(process=process, upload=upload, kind="to_trinh", actor=reviewer)
    assert exc.value.rule_code in {"attachment_executable", "attachment_type"}
    assert not StepAttachment.objects.exists()
