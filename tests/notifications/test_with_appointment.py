"""The hooks as the procedure machinery calls them, over HTTP, with the appointment procedure: the board hears of
the new proposal, nobody is told about the step they claimed themselves, and the step's due date (written by the
machinery from the procedure's rule snapshot) is reminded once.

Transactional, so that the machinery's on-commit callbacks run where they run in production: when the view's
transaction commits, inside the request (a test transaction would defer them until after the response).
"""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from apps.notifications.models import Kind, Notification
from apps.notifications.tasks import send_due_reminders
from tests.appointment.helpers import latest_process, open_task, propose
from tests.factories import PositionFactory
from workflows.appointment.flows import AppointmentFlow
from workflows.common.models import TaskDeadline

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def received(kind):
    return sorted(Notification.objects.filter(kind=kind).values_list("recipient__username", flat=True))


def test_a_proposal_reaches_the_board_and_its_review_is_reminded_once(
    client_for, leader_a, leader_b, reviewer, inspector, unit_a
):
    position = PositionFactory(unit=unit_a, seats=1)
    assert propose(client_for(leader_a), position).status_code == 302
    process = latest_process()
    review = open_task(process, AppointmentFlow.policy_review)

    assert received(Kind.TASK_AVAILABLE) == ["reviewer"]
    assert Notification.objects.get(kind=Kind.TASK_AVAILABLE).link == review.reverse("index")

    response = client_for(reviewer).post(review.reverse("assign"))
    assert response.status_code == 302
    assert received(Kind.TASK_ASSIGNED) == []  # the reviewer took it: nobody to tell

    deadline = TaskDeadline.objects.get(task=review)
    days = process.rule_snapshot["reminder_days_before_due"]
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


@pytest.mark.django_db
def test_the_caller_may_name_who_acted(start_probe, unit_a, leader_a, reviewer):
    from apps.notifications import flow_hooks
    from apps.notifications.testing import ProbeFlow

    from .conftest import task_of

    review = task_of(start_probe(unit_a, leader_a), ProbeFlow.review)
    with review.activation() as activation:
        activation.assign(reviewer)
    review.refresh_from_db()

    assert flow_hooks.on_task_created(review, by=reviewer) == []
    assert received(Kind.TASK_ASSIGNED) == []
