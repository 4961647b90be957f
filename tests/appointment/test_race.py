"""Two calls complete the same step at the same moment through the step runner: exactly one wins, the other is
refused with ``task_taken`` (PostgreSQL row lock, ``lock.select_for_update_lock``). Run with DATABASE_URL=postgres://…"""

import pytest
from django.db import connection
from viewflow.workflow.status import STATUS

from apps.audit.models import AuditEntry
from tests.concurrency import run_at_once
from workflows.appointment.flows import AppointmentFlow
from workflows.common import runner

from .helpers import claim_and_execute, latest_process, open_task, propose

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_two_threads_executing_the_same_task_exactly_one_wins(client_for, leader_a, reviewer, position):
    if connection.vendor != "postgresql":
        pytest.fail("this test needs PostgreSQL: run it with DATABASE_URL=postgres://…")
    propose(client_for(leader_a), position)
    process = latest_process()
    task = open_task(process, AppointmentFlow.policy_review)
    client_for(reviewer).post(task.flow_task.reverse("assign", args=[process.pk, task.pk]))

    def complete(decision):
        return lambda: runner.run_step(task, actor=reviewer, decision=decision, reason="x")

    results = run_at_once(complete("approved"), complete("rejected"))
    outcomes = [
        ("ok", decision) if exc is None else ("refused", getattr(exc, "rule_code", type(exc).__name__))
        for (_, exc), decision in zip(results, ("approved", "rejected"), strict=True)
    ]
    assert sorted(o[0] for o in outcomes) == ["ok", "refused"], outcomes
    assert [o[1] for o in outcomes if o[0] == "refused"] == ["task_taken"], outcomes
    winner = next(o[1] for o in outcomes if o[0] == "ok")
    process.refresh_from_db()
    assert process.policy_decision == winner
    assert process.task_set.get(pk=task.pk).status == STATUS.DONE
    assert process.task_set.filter(flow_task=AppointmentFlow.policy_gate).count() == 1
    decided = AuditEntry.objects.filter(
        process_id=process.pk, action__in=["appointment.policy_approved", "appointment.rejected"]
    )
    assert decided.count() == 1


def test_the_http_view_refuses_the_loser_cleanly(client_for, leader_a, reviewer, position):
    """The same over HTTP, one after the other: the second POST is a clean 403, not a 500."""
    propose(client_for(leader_a), position)
    process = latest_process()
    board = client_for(reviewer)
    claim_and_execute(board, process, AppointmentFlow.policy_review, {"decision": "approved"})
    task = process.task_set.get(flow_task=AppointmentFlow.policy_review)
    response = board.post(
        task.flow_task.reverse("execute", args=[process.pk, task.pk]), {"decision": "approved"}
    )
    assert response.status_code == 403
