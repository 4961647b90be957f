"""The permission matrix of the planning review's and the rotation's pages (docs/style.md rule 8): every persona ×
the start pages, a review's page and its proposal step."""

from tests.permissions_matrix import LOGIN, check_matrix
from workflows.planning.flows import PlanningFlow
from workflows.rotation.flows import RotationFlow


def personas(reviewer, reviewer_b, leader_a, inspector, leadership):
    return {
        "board": reviewer,
        "board_b": reviewer_b,
        "unit_leader": leader_a,
        "inspection": inspector,
        "leadership": leadership,
        "anonymous": None,
    }


def test_start_pages(client_for, reviewer, reviewer_b, leader_a, inspector, leadership):
    people = personas(reviewer, reviewer_b, leader_a, inspector, leadership)
    expect = {
        "board": 200,
        "board_b": 200,  # the board of unit B starts too, for what is in its scope
        "unit_leader": 403,
        "inspection": 403,
        "leadership": 403,
        "anonymous": LOGIN,
    }
    for flow in (PlanningFlow, RotationFlow):
        url = flow.start.reverse("execute")
        check_matrix(client_for, people, expect, lambda client, who, url=url: client.get(url))


def test_a_review_and_its_step(client_for, reviewer, reviewer_b, leader_a, inspector, leadership, unit_a):
    from tests.factories import PositionFactory
    from workflows.common import runner

    post = PositionFactory(unit=unit_a, rank=5)
    process = runner.start(PlanningFlow, actor=reviewer, position=post, term="2026-2031")
    people = personas(reviewer, reviewer_b, leader_a, inspector, leadership)
    detail = PlanningFlow.instance.reverse("process_detail", args=[process.pk])
    check_matrix(
        client_for,
        people,
        {
            "board": 200,
            "board_b": 404,  # out of scope: as if it did not exist
            "unit_leader": 200,  # follows procedures of unit A
            "inspection": 200,
            "leadership": 200,
            "anonymous": LOGIN,
        },
        lambda client, who: client.get(detail),
    )
    task = runner.open_task(process, "propose")
    assign = PlanningFlow.propose.reverse("assign", args=[process.pk, task.pk])
    check_matrix(
        client_for,
        people,
        {"board_b": 404, "unit_leader": 403, "inspection": 403, "leadership": 403, "anonymous": LOGIN},
        lambda client, who: client.get(assign),
    )
    assert client_for(reviewer).get(assign).status_code == 200
