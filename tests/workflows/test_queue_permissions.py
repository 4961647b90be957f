"""Who sees which step in the inbox and the queue — and in the menu's counts — is exactly what Viewflow's own queue
filter and our scope rules say, now that the queue's permission cache is filled in one query
(``workflows.common.views.prime_queue_permissions``).

The reference is computed independently: Viewflow's ``user_queue`` on a fresh user object (it builds its own
cache row by row), then ``permissions.can`` per procedure in Python (scope and R10), not the SQL restriction.
"""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from guardian.shortcuts import assign_perm
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from apps.accounts.models import Role
from apps.accounts.services import grant_role
from tests.appointment.helpers import latest_process, propose
from tests.factories import CadreFactory, OrgUnitFactory, PositionFactory, UserFactory
from workflows.appointment.flows import AppointmentFlow
from workflows.appointment.models import AppointmentCandidate
from workflows.common.nodes import process_visible
from workflows.common.views import VIEWFLOW_PERM_CACHE, prime_queue_permissions

pytestmark = pytest.mark.django_db

FLOW = AppointmentFlow.instance


@pytest.fixture
def candidate_reviewer(province, admin_user, unit_a):
    """A province-wide board reviewer whose own cadre record is a candidate of one procedure."""
    user = UserFactory(username="candidate_reviewer", cadre=CadreFactory(current_unit=unit_a))
    grant_role(user=user, role=Role.ORG_BOARD, unit=province, include_descendants=True, actor=admin_user)
    return user


@pytest.fixture
def group_member(unit_b):
    """Holds the board's permission on unit B through a group only (guardian group object permission)."""
    user = UserFactory(username="group_member")
    group = Group.objects.create(name="board-b")
    assign_perm("organisation.act_org_board", group, unit_b)
    user.groups.add(group)
    return user


@pytest.fixture
def personas(
    leader_a, leader_b, reviewer, reviewer_b, inspector, leadership, candidate_reviewer, group_member
):
    return {
        "leader_a": leader_a,
        "leader_b": leader_b,
        "reviewer": reviewer,
        "reviewer_b": reviewer_b,
        "inspector": inspector,
        "leadership": leadership,
        "candidate": candidate_reviewer,
        "group_member": group_member,
    }


@pytest.fixture
def procedures(client_for, leader_a, leader_b, unit_a, unit_b, candidate_reviewer):
    """Procedures waiting for the policy review: two in unit A, one in a sub-unit of A, one in unit B, and one in
    unit A whose candidate is `candidate_reviewer`."""
    sub_unit = OrgUnitFactory(parent=unit_a)
    made = {}
    for name, leader, unit in [
        ("a1", leader_a, unit_a),
        ("a2", leader_a, unit_a),
        ("sub", leader_a, sub_unit),
        ("b1", leader_b, unit_b),
        ("conflict", leader_a, unit_a),
    ]:
        assert propose(client_for(leader), PositionFactory(unit=unit)).status_code == 302
        made[name] = latest_process()
    AppointmentCandidate.objects.create(process=made["conflict"], cadre=candidate_reviewer.cadre)
    return made


def _fresh(user):
    return get_user_model().objects.get(pk=user.pk)


def _listed(client, page):
    response = client.get(FLOW.reverse(page))
    assert response.status_code == 200
    return response, {task.pk for task in response.context["object_list"]}


def _reference_queue(user):
    """Viewflow's own queue (its own permission cache), then scope and R10 per procedure in Python."""
    user = _fresh(user)
    tasks = Task.objects.user_queue(user, flow_class=AppointmentFlow).filter(status=STATUS.NEW)
    return {task.pk for task in tasks if process_visible(_fresh(user), task.process.coerced)}


def _review_tasks(procedures, *names):
    return {
        procedures[name].task_set.get(flow_task=AppointmentFlow.policy_review, status=STATUS.NEW).pk
        for name in names
    }


def test_the_primed_cache_is_the_set_viewflow_builds_itself(personas, procedures):
    for who, user in personas.items():
        viewflows = _fresh(user)
        list(Task.objects.user_queue(viewflows))  # Viewflow fills its cache its own way
        ours = _fresh(user)
        prime_queue_permissions(ours)
        assert getattr(ours, VIEWFLOW_PERM_CACHE) == getattr(viewflows, VIEWFLOW_PERM_CACHE), who
    primed = _fresh(personas["reviewer"])
    prime_queue_permissions(primed)
    assert "organisation.act_org_board_{}".format(procedures["b1"].unit_id) in getattr(
        primed, VIEWFLOW_PERM_CACHE
    )
    member = _fresh(personas["group_member"])
    prime_queue_permissions(member)
    assert getattr(member, VIEWFLOW_PERM_CACHE) == {f"organisation.act_org_board_{procedures['b1'].unit_id}"}


def test_priming_costs_one_query_whatever_the_scope(django_assert_num_queries, personas, procedures, unit_a):
    for _ in range(5):
        OrgUnitFactory(parent=unit_a)
    user = _fresh(personas["reviewer"])
    with django_assert_num_queries(1):
        prime_queue_permissions(user)
    assert len(getattr(user, VIEWFLOW_PERM_CACHE)) == 9  # province, A, B, the sub-unit and five more


def test_the_queue_lists_exactly_the_steps_viewflow_and_the_scope_permit(client_for, personas, procedures):
    expected = {
        "reviewer": _review_tasks(procedures, "a1", "a2", "sub", "b1", "conflict"),
        "candidate": _review_tasks(procedures, "a1", "a2", "sub", "b1"),
        "reviewer_b": _review_tasks(procedures, "b1"),
        "leader_a": set(),
        "leader_b": set(),
        "inspector": set(),
        "leadership": set(),
        # Viewflow would let the group's permission through; our scope (role assignments) does not
        "group_member": set(),
    }
    for who, user in personas.items():
        if who == "group_member":
            continue  # no role at all: refused at the flow (403), see below
        response, listed = _listed(client_for(user), "queue")
        assert listed == expected[who] == _reference_queue(user), who
        assert response.context["user_queue"].count() == len(listed), who
    assert client_for(personas["group_member"]).get(FLOW.reverse("queue")).status_code == 403
    assert _reference_queue(personas["group_member"]) == expected["group_member"]


def test_the_menu_counts_leave_out_the_candidates_own_procedure(client_for, candidate_reviewer, procedures):
    """R10: Viewflow's menu counted the step of the procedure the reviewer is a candidate of."""
    response = client_for(candidate_reviewer).get(FLOW.reverse("process_list"))
    assert response.status_code == 200
    queue = response.context["user_queue"]
    assert queue.count() == 4
    assert _review_tasks(procedures, "conflict").isdisjoint({task.pk for task in queue})


def test_the_inbox_lists_the_users_claimed_steps_in_scope(client_for, personas, procedures):
    board = client_for(personas["reviewer"])
    claimed = _review_tasks(procedures, "a1", "b1")
    for name in ("a1", "b1"):
        task = procedures[name].task_set.get(flow_task=AppointmentFlow.policy_review)
        assert (
            board.post(task.flow_task.reverse("assign", args=[task.process_id, task.pk])).status_code == 302
        )
    for who, user in personas.items():
        if who == "group_member":
            continue
        response, listed = _listed(client_for(user), "inbox")
        assert listed == (claimed if who == "reviewer" else set()), who
        assert response.context["user_inbox"].count() == len(listed), who
    response, listed = _listed(board, "queue")
    assert (
        listed == _review_tasks(procedures, "a2", "sub", "conflict") == _reference_queue(personas["reviewer"])
    )


def test_claiming_from_the_queue_is_refused_outside_the_permission(client_for, personas, procedures):
    task = procedures["b1"].task_set.get(flow_task=AppointmentFlow.policy_review)
    url = task.flow_task.reverse("assign", args=[task.process_id, task.pk])
    for who, expected in {"leader_b": 403, "leader_a": 404, "inspector": 403, "group_member": 403}.items():
        assert client_for(personas[who]).post(url).status_code == expected, who
    assert client_for(personas["reviewer_b"]).post(url).status_code == 302
    task.refresh_from_db()
    assert task.status == STATUS.ASSIGNED and task.owner == personas["reviewer_b"]
