"""The procedure list counts the open steps of the page's rows only (one query over their ids), never a
``Count("task")`` over every visible process; its newest-first read of one flow has an index (issue 13)."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import PositionFactory
from workflows.appointment.flows import AppointmentFlow
from workflows.appointment.models import AppointmentProcess
from workflows.common import selectors

from .helpers import propose

pytestmark = pytest.mark.django_db

FLOW = AppointmentFlow.instance


def test_the_open_steps_are_counted_for_the_rows_of_the_page_only(
    client_for, leader_a, reviewer, unit_a, settings
):
    leader = client_for(leader_a)
    for _ in range(3):
        assert propose(leader, PositionFactory(unit=unit_a)).status_code == 302
    board = client_for(reviewer)
    board.get(FLOW.reverse("process_list"))  # warm caches
    with CaptureQueriesContext(connection) as ctx:
        response = board.get(FLOW.reverse("process_list") + "?page=1")
    assert response.status_code == 200
    task_counts = [
        q["sql"] for q in ctx.captured_queries if "GROUP BY" in q["sql"] and "viewflow_task" in q["sql"]
    ]
    # exactly one count of tasks grouped by procedure, over the listed processes' ids (the menu's bounded counts
    # are not grouped); no query of the processes joins the tasks
    assert len(task_counts) == 1, task_counts
    ids = {int(x) for x in re.search(r"process_id\"? IN \(([^)]*)\)", task_counts[0]).group(1).split(",")}
    assert ids == set(AppointmentProcess.objects.values_list("pk", flat=True))
    page = [q["sql"] for q in ctx.captured_queries if re.search(r'"created" DESC LIMIT \d+$', q["sql"])]
    assert len(page) == 1 and "viewflow_task" not in page[0], page
    # each row shows its one open step (the policy review)
    rows = response.context["page_obj"].object_list
    assert [p.active_tasks_count for p in rows] == [1, 1, 1]


def test_open_step_counts_cost_one_query_and_count_only_open_steps(leader_a, unit_a, client_for):
    leader = client_for(leader_a)
    for _ in range(2):
        assert propose(leader, PositionFactory(unit=unit_a)).status_code == 302
    processes = list(AppointmentProcess.objects.order_by("pk"))
    first = processes[0]
    first.task_set.exclude(finished__isnull=True).count()  # the start task is finished: it is not counted
    with CaptureQueriesContext(connection) as ctx:
        rows = selectors.with_open_step_counts(processes)
    assert len(ctx.captured_queries) == 1
    assert [p.active_tasks_count for p in rows] == [
        p.task_set.filter(finished__isnull=True).count() for p in processes
    ]
    assert selectors.with_open_step_counts([]) == []


def test_the_newest_first_list_of_one_flow_reads_an_index():
    from viewflow.workflow.models import Process

    qs = Process.objects.filter(flow_class=AppointmentFlow).order_by("-created")[:25]
    sql, params = qs.query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
            plan = " ".join(str(row[-1]) for row in cursor.fetchall())
            assert "cf_process_flow_created" in plan and "TEMP B-TREE" not in plan, plan
        else:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("EXPLAIN " + sql, params)
            plan = " ".join(row[0] for row in cursor.fetchall())
            assert "cf_process_flow_created" in plan and "Sort" not in plan, plan
