"""The procedure pages (inbox, queue, process list, task list, archive) cost the same number of queries whatever
the size of the user's scope: N and 3N units, N and 3N procedures, for a unit leader and for a province-wide
reviewer (docs/style.md rule 8).

Viewflow's own queue filter (``TaskQuerySet.user_queue``) reads the user's guardian object permissions one row
at a time and then each row's content type and permission (two queries per unit in scope); its menu counts run it
on every page of the procedure. These tests grow the scope, not only the number of rows shown.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.appointment.helpers import claim_and_execute, latest_process, propose
from tests.factories import OrgUnitFactory, PositionFactory
from workflows.appointment.flows import AppointmentFlow

pytestmark = pytest.mark.django_db

FLOW = AppointmentFlow.instance
PAGES = ["inbox", "queue", "process_list", "task_list", "archive"]


def _grow(leader, board, parent, n):
    """`n` new sub-units of `parent` (in both personas' scope), each with three proposals: one waiting in the
    board's queue, one claimed by the board (its inbox), one returned to the leader (the leader's inbox)."""
    for _ in range(n):
        unit = OrgUnitFactory(parent=parent)
        for state in ("queued", "claimed", "returned"):
            assert propose(leader, PositionFactory(unit=unit)).status_code == 302
            process = latest_process()
            task = process.task_set.get(flow_task=AppointmentFlow.policy_review)
            if state == "claimed":
                assert (
                    board.post(task.flow_task.reverse("assign", args=[process.pk, task.pk])).status_code
                    == 302
                )
            elif state == "returned":
                data = {"decision": "returned", "reason": "Bổ sung tiêu chuẩn"}
                claim_and_execute(board, process, AppointmentFlow.policy_review, data)


def _count(client, page):
    url = FLOW.reverse(page)
    client.get(url)  # warm per-process caches (content types, site menu)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, (page, response.status_code)
    return len(ctx.captured_queries), response


@pytest.mark.parametrize("persona", ["leader_a", "reviewer"])
@pytest.mark.parametrize("page", PAGES)
def test_pages_cost_the_same_with_n_and_3n_units_and_procedures(
    request, client_for, leader_a, reviewer, unit_a, persona, page
):
    leader, board = client_for(leader_a), client_for(reviewer)
    user_client = client_for(request.getfixturevalue(persona))
    n = 2
    _grow(leader, board, unit_a, n)
    small, _ = _count(user_client, page)
    _grow(leader, board, unit_a, 2 * n)
    large, response = _count(user_client, page)
    assert small == large, (persona, page, small, large)


def test_starting_with_save_and_continue_costs_the_same_with_n_and_3n_units(client_for, leader_a, unit_a):
    """Viewflow's own "save and continue" would look the starter's next step up through its queue filter (two
    queries per unit in scope); our step pages go to the procedure page instead, at a cost independent of scope."""
    leader = client_for(leader_a)

    def start_and_continue():
        position = PositionFactory(unit=unit_a)
        data = {"position": position.pk, "seats": 1, "source": "internal", "job_needs": "x", "criteria": "y"}
        with CaptureQueriesContext(connection) as ctx:
            response = leader.post(AppointmentFlow.start.reverse("execute"), {**data, "_continue": "1"})
        assert response.status_code == 302
        assert response.url == FLOW.reverse("process_detail", args=[latest_process().pk])
        return len(ctx.captured_queries)

    start_and_continue()  # warm caches
    for _ in range(2):
        OrgUnitFactory(parent=unit_a)
    small = start_and_continue()
    for _ in range(4):
        OrgUnitFactory(parent=unit_a)
    large = start_and_continue()
    assert small == large, (small, large)
