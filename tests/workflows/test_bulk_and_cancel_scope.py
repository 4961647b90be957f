"""Bulk actions and Viewflow's process pages stay in the user's scope: "select all" on the queue lists and claims
only the steps the user's queue page lists; another unit's procedure answers 404 on the cancel page, the same as a
missing one."""

import pytest
from viewflow.workflow.status import STATUS

from apps.accounts.models import Role
from apps.accounts.services import grant_role
from tests.appointment.helpers import propose
from tests.factories import PositionFactory, UserFactory
from workflows.appointment.flows import AppointmentFlow
from workflows.appointment.models import AppointmentProcess

pytestmark = pytest.mark.django_db

FLOW = AppointmentFlow.instance


@pytest.fixture
def board_a(unit_a, admin_user):
    user = UserFactory(username="board_a")
    grant_role(user=user, role=Role.ORG_BOARD, unit=unit_a, include_descendants=True, actor=admin_user)
    return user


@pytest.fixture
def processes(client_for, leader_a, leader_b, unit_a, unit_b):
    for leader, unit in ((leader_a, unit_a), (leader_b, unit_b)):
        assert propose(client_for(leader), PositionFactory(unit=unit, seats=1)).status_code == 302
    a = AppointmentProcess.objects.get(unit=unit_a)
    b = AppointmentProcess.objects.get(unit=unit_b)
    return a, b


def _open_task(process):
    return process.task_set.get(flow_task=AppointmentFlow.policy_review, status=STATUS.NEW)


def test_select_all_on_the_queue_confirms_only_the_users_own_queue(client_for, board_a, reviewer, processes):
    a, b = processes
    url = FLOW.reverse("tasks_assign")

    response = client_for(board_a).post(url, {"select_all": "1"})

    assert response.status_code == 200
    assert {task.pk for task in response.context["object_list"]} == {_open_task(a).pk}
    # the province-wide board sees both (the listing above is a scope, not an accident)
    wide = client_for(reviewer).post(url, {"select_all": "1"})
    assert {task.pk for task in wide.context["object_list"]} == {_open_task(a).pk, _open_task(b).pk}


def test_confirming_a_bulk_claim_of_another_units_step_claims_nothing(client_for, board_a, processes):
    a, b = processes
    task_b = _open_task(b)

    client_for(board_a).post(FLOW.reverse("tasks_assign"), {"pk": [task_b.pk], "_confirm": "1"})

    task_b.refresh_from_db()
    assert task_b.owner_id is None and task_b.status == STATUS.NEW


def test_select_all_on_the_inbox_lists_only_the_users_own_steps(client_for, board_a, reviewer, processes):
    a, b = processes
    for user, process in ((board_a, a), (reviewer, b)):
        task = _open_task(process)
        client_for(user).post(AppointmentFlow.policy_review.reverse("assign", args=[process.pk, task.pk]), {})

    response = client_for(board_a).post(FLOW.reverse("tasks_unassign"), {"select_all": "1"})

    assert {task.pk for task in response.context["object_list"]} == {_open_task_any(a).pk}


def _open_task_any(process):
    return process.task_set.get(flow_task=AppointmentFlow.policy_review)


def test_the_cancel_page_of_another_units_procedure_is_not_found_like_a_missing_one(
    client_for, leader_b, processes
):
    a, b = processes
    client = client_for(leader_b)

    assert client.get(FLOW.reverse("process_cancel", args=[a.pk])).status_code == 404
    assert (
        client.post(FLOW.reverse("process_cancel", args=[a.pk]), {"_cancel_process": "1"}).status_code == 404
    )
    assert client.get(FLOW.reverse("process_cancel", args=[a.pk + b.pk + 1000])).status_code == 404
    a.refresh_from_db()
    assert a.status != "CANCELED"
    # the leader's own procedure is visible: Viewflow's manage permission answers there (403, it exists for them)
    assert client.get(FLOW.reverse("process_cancel", args=[b.pk])).status_code == 403


TASK_PAGES = ["detail", "assign", "unassign", "execute", "cancel", "undo", "revive"]


@pytest.mark.parametrize("page", TASK_PAGES)
def test_a_step_page_of_another_units_procedure_is_not_found_like_a_missing_one(
    client_for, leader_b, processes, page
):
    from django.urls import NoReverseMatch

    a, b = processes
    task = _open_task(a)
    node = AppointmentFlow.policy_review
    try:
        url = node.reverse(page, args=[a.pk, task.pk])
    except NoReverseMatch:
        pytest.fail(f"{page} is not a page of the step")
    missing = node.reverse(page, args=[a.pk, task.pk + 10_000])
    client = client_for(leader_b)

    assert client.get(url).status_code == 404
    assert client.post(url, {"_continue": "1"}).status_code == 404
    assert client.get(missing).status_code == 404
    task.refresh_from_db()
    assert task.status == STATUS.NEW and task.owner_id is None
