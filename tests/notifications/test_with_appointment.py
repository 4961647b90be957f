"""The hooks as the procedure machinery calls them, over HTTP, with the appointment procedure: the board hears of
the new proposal, nobody is told about the step they claimed themselves, and the step's due date (written by the
machinery from the procedure's rule snapshot) is reminded once.

In production the machinery's on-commit callbacks run when the view's transaction commits, inside the request,
so the hooks see the request's user as the acting user. Inside a test transaction they would only run after the
response; the test captures them and runs them as the user whose request queued them (``acting_as``). That
``acting_user`` reads the request's user is tested on its own below.
"""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from apps.core.history import acting_as
from apps.notifications import flow_hooks
from apps.notifications.models import Kind, Notification
from apps.notifications.tasks import send_due_reminders
from tests.appointment.helpers import latest_process, open_task, propose
from tests.factories import PositionFactory
from workflows.appointment.flows import AppointmentFlow
from workflows.common import runner
from workflows.common.models import TaskDeadline

pytestmark = pytest.mark.django_db


def received(kind):
    return sorted(Notification.objects.filter(kind=kind).values_list("recipient__username", flat=True))


def as_request_of(user, capture, request):
    """POST as `user` and run the on-commit callbacks the request queued, as that user."""
    with capture(execute=False) as callbacks:
        response = request(client_for_user(user))
    with acting_as(user):
        for callback in callbacks:
            callback()
    return response


def client_for_user(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


def test_a_proposal_reaches_the_board_and_its_review_is_reminded_once(
    leader_a, leader_b, reviewer, inspector, unit_a, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    position = PositionFactory(unit=unit_a, seats=1)
    response = as_request_of(leader_a, capture, lambda client: propose(client, position))
    assert response.status_code == 302
    process = latest_process()
    review = open_task(process, AppointmentFlow.policy_review)

    assert received(Kind.TASK_AVAILABLE) == ["reviewer"]
    assert Notification.objects.get(kind=Kind.TASK_AVAILABLE).link == review.reverse("index")

    response = as_request_of(reviewer, capture, lambda client: client.post(review.reverse("assign")))
    assert response.status_code == 302
    assert received(Kind.TASK_ASSIGNED) == []  # the reviewer took it: nobody to tell

    deadline = TaskDeadline.objects.get(task=review)
    days = process.rule_snapshot["reminder_days_before_due"]
    with capture(execute=True):
        with time_machine.travel(deadline.due_at - timedelta(days=days, hours=1), tick=False):
            send_due_reminders.delay()
        with time_machine.travel(deadline.due_at - timedelta(days=days) + timedelta(hours=1), tick=False):
            send_due_reminders.delay()
        with time_machine.travel(deadline.due_at - timedelta(hours=1), tick=False):
            send_due_reminders.delay()

    assert received(Kind.DUE_SOON) == ["reviewer"]
    assert timezone.localtime(deadline.due_at).strftime("%d/%m/%Y") in (
        Notification.objects.get(kind=Kind.DUE_SOON).title
    )


def test_the_acting_user_is_the_requests_user_during_a_request(reviewer, leader_a):
    from django.test import RequestFactory
    from simple_history.models import HistoricalRecords

    request = RequestFactory().post("/")
    request.user = reviewer
    assert flow_hooks.acting_user() is None
    HistoricalRecords.context.request = request
    try:
        assert flow_hooks.acting_user() == reviewer
        with acting_as(leader_a):
            assert flow_hooks.acting_user() == leader_a
    finally:
        del HistoricalRecords.context.request


def test_the_caller_may_name_who_acted(start_probe, unit_a, leader_a, reviewer):
    from apps.notifications.testing import ProbeFlow

    from .conftest import task_of

    review = task_of(start_probe(unit_a, leader_a), ProbeFlow.review)
    runner.claim(review, actor=reviewer)
    review.refresh_from_db()

    assert flow_hooks.on_task_created(review, by=reviewer) == []
    assert received(Kind.TASK_ASSIGNED) == []
