"""Permission matrix of the nomination pages and actions: role × in/out of scope × a candidate themself ×
anonymous.

What a user may not see is a 404 (as if it did not exist); in scope without the action a 403; anonymous users go
to the login page. A candidate never sees or acts on their own procedure (R10), whatever role they hold.
"""

import pytest
from viewflow.workflow.status import STATUS

from apps.accounts.models import Role
from apps.accounts.services import grant_role
from tests.factories import CadreFactory, UserFactory
from workflows.common.models import StepComment
from workflows.nomination.flows import NominationFlow
from workflows.nomination.models import NominationCandidate

from .helpers import FLOW, claim_and_execute, eligible_cadres, latest_process, open_task, propose

pytestmark = pytest.mark.django_db


@pytest.fixture
def nobody(db):
    return UserFactory(username="nobody")


@pytest.fixture
def candidate(province, admin_user, unit_a):
    """A leadership member of the whole province whose own cadre record is a candidate of the procedure."""
    user = UserFactory(username="candidate", cadre=CadreFactory(current_unit=unit_a))
    grant_role(user=user, role=Role.LEADERSHIP, unit=province, include_descendants=True, actor=admin_user)
    grant_role(user=user, role=Role.ORG_BOARD, unit=province, include_descendants=True, actor=admin_user)
    return user


@pytest.fixture
def process(client_for, reviewer, elected_position, unit_a, candidate):
    cadres = eligible_cadres(unit_a, elected_position, 6)
    assert propose(client_for(reviewer), elected_position, cadres).status_code == 302
    process = latest_process()
    NominationCandidate.objects.create(process=process, cadre=candidate.cadre)
    return process


@pytest.fixture
def personas(
    leader_a, leader_b, reviewer, reviewer_b, inspector, leadership, leadership_b, candidate, nobody
):
    return {
        "anonymous": None,
        "leader_a": leader_a,
        "leader_b": leader_b,
        "reviewer": reviewer,
        "reviewer_b": reviewer_b,
        "inspector": inspector,
        "leadership": leadership,
        "leadership_b": leadership_b,
        "candidate": candidate,
        "nobody": nobody,
    }


LIST_PAGES = ["index", "process_list", "inbox", "queue", "archive", "task_list", "chart"]
LIST_EXPECT = {who: 200 for who in ("leader_a", "leader_b", "reviewer", "reviewer_b", "inspector")} | {
    "leadership": 200,
    "leadership_b": 200,
    "candidate": 200,
    "anonymous": 302,
    "nobody": 403,
}


def test_list_pages(client_for, personas, process):
    for page in LIST_PAGES:
        for who, expected in LIST_EXPECT.items():
            response = client_for(personas[who]).get(FLOW.reverse(page))
            assert response.status_code == expected, (page, who)
            if who == "anonymous":
                assert response["Location"].startswith("/accounts/login/")


# see the process page / its diagram / a step's detail — in scope 200, out of scope or a candidate 404
SEE_EXPECT = {
    "anonymous": 302,
    "leader_a": 200,
    "leader_b": 404,
    "reviewer": 200,
    "reviewer_b": 404,
    "inspector": 200,
    "leadership": 200,
    "leadership_b": 404,
    "candidate": 404,
    "nobody": 403,  # no role at all: refused at the flow before any process is looked up
}


def _process_pages(process):
    task = open_task(process, NominationFlow.review)
    start = process.task_set.get(flow_task=NominationFlow.start)
    return {
        "process_detail": FLOW.reverse("process_detail", args=[process.pk]),
        "process_chart": FLOW.reverse("process_chart", args=[process.pk]),
        "task_detail": task.flow_task.reverse("detail", args=[process.pk, task.pk]),
        "task_index": task.flow_task.reverse("index", args=[process.pk, task.pk]),
        "start_task_detail": NominationFlow.start.reverse("detail", args=[process.pk, start.pk]),
    }


def test_process_pages(client_for, personas, process):
    for page, url in _process_pages(process).items():
        for who, expected in SEE_EXPECT.items():
            response = client_for(personas[who]).get(url)
            if page == "task_index" and expected == 200:
                assert response.status_code in (200, 302), (page, who)  # the index redirects to the step
            else:
                assert response.status_code == expected, (page, who)


def test_lists_show_the_process_only_in_scope_and_never_to_its_candidates(client_for, personas, process):
    for who, sees in {
        "reviewer": True,
        "leader_a": True,
        "inspector": True,
        "leadership": True,
        "leader_b": False,
        "reviewer_b": False,
        "leadership_b": False,
        "candidate": False,
    }.items():
        content = client_for(personas[who]).get(FLOW.reverse("process_list")).content.decode()
        assert (str(process) in content) is sees, who
    # the review is the leadership's: in its queue, nobody else's
    marker = f"#{process.pk}/"
    assert marker in client_for(personas["leadership"]).get(FLOW.reverse("queue")).content.decode()
    for who in ("candidate", "leadership_b", "reviewer", "leader_a"):
        assert marker not in client_for(personas[who]).get(FLOW.reverse("queue")).content.decode(), who


# claim the personnel-plan review: only the leadership in scope that is not a candidate
REVIEW_CLAIM_EXPECT = {
    "anonymous": 302,
    "leader_a": 403,
    "leader_b": 404,
    "reviewer": 403,
    "reviewer_b": 404,
    "inspector": 403,
    "leadership_b": 404,
    "candidate": 404,
    "nobody": 403,
}


def test_claiming_the_review(client_for, personas, process):
    task = open_task(process, NominationFlow.review)
    url = task.flow_task.reverse("assign", args=[process.pk, task.pk])
    for who, expected in REVIEW_CLAIM_EXPECT.items():
        assert client_for(personas[who]).post(url).status_code == expected, who
        task.refresh_from_db()
        assert task.status == STATUS.NEW, who
    assert client_for(personas["leadership"]).post(url).status_code == 302
    task.refresh_from_db()
    assert task.status == STATUS.ASSIGNED and task.owner == personas["leadership"]


def test_executing_the_review_claimed_by_the_leadership(client_for, personas, process, leadership):
    task = open_task(process, NominationFlow.review)
    client_for(leadership).post(task.flow_task.reverse("assign", args=[process.pk, task.pk]))
    url = task.flow_task.reverse("execute", args=[process.pk, task.pk])
    for who, expected in REVIEW_CLAIM_EXPECT.items():
        response = client_for(personas[who]).post(url, {"decision": "approved"})
        assert response.status_code == expected, who
        process.refresh_from_db()
        assert process.review_decision == "", who
    assert client_for(leadership).post(url, {"decision": "approved"}).status_code == 302
    process.refresh_from_db()
    assert process.review_decision == "approved"


# claim a round: only the organisation board in scope that is not a candidate
ROUND_CLAIM_EXPECT = {
    "anonymous": 302,
    "leader_a": 403,
    "leader_b": 404,
    "reviewer_b": 404,
    "inspector": 403,
    "leadership": 403,
    "leadership_b": 404,
    "candidate": 404,
    "nobody": 403,
}


def test_claiming_a_round(client_for, personas, process, leadership):
    claim_and_execute(client_for(leadership), process, NominationFlow.review, {"decision": "approved"})
    task = open_task(process, NominationFlow.nomination_1_standing)
    url = task.flow_task.reverse("assign", args=[process.pk, task.pk])
    for who, expected in ROUND_CLAIM_EXPECT.items():
        assert client_for(personas[who]).post(url).status_code == expected, who
        task.refresh_from_db()
        assert task.status == STATUS.NEW, who
    assert client_for(personas["reviewer"]).post(url).status_code == 302


# open the proposal page: the organisation board or a unit leader with a unit in scope
START_EXPECT = {
    "anonymous": 302,
    "leader_a": 200,
    "leader_b": 200,
    "reviewer": 200,
    "reviewer_b": 200,
    "inspector": 403,
    "leadership": 403,
    "nobody": 403,
}


def test_start_page(client_for, personas, process):
    for who, expected in START_EXPECT.items():
        response = client_for(personas[who]).get(NominationFlow.start.reverse("execute"))
        assert response.status_code == expected, who


def test_the_proposal_offers_only_elected_positions_in_scope(
    client_for, reviewer_b, leader_a, elected_position
):
    form = client_for(reviewer_b).get(NominationFlow.start.reverse("execute")).context["form"]
    assert elected_position not in form.fields["position"].queryset
    form = client_for(leader_a).get(NominationFlow.start.reverse("execute")).context["form"]
    assert list(form.fields["position"].queryset) == [elected_position]


def test_a_proposal_out_of_scope_is_refused(client_for, reviewer_b, elected_position, unit_a):
    from .helpers import proposal

    cadres = eligible_cadres(unit_a, elected_position, 6)
    response = client_for(reviewer_b).post(
        NominationFlow.start.reverse("execute"), proposal(elected_position, cadres)
    )
    assert response.status_code == 200 and "position" in response.context["form"].errors
    assert latest_process() is None


# comment (POST) — participants in scope; the inspection commission reads only
COMMENT_EXPECT = {
    "anonymous": 302,
    "leader_a": 302,
    "leader_b": 404,
    "reviewer": 302,
    "reviewer_b": 404,
    "inspector": 403,
    "leadership": 302,
    "leadership_b": 404,
    "candidate": 404,
    "nobody": 403,
}


def test_commenting(client_for, personas, process):
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
    "leadership_b": 404,
    "candidate": 404,
    "nobody": 403,
}


def test_withdraw_page(client_for, personas, process):
    for who, expected in WITHDRAW_EXPECT.items():
        response = client_for(personas[who]).get(FLOW.reverse("process_withdraw", args=[process.pk]))
        assert response.status_code == expected, who


def test_reassign_page(client_for, personas, process):
    task = open_task(process, NominationFlow.review)
    expect = dict(WITHDRAW_EXPECT, leader_a=403)
    for who, expected in expect.items():
        response = client_for(personas[who]).get(FLOW.reverse("task_reassign", args=[process.pk, task.pk]))
        assert response.status_code == expected, who
