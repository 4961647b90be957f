"""Two reviewers complete the same step at the same moment: exactly one wins (PostgreSQL row lock,
``lock.select_for_update_lock``). Run with DATABASE_URL=postgres://…"""

import threading

import pytest
from django.db import connection
from viewflow.fsm import TransitionNotAllowed
from viewflow.workflow.exceptions import FlowLockFailed
from viewflow.workflow.status import STATUS

from apps.audit.models import AuditEntry
from workflows.appointment import services
from workflows.appointment.flows import AppointmentFlow

from .helpers import claim_and_execute, latest_process, open_task, propose

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_two_threads_executing_the_same_task_exactly_one_wins(client_for, leader_a, reviewer, position):
    if connection.vendor != "postgresql":
        pytest.fail("this test needs PostgreSQL: run it with DATABASE_URL=postgres://…")
    propose(client_for(leader_a), position)
    process = latest_process()
    task = open_task(process, AppointmentFlow.policy_review)
    client_for(reviewer).post(task.flow_task.reverse("assign", args=[process.pk, task.pk]))

    barrier = threading.Barrier(2)
    outcomes = []

    def complete(decision):
        from django.db import connection as thread_connection

        try:
            barrier.wait()
            with AppointmentFlow.lock(process.pk):
                fresh = AppointmentFlow.task_class.objects.get(pk=task.pk)
                activation = fresh.flow_task.activation_class(fresh)
                activation.start(None)
                services.review_policy(activation=activation, decision=decision, reason="x", actor=reviewer)
            outcomes.append(("ok", decision))
        except (TransitionNotAllowed, FlowLockFailed) as exc:
            outcomes.append(("refused", type(exc).__name__))
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=complete, args=(d,)) for d in ("approved", "rejected")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert sorted(o[0] for o in outcomes) == ["ok", "refused"], outcomes
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
