"""Two API clients complete the same task at the same moment (issue 12 Tests): exactly one wins, the other is
refused with ``task_taken`` and nothing of its payload is written (PostgreSQL row lock through the step runner).
Run with DATABASE_URL=postgres://…"""

import pytest
from django.db import connection
from django.test import Client
from viewflow.workflow.status import STATUS

from apps.accounts.models import Role
from apps.accounts.services import grant_role
from apps.api.tokens import create_token
from apps.audit.models import AuditEntry
from tests.concurrency import run_at_once
from tests.factories import UserFactory
from workflows.appointment.flows import AppointmentFlow

from ..appointment.helpers import latest_process, open_task, propose

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_two_clients_completing_the_same_task_exactly_one_wins(
    client_for, leader_a, reviewer, province, admin_user, position
):
    if connection.vendor != "postgresql":
        pytest.fail("this test needs PostgreSQL: run it with DATABASE_URL=postgres://…")
    second = UserFactory(username="reviewer2")
    grant_role(user=second, role=Role.ORG_BOARD, unit=province, include_descendants=True, actor=admin_user)
    assert propose(client_for(leader_a), position).status_code == 302
    process = latest_process()
    task = open_task(process, AppointmentFlow.policy_review)
    url = f"/api/v1/tasks/{task.pk}/complete/"

    def complete(user, decision):
        token = create_token(user, days=1, actor=user)[1]
        client = Client(HTTP_AUTHORIZATION=f"Token {token}")
        return lambda: client.post(
            url, {"decision": decision, "reason": "x"}, content_type="application/json"
        )

    results = run_at_once(complete(reviewer, "approved"), complete(second, "rejected"))
    responses = [response for response, exc in results]
    assert all(exc is None for _response, exc in results), results
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [200, 400], [(r.status_code, r.content[:200]) for r in responses]
    loser = next(r for r in responses if r.status_code == 400)
    assert loser.json()["code"] == "task_taken"
    winner = next(r for r in responses if r.status_code == 200)
    process.refresh_from_db()
    won = "approved" if winner is responses[0] else "rejected"
    assert process.policy_decision == won
    assert process.task_set.get(pk=task.pk).status == STATUS.DONE
    decided = AuditEntry.objects.filter(
        process_id=process.pk, action__in=["appointment.policy_approved", "appointment.rejected"]
    )
    assert decided.count() == 1
