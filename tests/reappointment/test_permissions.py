"""Permission matrix of the reappointment pages: role × in/out of scope × the cadre themself × anonymous.

What a user may not see is a 404 (as if it did not exist); in scope without the action a 403; anonymous users go
to the login page. The cadre whose term it is — here also a unit leader of their own unit — never sees or acts on
their procedure (R10).

The pages and actions every procedure has (lists, procedure page, claim, comment, withdraw, reassign, start) are
in the generated matrix, ``tests/workflows/test_permission_matrix.py``; here, what is this procedure's own.
"""

import pytest
from viewflow.workflow.status import STATUS

from tests.factories import UserFactory
from workflows.reappointment.flows import ReappointmentFlow

from .helpers import FLOW, claim_and_execute, conference, counts, notice, open_task, self_assessment, verified

pytestmark = pytest.mark.django_db


@pytest.fixture
def nobody(db):
    return UserFactory(username="nobody")


@pytest.fixture
def personas(leader_a, leader_b, reviewer, reviewer_b, inspector, leadership, holder_user, nobody):
    return {
        "anonymous": None,
        "leader_a": leader_a,
        "leader_b": leader_b,
        "reviewer": reviewer,
        "reviewer_b": reviewer_b,
        "inspector": inspector,
        "leadership": leadership,
        "cadre": holder_user,
        "nobody": nobody,
    }


def _check(client_for, personas, expected, request):
    for who, status in expected.items():
        response = request(client_for(personas[who]), who)
        assert response.status_code == status, (who, response.status_code)
        if who == "anonymous":
            assert response["Location"].startswith("/accounts/login/")


def test_the_process_list_shows_the_procedure_only_in_scope_and_never_to_its_cadre(
    client_for, personas, opened
):
    marker = opened.cadre_name  # the list names the cadre (str(process)), whatever the language
    for who, sees in {
        "reviewer": True,
        "leader_a": True,
        "inspector": True,
        "leadership": True,
        "leader_b": False,
        "reviewer_b": False,
        "cadre": False,
    }.items():
        content = client_for(personas[who]).get(FLOW.reverse("process_list")).content.decode()
        assert (marker in content) is sees, who
    queue = client_for(personas["reviewer"]).get(FLOW.reverse("queue")).content.decode()
    assert f"#{opened.pk}/" in queue
    for who in ("cadre", "reviewer_b", "leader_a", "leadership"):
        assert (
            f"#{opened.pk}/" not in client_for(personas[who]).get(FLOW.reverse("queue")).content.decode()
        ), who


CLAIM_NOTICE = {
    "anonymous": 302,
    "leader_a": 403,
    "leader_b": 404,
    "reviewer_b": 404,
    "inspector": 403,
    "leadership": 403,
    "cadre": 404,
    "nobody": 403,
}


def test_executing_the_notice_claimed_by_someone_else(client_for, personas, opened):
    task = open_task(opened, ReappointmentFlow.notice)
    client_for(personas["reviewer"]).post(task.flow_task.reverse("assign", args=[opened.pk, task.pk]))
    url = task.flow_task.reverse("execute", args=[opened.pk, task.pk])

    def execute(client, who):
        response = client.post(url, notice())
        opened.refresh_from_db()
        assert opened.notice_sent_on is None, who
        return response

    _check(client_for, personas, dict(CLAIM_NOTICE, leader_a=403), execute)


# the self-assessment: the board's step, which the unit's leader may take too
CLAIM_SELF_ASSESSMENT = dict(CLAIM_NOTICE, leader_a=302, reviewer=302)


@pytest.mark.parametrize("taker", ["reviewer", "leader_a"])
def test_the_self_assessment_is_handed_in_by_the_board_or_the_unit_leader(
    client_for, personas, opened, taker
):
    claim_and_execute(client_for(personas["reviewer"]), opened, ReappointmentFlow.notice, notice())
    task = open_task(opened, ReappointmentFlow.self_assessment)
    url = task.flow_task.reverse("assign", args=[opened.pk, task.pk])
    for who, status in CLAIM_SELF_ASSESSMENT.items():
        if who in ("reviewer", "leader_a"):
            continue
        assert client_for(personas[who]).post(url).status_code == status, who
    task.refresh_from_db()
    assert task.status == STATUS.NEW
    claim_and_execute(
        client_for(personas[taker]), opened, ReappointmentFlow.self_assessment, self_assessment()
    )
    opened.refresh_from_db()
    assert opened.has_self_assessment and opened.self_assessment_submitted_by == personas[taker]


def test_the_decision_steps_belong_to_the_leadership(client_for, personas, opened, holder):
    board = client_for(personas["reviewer"])
    cadre = holder[0]
    claim_and_execute(board, opened, ReappointmentFlow.notice, notice())
    claim_and_execute(board, opened, ReappointmentFlow.self_assessment, self_assessment())
    claim_and_execute(
        board,
        opened,
        ReappointmentFlow.reappointment_1_key_officials,
        conference(cadre, counts(30, 27), (20, 7), confidence=True),
    )
    claim_and_execute(
        board,
        opened,
        ReappointmentFlow.reappointment_2_collective,
        conference(cadre, counts(7, members=7), 5),
    )
    claim_and_execute(
        board,
        opened,
        ReappointmentFlow.verification,
        verified(),
    )
    task = open_task(opened, ReappointmentFlow.decide)
    url = task.flow_task.reverse("assign", args=[opened.pk, task.pk])
    expected = {
        "anonymous": 302,
        "leader_a": 403,
        "leader_b": 404,
        "reviewer": 403,
        "reviewer_b": 404,
        "inspector": 403,
        "cadre": 404,
        "nobody": 403,
    }
    _check(client_for, personas, expected, lambda c, who: c.post(url))
    assert client_for(personas["leadership"]).post(url).status_code == 302
