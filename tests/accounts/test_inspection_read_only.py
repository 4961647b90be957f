"""The inspection commission is read-only whatever else it holds (docs/design.md §1): an inspector who is also given the
organisation-board role on a unit can still read, but cannot edit cadre records nor act on procedure steps."""

import pytest
from django.urls import reverse

from apps.accounts import permissions
from apps.accounts.models import Role
from apps.accounts.services import grant_role
from apps.cadres.models import Evaluation
from tests.appointment.helpers import latest_process, open_task, propose
from tests.factories import CadreFactory, PositionFactory
from workflows.appointment.flows import AppointmentFlow
from workflows.common.views import queue_tasks

pytestmark = pytest.mark.django_db


@pytest.fixture
def inspector_on_the_board(inspector, unit_a, admin_user):
    grant_role(user=inspector, role=Role.ORG_BOARD, unit=unit_a, include_descendants=True, actor=admin_user)
    permissions.forget_scope(inspector)
    return inspector


@pytest.fixture
def cadre(unit_a):
    return CadreFactory(current_unit=unit_a)


def test_the_permission_layer_gives_the_inspector_no_write_action(inspector_on_the_board, cadre, unit_a):
    user = inspector_on_the_board
    write_actions = set(permissions.ACTIONS) - permissions.INSPECTION_ACTIONS
    assert write_actions >= {"edit_registry", "review", "record_conference", "verify", "decide", "reassign"}
    for action in write_actions:
        assert not permissions.can(user, action, cadre), action
        assert permissions.scope_unit_ids(user, action) == frozenset(), action
    assert permissions.can(user, "view", cadre)
    assert permissions.can(user, "inspect", cadre)
    assert not user.has_perm("organisation.act_org_board", unit_a)
    assert user.has_perm("organisation.act_inspection", unit_a)


def test_the_inspector_on_the_board_cannot_add_a_cadre_record_but_reads_it(
    client_for, inspector_on_the_board, cadre
):
    client = client_for(inspector_on_the_board)
    url = reverse("registry:cadres:evaluation-add", args=[cadre.pk])

    assert client.get(url).status_code == 403
    assert client.post(url, {"year": 2024, "rating": "excellent"}).status_code == 403
    assert not Evaluation.objects.filter(cadre=cadre).exists()
    assert client.get(reverse("registry:cadres:detail", args=[cadre.pk])).status_code == 200


def test_the_board_role_alone_still_edits(client_for, reviewer, cadre):
    """The same request by an organisation-board member who is not an inspector succeeds (the test above can fail)."""
    response = client_for(reviewer).post(
        reverse("registry:cadres:evaluation-add", args=[cadre.pk]), {"year": 2024, "rating": "excellent"}
    )
    assert response.status_code == 302
    assert Evaluation.objects.filter(cadre=cadre).count() == 1


def test_the_inspector_on_the_board_cannot_take_a_board_step(
    client_for, leader_a, inspector_on_the_board, reviewer, unit_a
):
    position = PositionFactory(unit=unit_a, seats=1)
    assert propose(client_for(leader_a), position).status_code == 302
    process = latest_process()
    task = open_task(process, AppointmentFlow.policy_review)
    client = client_for(inspector_on_the_board)
    assign = AppointmentFlow.policy_review.reverse("assign", args=[process.pk, task.pk])
    assert task not in queue_tasks(
        AppointmentFlow, inspector_on_the_board
    )  # the queue page does not offer it

    response = client.post(assign, {"_continue": "1"})

    assert response.status_code in (403, 404)
    task.refresh_from_db()
    assert task.owner_id is None
    detail = AppointmentFlow.instance.reverse("process_detail", args=[process.pk])
    assert client.get(detail).status_code == 200
    # the same step is offered to, and taken by, a board member who is not an inspector
    assert task in queue_tasks(AppointmentFlow, reviewer)
    assert client_for(reviewer).post(assign, {"_continue": "1"}).status_code == 302
    task.refresh_from_db()
    assert task.owner_id == reviewer.pk
