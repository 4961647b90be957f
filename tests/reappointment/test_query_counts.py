"""The reappointment lists cost the same number of queries with N and 3N procedures (docs/style.md rule 8)."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from viewflow.workflow.status import STATUS

from tests.factories import PositionFactory, TenureFactory
from workflows.reappointment import services
from workflows.reappointment.flows import ReappointmentFlow
from workflows.reappointment.models import ReappointmentProcess

from .helpers import FLOW

pytestmark = pytest.mark.django_db


def _open(unit, n):
    for i in range(n):
        TenureFactory(
            position=PositionFactory(unit=unit),
            cadre__current_unit=unit,
            term_end=date.today() + timedelta(days=10 + i),
        )
    services.open_due_reappointments()


def _claim_all(client):
    for process in ReappointmentProcess.objects.all():
        task = process.task_set.filter(flow_task=ReappointmentFlow.notice, status=STATUS.NEW).first()
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
def test_list_query_count_is_constant(client_for, reviewer, unit_a, unit_b, page):
    board = client_for(reviewer)
    n = 2
    _open(unit_a, n)
    if page == "inbox":
        _claim_all(board)
    small, content = _count(board, FLOW.reverse(page))
    newest = ReappointmentProcess.objects.order_by("-pk").first()
    assert newest.cadre_name in content or f"#{newest.pk}/" in content
    _open(unit_b, 2 * n)
    assert ReappointmentProcess.objects.count() == 3 * n
    if page == "inbox":
        _claim_all(board)
    large, content = _count(board, FLOW.reverse(page))
    assert small == large, (small, large)
    assert (
        ReappointmentProcess.objects.order_by("-pk").first().cadre_name in content or page != "process_list"
    )
