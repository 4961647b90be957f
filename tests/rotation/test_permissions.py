"""Who may propose and decide a rotation (may / may not), and the rotation in the cadre's timeline."""

from workflows.rotation.flows import RotationFlow
from workflows.rotation.models import RotationProcess

from .test_walkthrough import propose, rotate

FLOW = RotationFlow.instance


def test_only_the_board_opens(client, reviewer, leader_a, inspector, leadership):
    url = FLOW.start.reverse("execute")
    client.force_login(reviewer)
    assert client.get(url).status_code == 200
    for user in (leader_a, inspector, leadership):
        client.force_login(user)
        assert client.get(url).status_code == 403, user.username


def test_a_board_member_of_one_unit_cannot_move_a_cadre_of_another(
    client, reviewer_b, rotated_cadre, target_post
):
    client.force_login(reviewer_b)
    propose(client, rotated_cadre, target_post, expect=200)  # the cadre is not among the choices
    assert not RotationProcess.objects.exists()


def test_the_board_does_not_sign_and_the_leadership_does(
    client, reviewer, leadership, rotated_cadre, target_post
):
    from tests.planning.test_walkthrough import conference
    from tests.reappointment.helpers import counts

    from .test_walkthrough import tally

    client.force_login(reviewer)
    propose(client, rotated_cadre, target_post)
    process = RotationProcess.objects.latest("pk")
    from tests.planning.test_walkthrough import post_step

    post_step(client, process, FLOW.collective, conference(counts(7, members=7), tally(rotated_cadre, 6)))
    task = process.task_set.get(flow_task=FLOW.decide)
    client.post(FLOW.decide.reverse("assign", args=[process.pk, task.pk]))
    assert client.get(FLOW.decide.reverse("execute", args=[process.pk, task.pk])).status_code in (403, 404)
    task.refresh_from_db()
    assert task.owner is None


def test_the_cadre_timeline_shows_the_rotation(
    client, reviewer, leadership, inspector, rotated_cadre, target_post
):
    process = rotate(client, reviewer, leadership, rotated_cadre, target_post)
    client.force_login(inspector)
    response = client.get(f"/inspection/timelines/cadre/{rotated_cadre.pk}/", {"kind": "audit"})
    actions = {e.action for e in response.context["page_obj"].object_list}
    assert {"rotation.proposed", "rotation.decided"} <= actions
    response = client.get(f"/inspection/timelines/decision/{process.decision_id}/", {"kind": "audit"})
    assert "rotation.decided" in {e.action for e in response.context["page_obj"].object_list}
