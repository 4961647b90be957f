"""The nomination pages cost the same number of queries with N and 3N procedures (docs/style.md rule 8)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from viewflow.workflow.status import STATUS

from tests.appointment.conftest import make_eligible
from tests.factories import PositionFactory
from workflows.nomination.flows import NominationFlow
from workflows.nomination.models import NominationProcess

from .helpers import FLOW, latest_process, propose

pytestmark = pytest.mark.django_db


@pytest.fixture
def cadres(unit_a):
    # eligible at the listing (procedures §3): planned for a post above every position the test opens
    higher = PositionFactory(unit=unit_a, rank=99)
    return [make_eligible(unit_a, higher, full_name=f"Ứng viên {i}") for i in range(6)]


def _make(client, unit, cadres, n):
    for _ in range(n):
        position = PositionFactory(unit=unit, seats=3, is_elected=True)
        assert propose(client, position, cadres).status_code == 302


def _claim_all(client):
    for process in NominationProcess.objects.all():
        task = process.task_set.filter(flow_task=NominationFlow.review, status=STATUS.NEW).first()
        if task:
            assert (
                client.post(task.flow_task.reverse("assign", args=[process.pk, task.pk])).status_code == 302
            )


def _count(client, url):
    client.get(url)  # warm caches (content types, site menu)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response.content.decode()


@pytest.mark.parametrize("page", ["process_list", "queue", "inbox", "task_list"])
def test_list_query_count_is_constant(client_for, reviewer, leadership, unit_a, cadres, page):
    board, leader = client_for(reviewer), client_for(leadership)
    viewer = board if page == "process_list" else leader  # the reviews are the leadership's steps
    n = 2
    _make(board, unit_a, cadres, n)
    if page == "inbox":
        _claim_all(leader)
    small, content = _count(viewer, FLOW.reverse(page))
    latest = latest_process()
    assert str(latest) in content or f"#{latest.pk}/" in content
    _make(board, unit_a, cadres, 2 * n)
    if page == "inbox":
        _claim_all(leader)
    large, content = _count(viewer, FLOW.reverse(page))
    assert NominationProcess.objects.count() == 3 * n
    assert str(latest_process()) in content or f"#{latest_process().pk}/" in content
    assert small == large, (small, large)


def test_process_page_query_count_does_not_grow_with_the_candidates(client_for, reviewer, unit_a):
    board = client_for(reviewer)
    higher = PositionFactory(unit=unit_a, rank=99)
    few = [make_eligible(unit_a, higher) for _ in range(6)]
    many = few + [make_eligible(unit_a, higher) for _ in range(12)]
    counts = []
    for cadres in (few, many):
        _make(board, unit_a, cadres, 1)
        process = latest_process()
        assert process.candidates.count() == len(cadres)
        queries, content = _count(board, FLOW.reverse("process_detail", args=[process.pk]))
        assert cadres[-1].full_name in content
        counts.append(queries)
    assert counts[0] == counts[1], counts
