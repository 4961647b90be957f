"""Proposal and policy approval (chủ trương): approve, return and resubmit, reject; R4 vacancy."""

import pytest
from viewflow.workflow.status import PROCESS, STATUS

from apps.audit.models import AuditEntry
from tests.factories import TenureFactory
from workflows.appointment.flows import AppointmentFlow
from workflows.appointment.models import AppointmentOutcome as Outcome
from workflows.appointment.models import AppointmentProcess
from workflows.common.models import TaskDeadline

from .helpers import claim_and_execute, latest_process, open_task, propose

pytestmark = pytest.mark.django_db


def test_a_unit_leader_proposes_a_vacant_seat_and_the_board_gets_the_review(
    client_for, leader_a, reviewer, position
):
    response = propose(client_for(leader_a), position)
    assert response.status_code == 302
    process = latest_process()
    assert process.position == position and process.unit == position.unit and process.started_by == leader_a
    assert process.rule_set is not None and process.rule_snapshot["quorum_fraction"] == "2/3"
    task = open_task(process, AppointmentFlow.policy_review)
    assert task.owner_permission == "organisation.act_org_board"
    assert TaskDeadline.objects.get(task=task).due_at.date() == process.due_on
    assert AuditEntry.objects.filter(action="appointment.proposed", process_id=process.pk).count() == 1


def test_a_proposal_for_a_filled_seat_is_refused_and_nothing_is_created(client_for, leader_a, position):
    TenureFactory(position=position)
    response = propose(client_for(leader_a), position)
    assert response.status_code == 200
    assert "no_vacancy" in [e.code for e in response.context["form"].non_field_errors().as_data()]
    assert AppointmentProcess.objects.count() == 0
    assert not AuditEntry.objects.filter(action="appointment.proposed").exists()


def test_a_second_proposal_for_the_same_single_seat_is_refused(client_for, leader_a, position):
    assert propose(client_for(leader_a), position).status_code == 302
    response = propose(client_for(leader_a), position)
    assert response.status_code == 200
    assert AppointmentProcess.objects.count() == 1


def test_a_leader_cannot_propose_for_another_units_position(client_for, leader_b, position):
    response = propose(client_for(leader_b), position)
    assert response.status_code == 200  # the position is not offered to them: form error
    assert "position" in response.context["form"].errors
    assert AppointmentProcess.objects.count() == 0


def test_returned_then_resubmitted_then_approved(client_for, leader_a, reviewer, position):
    propose(client_for(leader_a), position)
    process = latest_process()
    board = client_for(reviewer)
    # returning needs a reason: refused without, nothing changed
    claim_and_execute(
        board, process, AppointmentFlow.policy_review, {"decision": "returned", "reason": ""}, expect=200
    )
    process.refresh_from_db()
    assert process.policy_decision == "" and process.return_count == 0
    claim_and_execute(
        board,
        process,
        AppointmentFlow.policy_review,
        {"decision": "returned", "reason": "Bổ sung tiêu chuẩn"},
    )
    process.refresh_from_db()
    assert process.return_count == 1
    revise = open_task(process, AppointmentFlow.revise)
    assert revise.owner == leader_a and revise.status == STATUS.ASSIGNED and revise.assigned is not None
    claim_and_execute(
        client_for(leader_a),
        process,
        AppointmentFlow.revise,
        {"seats": 1, "job_needs": "Phụ trách tổ chức, cán bộ", "criteria": "Thạc sĩ", "note": "Đã bổ sung"},
    )
    claim_and_execute(board, process, AppointmentFlow.policy_review, {"decision": "approved", "reason": ""})
    process.refresh_from_db()
    assert process.policy_decision == "approved" and process.policy_approved_on is not None
    assert process.job_needs == "Phụ trách tổ chức, cán bộ"
    assert open_task(process, AppointmentFlow.nominate).owner_permission == "organisation.act_org_board"
    actions = list(AuditEntry.objects.filter(process_id=process.pk).values_list("action", flat=True))
    assert actions == [
        "appointment.proposed",
        "appointment.policy_returned",
        "appointment.revised",
        "appointment.policy_approved",
    ]


def test_rejected_policy_closes_the_procedure_with_its_reason(client_for, leader_a, reviewer, position):
    propose(client_for(leader_a), position)
    process = latest_process()
    claim_and_execute(
        client_for(reviewer),
        process,
        AppointmentFlow.policy_review,
        {"decision": "rejected", "reason": "Chưa cần"},
    )
    process.refresh_from_db()
    assert process.status == PROCESS.DONE
    assert process.outcome == Outcome.REJECTED and process.outcome_reason == "Chưa cần"
