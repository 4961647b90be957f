"""The nomination procedure tells people through the shared machinery: the leadership's queue when the plan
waits for them, never a candidate of the procedure (R10), and the proposer when it ends."""

import pytest

from apps.accounts.models import Role
from apps.accounts.services import grant_role
from apps.notifications.models import Kind, Notification
from tests.factories import UserFactory
from workflows.nomination.flows import NominationFlow

from .helpers import eligible_cadres, latest_process, open_task, propose

pytestmark = pytest.mark.django_db


def received(kind):
    return sorted(Notification.objects.filter(kind=kind).values_list("recipient__username", flat=True))


def after_the_request(capture, request):
    """Run `request`, then its on-commit callbacks after it — as they run in production."""
    with capture(execute=False) as callbacks:
        response = request()
    for callback in callbacks:
        callback()
    return response


def test_the_leadership_is_told_and_a_candidate_is_not_and_the_proposer_hears_the_end(
    client_for,
    reviewer,
    leadership,
    elected_position,
    unit_a,
    province,
    admin_user,
    django_capture_on_commit_callbacks,
):
    capture = django_capture_on_commit_callbacks
    cadres = eligible_cadres(unit_a, elected_position, 6)
    candidate = UserFactory(username="candidate", cadre=cadres[0])
    grant_role(
        user=candidate, role=Role.LEADERSHIP, unit=province, include_descendants=True, actor=admin_user
    )
    response = after_the_request(capture, lambda: propose(client_for(reviewer), elected_position, cadres))
    assert response.status_code == 302
    assert received(Kind.TASK_AVAILABLE) == ["leadership"]  # not the candidate, who is leadership too

    process = latest_process()
    task = open_task(process, NominationFlow.review)
    leader = client_for(leadership)
    assert leader.post(task.flow_task.reverse("assign", args=[process.pk, task.pk])).status_code == 302
    url = task.flow_task.reverse("execute", args=[process.pk, task.pk])
    data = {"decision": "rejected", "reason": "Chưa đủ cơ cấu"}
    assert after_the_request(capture, lambda: leader.post(url, data)).status_code == 302
    assert received(Kind.PROCEDURE_FINISHED) == ["reviewer"]
    assert "candidate" not in set(Notification.objects.values_list("recipient__username", flat=True))
