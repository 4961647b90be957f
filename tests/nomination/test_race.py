"""Two leaders confirm the same election result at the same moment: exactly one wins and the tenures are opened
once, the other is refused with ``task_taken`` (the step runner; PostgreSQL row lock). Run with DATABASE_URL=postgres://…"""

import pytest
from django.db import connection
from viewflow.workflow.status import STATUS

from apps.cadres.models import Tenure
from apps.decisions.models import Decision
from tests.concurrency import run_at_once
from workflows.common import runner
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

    def confirm():
        return runner.run_step(
            task,
            actor=leadership,
            signer=leadership.cadre,
            issued_on=None,
            effective_from=None,
            grounds="Căn cứ kết quả bầu cử",
        )

    results = run_at_once(confirm, confirm)
    outcomes = ["ok" if exc is None else getattr(exc, "rule_code", repr(exc)) for _, exc in results]
    assert sorted(outcomes) == ["ok", "task_taken"], outcomes
    assert Tenure.objects.filter(position=elected_position).count() == 3
    assert Decision.objects.filter(kind="election_result", process_id=process.pk).count() == 3
    assert process.task_set.get(pk=task.pk).status == STATUS.DONE
    assert process.task_set.filter(flow_task=NominationFlow.end_elected).count() == 1
