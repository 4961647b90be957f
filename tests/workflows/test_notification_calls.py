"""The machinery tells the notifications app who acted at the moment it happened, so a notification sent after
commit — outside the request, with nobody acting any more — still knows a self-claimed step from a handover."""

import pytest

from apps.accounts.models import Role
from apps.accounts.services import grant_role
from apps.notifications.models import Kind, Notification
from tests.appointment.helpers import latest_process, open_task, propose
from tests.factories import UserFactory
from workflows.appointment.flows import AppointmentFlow

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewer2(province, admin_user):
    user = UserFactory(username="reviewer2")
    grant_role(user=user, role=Role.ORG_BOARD, unit=province, include_descendants=True, actor=admin_user)
    return user


def received(kind):
    return sorted(Notification.objects.filter(kind=kind).values_list("recipient__username", flat=True))


def after_the_request(capture, request):
    """Run `request`, then its on-commit callbacks after it — no request, no acting user left."""
    with capture(execute=False) as callbacks:
        response = request()
    for callback in callbacks:
        callback()
    return response


def test_a_self_claimed_step_is_not_announced_to_its_owner_but_a_handover_is(
    client_for, leader_a, reviewer, reviewer2, position, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    after_the_request(capture, lambda: propose(client_for(leader_a), position))
    process = latest_process()
    assert received(Kind.TASK_AVAILABLE) == ["reviewer", "reviewer2"]
    review = open_task(process, AppointmentFlow.policy_review)

    response = after_the_request(capture, lambda: client_for(reviewer).post(review.reverse("assign")))
    assert response.status_code == 302
    assert received(Kind.TASK_ASSIGNED) == []  # the reviewer took it: nobody to tell

    url = AppointmentFlow.instance.reverse("task_reassign", args=[process.pk, review.pk])
    response = after_the_request(capture, lambda: client_for(reviewer).post(url, {"user": reviewer2.pk}))
    assert response.status_code == 302
    assert received(Kind.TASK_ASSIGNED) == ["reviewer2"]  # handed over by someone else: told
