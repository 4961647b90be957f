"""Permission matrix of every appointment page and action: role × in/out of scope × candidate × anonymous.

What a user may not see is a 404 (as if it did not exist); in scope without the action a 403; anonymous users
go to the login page.

The pages and actions every procedure has (lists, procedure page, claim, comment, withdraw, reassign, start) are
in the generated matrix, ``tests/workflows/test_permission_matrix.py``; here, what is this procedure's own.
"""

import pytest

from apps.accounts.models import Role
from apps.accounts.services import grant_role
from tests.factories import CadreFactory, UserFactory
from workflows.appointment.flows import AppointmentFlow
from workflows.appointment.models import AppointmentCandidate

from .helpers import latest_process, open_task, propose

pytestmark = pytest.mark.django_db

FLOW = AppointmentFlow.instance


@pytest.fixture
def nobody(db):
    return UserFactory(username="nobody")


@pytest.fixture
def candidate_reviewer(province, admin_user, unit_a):
    """An organisation-board reviewer of the whole province whose own cadre record is a candidate."""
    cadre = CadreFactory(current_unit=unit_a)
    user = UserFactory(username="candidate_reviewer", cadre=cadre)
    grant_role(user=user, role=Role.ORG_BOARD, unit=province, include_descendants=True, actor=admin_user)
    return user


@pytest.fixture
def process(client_for, leader_a, position, candidate_reviewer):
    assert propose(client_for(leader_a), position).status_code == 302
    process = latest_process()
    AppointmentCandidate.objects.create(process=process, cadre=candidate_reviewer.cadre)
    return process


@pytest.fixture
def personas(leader_a, leader_b, reviewer, reviewer_b, inspector, leadership, candidate_reviewer, nobody):
    return {
        "anonymous": None,
        "leader_a": leader_a,
        "leader_b": leader_b,
        "reviewer": reviewer,
        "reviewer_b": reviewer_b,
        "inspector": inspector,
        "leadership": leadership,
        "candidate": candidate_reviewer,
        "nobody": nobody,
    }


def test_process_lists_show_only_processes_in_scope_and_never_to_candidates(client_for, personas, process):
    for who, sees in {
        "reviewer": True,
        "leader_a": True,
        "inspector": True,
        "leader_b": False,
        "reviewer_b": False,
        "candidate": False,
    }.items():
        response = client_for(personas[who]).get(FLOW.reverse("process_list"))
        assert (
            f'data-pk="{process.pk}"' in response.content.decode()
            or str(process) in response.content.decode()
        ) is sees, who
    queue = client_for(personas["reviewer"]).get(FLOW.reverse("queue")).content.decode()
    assert f"#{process.pk}/" in queue
    for who in ("candidate", "reviewer_b", "leader_a"):
        assert (
            f"#{process.pk}/" not in client_for(personas[who]).get(FLOW.reverse("queue")).content.decode()
        ), who


# claim the policy review: only an in-scope board reviewer who is not a candidate
CLAIM_EXPECT = {
    "anonymous": 302,
    "leader_a": 403,
    "leader_b": 404,
    "reviewer": 302,
    "reviewer_b": 404,
    "inspector": 403,
    "leadership": 403,
    "candidate": 404,
    "nobody": 403,
}


EXECUTE_EXPECT = dict(CLAIM_EXPECT, reviewer=302, leader_a=403, inspector=403, leadership=403)


def test_executing_a_step_claimed_by_someone_else(client_for, personas, process, reviewer):
    task = open_task(process, AppointmentFlow.policy_review)
    client_for(reviewer).post(task.flow_task.reverse("assign", args=[process.pk, task.pk]))
    url = task.flow_task.reverse("execute", args=[process.pk, task.pk])
    for who, expected in EXECUTE_EXPECT.items():
        if who == "reviewer":
            continue
        assert client_for(personas[who]).post(url, {"decision": "approved"}).status_code == expected, who
        process.refresh_from_db()
        assert process.policy_decision == "", who
    assert client_for(reviewer).post(url, {"decision": "approved"}).status_code == 302
    process.refresh_from_db()
    assert process.policy_decision == "approved"
