"""Procedures and tasks through the API, scoped like the pages (issue 12 §1)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from viewflow.workflow.status import STATUS

from tests.appointment.helpers import propose
from tests.factories import PositionFactory
from workflows.appointment.flows import AppointmentFlow

pytestmark = pytest.mark.django_db


def test_the_procedure_detail_shows_state_steps_candidates_and_history(client_for, reviewer, listed):
    process, c1, c2 = listed
    body = client_for(reviewer).get(f"/api/v1/procedures/{process.pk}/").json()
    assert body["kind"] == "appointment" and body["status"] == "NEW" and body["outcome"] == "in_progress"
    assert [s["step"] for s in body["current_steps"]] == ["internal_1_collective"]
    assert {c["cadre"] for c in body["candidates"]} == {c1.pk, c2.pk}
    assert "appointment.proposed" in [h["action"] for h in body["history"]]
    assert all(h["label"] for h in body["history"])


def test_the_list_filters_by_kind_unit_status_and_cadre(client_for, reviewer, listed, unit_b):
    process, c1, _c2 = listed
    client = client_for(reviewer)

    def ids(query):
        response = client.get(f"/api/v1/procedures/?{query}")
        assert response.status_code == 200, response.content
        return {row["id"] for row in response.json()["results"]}

    assert ids("") == {process.pk}
    assert ids("kind=appointment") == {process.pk}
    assert ids("kind=nomination") == set()
    assert ids(f"unit={process.unit_id}") == {process.pk}
    assert ids(f"unit={unit_b.pk}") == set()
    assert ids("status=NEW") == {process.pk} and ids("status=DONE") == set()
    assert ids(f"cadre={c1.pk}") == {process.pk} and ids("cadre=999999") == set()
    assert ids("outcome=in_progress") == {process.pk}


def test_my_tasks_are_the_inbox_and_the_queues(client_for, reviewer, leader_a, listed):
    process, *_ = listed
    rows = client_for(reviewer).get("/api/v1/tasks/").json()["results"]
    assert [(r["process"], r["step"], r["actions"]) for r in rows] == [
        (process.pk, "internal_1_collective", ["claim"])
    ]
    assert client_for(reviewer).get("/api/v1/tasks/?where=inbox").json()["count"] == 0
    assert client_for(leader_a).get("/api/v1/tasks/").json()["count"] == 0


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(ctx), response.json()["count"]


@pytest.mark.parametrize("url", ["/api/v1/procedures/", "/api/v1/tasks/"])
def test_procedure_and_task_lists_keep_a_constant_number_of_queries(
    client_for, leader_a, reviewer, unit_a, url
):
    def grow(n):
        for _ in range(n):
            position = PositionFactory(unit=unit_a)
            assert propose(client_for(leader_a), position).status_code == 302

    client = client_for(reviewer)
    grow(2)
    first, rows = _count(client, url)
    grow(4)
    again, more = _count(client, url)
    assert (rows, more) == (2, 6)
    assert again == first


@pytest.mark.parametrize("url", ["/api/v1/decisions/", "/api/v1/audit-entries/"])
def test_decision_and_audit_lists_keep_a_constant_number_of_queries(
    client_for, inspector, leader_a, unit_a, url
):
    def grow(n):
        for _ in range(n):
            assert propose(client_for(leader_a), PositionFactory(unit=unit_a)).status_code == 302

    client = client_for(inspector)
    grow(1)
    first, _rows = _count(client, url)
    grow(3)
    assert _count(client, url)[0] == first


def test_a_task_of_a_procedure_out_of_scope_or_of_ones_own_is_a_404(
    client_for, leader_b, candidate_user, listed
):
    process, *_ = listed
    task = process.task_set.get(status=STATUS.NEW)
    for user in (leader_b, candidate_user):
        client = client_for(user)
        assert client.get(f"/api/v1/tasks/{task.pk}/").status_code == 404
        assert client.get(f"/api/v1/procedures/{process.pk}/").status_code == 404
        assert process.pk not in {r["id"] for r in client.get("/api/v1/procedures/").json()["results"]}


def test_the_task_detail_names_its_payload_schema(client_for, reviewer, listed):
    process, *_ = listed
    task = process.task_set.get(flow_task=AppointmentFlow.internal_1_collective, status=STATUS.NEW)
    body = client_for(reviewer).get(f"/api/v1/tasks/{task.pk}/").json()
    assert body["step"] == "internal_1_collective" and body["actions"] == ["claim"]
    assert body["payload_schema"] == "#/components/schemas/AppointmentInternal1CollectivePayload"
    assert body["payload"]["type"] == "object"
