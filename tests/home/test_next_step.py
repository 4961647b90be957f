"""After completing a step the user lands on their next step of the same procedure, else on their work list; after
proposing, on the procedure's page (what they opened) when nothing more is theirs."""

import pytest

from tests.appointment.helpers import claim_and_execute, latest_process, open_task, propose
from tests.factories import PositionFactory
from workflows.appointment.flows import AppointmentFlow

pytestmark = pytest.mark.django_db


def test_the_board_goes_from_the_policy_review_to_its_next_step_of_the_same_procedure(
    unit_a, leader_a, reviewer, client_for
):
    assert propose(client_for(leader_a), PositionFactory(unit=unit_a)).status_code == 302
    process = latest_process()

    response = claim_and_execute(
        client_for(reviewer), process, AppointmentFlow.policy_review, {"decision": "approved"}
    )

    nominate = open_task(process, AppointmentFlow.nominate)
    assert response.url == nominate.flow_task.reverse("index", args=[process.pk, nominate.pk])


def test_with_no_next_step_of_theirs_the_user_lands_on_their_work_list(
    unit_a, leader_a, reviewer, client_for
):
    assert propose(client_for(leader_a), PositionFactory(unit=unit_a)).status_code == 302
    process = latest_process()

    # returned to the unit leader: the next step (revise) is not the board's
    response = claim_and_execute(
        client_for(reviewer),
        process,
        AppointmentFlow.policy_review,
        {"decision": "returned", "reason": "Bổ sung tiêu chuẩn"},
    )

    assert response.url == "/"


def test_the_proposer_lands_on_the_procedure_they_opened(unit_a, leader_a, client_for):
    response = propose(client_for(leader_a), PositionFactory(unit=unit_a))

    assert response.url == AppointmentFlow.instance.reverse("process_detail", args=[latest_process().pk])


def test_a_step_of_another_procedure_is_not_the_next_one(unit_a, leader_a, reviewer, client_for):
    leader, board = client_for(leader_a), client_for(reviewer)
    assert propose(leader, PositionFactory(unit=unit_a, title="Phó Giám đốc 1")).status_code == 302
    first = latest_process()
    assert propose(leader, PositionFactory(unit=unit_a, title="Phó Giám đốc 2")).status_code == 302

    response = claim_and_execute(
        board, first, AppointmentFlow.policy_review, {"decision": "returned", "reason": "Bổ sung"}
    )

    # the second procedure's review waits in the board's queue, but it is not this procedure's
    assert response.url == "/"
