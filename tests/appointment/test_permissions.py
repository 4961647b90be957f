"""Permission matrix of every appointment page and action: role × in/out of scope × candidate × anonymous.

What a user may not see is a 404 (as if it did not exist); in scope without the action a 403; anonymous users
go to the login page.
"""

import pytest
from viewflow.workflow.status import STATUS

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


LIST_PAGES = ["index", "process_list", "inbox", "queue", "archive", "task_list", "chart"]

# expected status for the list pages
LIST_EXPECT = {
    "anonymous": 302,
    "leader_a": 200,
    "leader_b": 200,
    "reviewer": 200,
    "reviewer_b": 200,
    "inspector": 200,
    "leadership": 200,
    "candidate": 200,
    "nobody": 403,
}


def test_list_pages(client_for, personas, process):
    for page in LIST_PAGES:
        for who, expected in LIST_EXPECT.items():
            response = client_for(personas[who]).get(FLOW.reverse(page))
            assert response.status_code == expected, (page, who)
            if who == "anonymous":
                assert response["Location"].startswith("/accounts/login/")


# (see the process page / its diagram / a step's detail) — in scope 200, out of scope or candidate 404
SEE_EXPECT = {
    "anonymous": 302,
    "leader_a": 200,
    "leader_b": 404,
    "reviewer": 200,
    "reviewer_b": 404,
    "inspector": 200,
    "leadership": 200,
    "candidate": 404,
    "nobody": 403,  # no role at all: refused at the flow before any process is looked up
}


def _process_pages(process):
    task = open_task(process, AppointmentFlow.policy_review)
    return {
        "process_detail": FLOW.reverse("process_detail", args=[process.pk]),
        "process_chart": FLOW.reverse("process_chart", args=[process.pk]),
        "task_detail": task.flow_task.reverse("detail", args=[process.pk, task.pk]),
        "start_task_detail": AppointmentFlow.start.reverse(
            "detail", args=[process.pk, process.task_set.get(flow_task=AppointmentFlow.start).pk]
        ),
    }


def test_process_pages(client_for, personas, process):
    for page, url in _process_pages(process).items():
        for who, expected in SEE_EXPECT.items():
            response = client_for(personas[who]).get(url)
            assert response.status_code == expected, (page, who)


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


def test_claiming_the_policy_review(client_for, personas, process):
    task = open_task(process, AppointmentFlow.policy_review)
    url = task.flow_task.reverse("assign", args=[process.pk, task.pk])
    for who, expected in CLAIM_EXPECT.items():
        if who == "reviewer":
            continue
        assert client_for(personas[who]).post(url).status_code == expected, who
        task.refresh_from_db()
        assert task.status == STATUS.NEW, who
    assert client_for(personas["reviewer"]).post(url).status_code == 302
    task.refresh_from_db()
    assert task.status == STATUS.ASSIGNED and task.owner == personas["reviewer"]


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


START_EXPECT = {
    "anonymous": 302,
    "leader_a": 200,
    "leader_b": 200,
    "reviewer": 403,
    "inspector": 403,
    "nobody": 403,
}


def test_start_page(client_for, personas, process):
    for who, expected in START_EXPECT.items():
        assert (
            client_for(personas[who]).get(AppointmentFlow.start.reverse("execute")).status_code == expected
        ), who


# comment (POST) — participants in scope; the inspection commission reads only
COMMENT_EXPECT = {
    "anonymous": 302,
    "leader_a": 302,
    "leader_b": 404,
    "reviewer": 302,
    "reviewer_b": 404,
    "inspector": 403,
    "leadership": 302,
    "candidate": 404,
    "nobody": 403,
}


def test_commenting(client_for, personas, process):
    from workflows.common.models import StepComment

    url = FLOW.reverse("process_comment", args=[process.pk])
    for who, expected in COMMENT_EXPECT.items():
        response = client_for(personas[who]).post(url, {"text": f"Ý kiến {who}"})
        written = StepComment.objects.filter(process_id=process.pk, text=f"Ý kiến {who}").exists()
        assert response.status_code == expected, who
        assert written is (expected == 302 and who != "anonymous"), who


WITHDRAW_EXPECT = {
    "anonymous": 302,
    "leader_a": 200,
    "leader_b": 404,
    "reviewer": 200,
    "reviewer_b": 404,
    "inspector": 403,
    "leadership": 403,
    "candidate": 404,
    "nobody": 403,
}


def test_withdraw_page(client_for, personas, process):
    for who, expected in WITHDRAW_EXPECT.items():
        response = client_for(personas[who]).get(FLOW.reverse("process_withdraw", args=[process.pk]))
        assert response.status_code == expected, who


REASSIGN_EXPECT = dict(WITHDRAW_EXPECT, leader_a=403)


def test_reassign_page(client_for, personas, process):
    task = open_task(process, AppointmentFlow.policy_review)
    for who, expected in REASSIGN_EXPECT.items():
        response = client_for(personas[who]).get(FLOW.reverse("task_reassign", args=[process.pk, task.pk]))
        assert response.status_code == expected, who
