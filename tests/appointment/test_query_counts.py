"""Inbox, queue and process list cost the same number of queries with N and 3N procedures (docs/style.md rule 8)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import PositionFactory
from workflows.appointment.flows import AppointmentFlow

from .helpers import latest_process, open_task, propose

pytestmark = pytest.mark.django_db

FLOW = AppointmentFlow.instance


def _make(client, unit, n):
    for _ in range(n):
        position = PositionFactory(unit=unit)
        assert propose(client, position).status_code == 302


def _claim_all(client):
    from viewflow.workflow.status import STATUS

    from workflows.appointment.models import AppointmentProcess

    for process in AppointmentProcess.objects.all():
        task = process.task_set.filter(flow_task=AppointmentFlow.policy_review, status=STATUS.NEW).first()
        if task:
            client.post(task.flow_task.reverse("assign", args=[process.pk, task.pk]))


def _count(client, url):
    client.get(url)  # warm caches (content types, site menu)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response


@pytest.mark.parametrize("page", ["process_list", "queue", "inbox", "task_list"])
def test_list_query_count_is_constant(client_for, leader_a, reviewer, unit_a, page):
    leader, board = client_for(leader_a), client_for(reviewer)
    n = 2
    _make(leader, unit_a, n)
    if page == "inbox":
        _claim_all(board)
    small, response = _count(board, FLOW.reverse(page))
    assert (
        f"#{latest_process().pk}" in response.content.decode()
        or str(latest_process()) in response.content.decode()
    )
    _make(leader, unit_a, 2 * n)
    if page == "inbox":
        _claim_all(board)
    large, _ = _count(board, FLOW.reverse(page))
    assert small == large, (small, large)


def test_open_task_helper_finds_the_review(client_for, leader_a, unit_a):
    _make(client_for(leader_a), unit_a, 1)
    assert open_task(latest_process(), AppointmentFlow.policy_review) is not None
