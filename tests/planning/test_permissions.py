"""Who may open and act on a planning review (may / may not): the organisation board in scope opens and proposes,
the leadership signs; a unit leader, the inspection commission and a board member of another unit may not, and a
cadre under review never sees the review (R10)."""

from workflows.planning.flows import PlanningFlow

from .test_walkthrough import open_review

FLOW = PlanningFlow.instance


def test_start_page(client, reviewer, reviewer_b, leader_a, inspector, leadership, post):
    url = FLOW.start.reverse("execute")
    client.force_login(reviewer)
    assert client.get(url).status_code == 200
    for user in (leader_a, inspector, leadership):
        client.force_login(user)
        assert client.get(url).status_code == 403, user.username


def test_a_board_member_out_of_scope_cannot_review_the_post(client, reviewer_b, post):
    client.force_login(reviewer_b)
    response = client.post(FLOW.start.reverse("execute"), {"position": post.pk, "term": "2026-2031"})
    assert response.status_code == 200  # the post is not among the choices: nothing opened
    assert "position" in response.context["form"].errors


def test_steps_are_for_their_roles(client, reviewer, leadership, leader_a, post, planned):
    client.force_login(reviewer)
    process = open_review(client, post)
    task = process.task_set.get(flow_task=FLOW.propose)
    execute = FLOW.propose.reverse("execute", args=[process.pk, task.pk])
    assign = FLOW.propose.reverse("assign", args=[process.pk, task.pk])
    for user in (leader_a, leadership):
        client.force_login(user)
        client.post(assign)
        assert client.get(execute).status_code in (403, 404), user.username
    task.refresh_from_db()
    assert task.owner is None


def test_a_cadre_under_review_does_not_see_it(client, reviewer, post, planned, admin_user):
    from apps.accounts.models import Role
    from apps.accounts.services import grant_role
    from tests.factories import UserFactory

    young, _old, _entries = planned
    client.force_login(reviewer)
    process = open_review(client, post)
    user = UserFactory(username="young", cadre=young)
    grant_role(user=user, role=Role.ORG_BOARD, unit=post.unit, include_descendants=True, actor=admin_user)
    client.force_login(user)
    assert client.get(FLOW.reverse("process_detail", args=[process.pk])).status_code == 404


def test_the_post_page_offers_the_review_to_the_board_only(client, reviewer, leader_a, post):
    from django.urls import reverse

    url = reverse("registry:positions:detail", args=[post.pk])
    expected = f"{FLOW.start.reverse('execute')}?position={post.pk}"
    client.force_login(reviewer)
    assert expected in [a.url for a in client.get(url).context["start_actions"]]
    form = client.get(expected).context["form"]
    assert form.initial["position"] == post.pk
    client.force_login(leader_a)
    assert expected not in [a.url for a in client.get(url).context["start_actions"]]
