"""Two leaders confirm the same election result at the same moment: exactly one wins and the tenures are opened
once (PostgreSQL row lock, ``lock.select_for_update_lock``). Run with DATABASE_URL=postgres://…"""

import threading

import pytest
from django.db import connection
from viewflow.fsm import TransitionNotAllowed
from viewflow.workflow.exceptions import FlowLockFailed
from viewflow.workflow.status import STATUS

from apps.cadres.models import Tenure
from apps.decisions.models import Decision
from workflows.nomination import services
from workflows.nomination.flows import NominationFlow
from workflows.nomination.models import NominationCandidate

from .helpers import claim_and_execute, eligible_cadres, latest_process, open_task, propose, result_data
from .test_walkthrough import to_result_step

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_two_threads_confirming_the_same_result_open_the_tenures_once(
    client_for, reviewer, leadership, elected_position, unit_a
):
    if connection.vendor != "postgresql":
        pytest.fail("this test needs PostgreSQL: run it with DATABASE_URL=postgres://…")
    board, leader = client_for(reviewer), client_for(leadership)
    assert propose(board, elected_position, eligible_cadres(unit_a, elected_position, 6)).status_code == 302
    process = latest_process()
    claim_and_execute(leader, process, NominationFlow.review, {"decision": "approved"})
    four = to_result_step(process, board, leader, [c.cadre for c in process.candidates.order_by("pk")])
    ids = {c.cadre_id: c.pk for c in process.candidates.filter(status=NominationCandidate.Status.NOMINATED)}
    rows = [(ids[four[0].pk], True, 280), (ids[four[1].pk], True, 250)]
    rows += [(ids[four[2].pk], True, 200), (ids[four[3].pk], False, 100)]
    claim_and_execute(board, process, NominationFlow.record_result, result_data(rows))
    task = open_task(process, NominationFlow.confirm_result)
    leader.post(task.flow_task.reverse("assign", args=[process.pk, task.pk]))

    barrier = threading.Barrier(2)
    outcomes = []

    def confirm():
        from django.db import connection as thread_connection

        try:
            barrier.wait()
            with NominationFlow.lock(process.pk):
                fresh = NominationFlow.task_class.objects.get(pk=task.pk)
                activation = fresh.flow_task.activation_class(fresh)
                activation.start(None)
                services.confirm_result(
                    activation=activation,
                    signer=leadership.cadre,
                    issued_on=None,
                    effective_from=None,
                    grounds="Căn cứ kết quả bầu cử",
                    actor=leadership,
                )
            outcomes.append("ok")
        except (TransitionNotAllowed, FlowLockFailed) as exc:
            outcomes.append(type(exc).__name__)
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=confirm) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert outcomes.count("ok") == 1 and len(outcomes) == 2, outcomes
    assert Tenure.objects.filter(position=elected_position).count() == 3
    assert Decision.objects.filter(kind="election_result", process_id=process.pk).count() == 3
    assert process.task_set.get(pk=task.pk).status == STATUS.DONE
    assert process.task_set.filter(flow_task=NominationFlow.end_elected).count() == 1
