"""Permission matrix of the nomination pages and actions: role × in/out of scope × a candidate themself ×
anonymous.

What a user may not see is a 404 (as if it did not exist); in scope without the action a 403; anonymous users go
to the login page. A candidate never sees or acts on their own procedure (R10), whatever role they hold.

The pages and actions every procedure has (lists, procedure page, claim, comment, withdraw, reassign, start) are
in the generated matrix, ``tests/workflows/test_permission_matrix.py``; here, what is this procedure's own.
"""

import pytest
from viewflow.workflow.status import STATUS

from apps.accounts.models import Role
from apps.accounts.services import grant_role
from tests.factories import CadreFactory, UserFactory
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
