"""Every event issue 4 names reaches its people in the app and by e-mail, unless they muted e-mail — then in the
app only: a step assigned to you, a step waiting in your group's queue, a step due soon, a step overdue, a step
returned to you, and (``tests/reappointment/test_notices.py``, ``test_withdrawal.py``) a procedure you started
that ends. Runs on the probe flow's real Viewflow tasks, with a frozen clock for the deadlines."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth import get_user_model

from apps.notifications import flow_hooks
from apps.notifications.deadlines import send_due_reminders
from apps.notifications.models import EmailStatus, Kind, Notification
from apps.notifications.testing import ProbeFlow
from workflows.common import runner
from workflows.common.models import TaskDeadline

from .conftest import finish_review, task_of

pytestmark = pytest.mark.django_db

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
DUE = datetime(2026, 12, 10, 17, 0, tzinfo=HCM)


def at(day, hour=9):
    return time_machine.travel(datetime(2026, 12, day, hour, 0, tzinfo=HCM), tick=False)


def mute(user, muted):
    get_user_model().objects.filter(pk=user.pk).update(email_notifications=not muted)


def assert_told(user, kind, mailoutbox, *, muted):
    """`user` has exactly one in-app notification of `kind`, and its e-mail copy went out unless muted."""
    notification = Notification.objects.get(recipient=user, kind=kind)
    mails = [m for m in mailoutbox if m.to == [user.email] and m.subject == notification.title]
    if muted:
        assert notification.email_status == EmailStatus.NOT_WANTED and mails == []
    else:
        assert notification.email_status == EmailStatus.SENT and len(mails) == 1


@pytest.fixture
def started(start_probe, unit_a, leader_a, django_capture_on_commit_callbacks):
    def start():
        with at(1), django_capture_on_commit_callbacks(execute=True):
            return start_probe(unit_a, leader_a)

    return start


@pytest.mark.parametrize("muted", [False, True])
def test_a_step_waiting_in_my_groups_queue(started, reviewer, mailoutbox, muted):
    mute(reviewer, muted)
    started()
    assert_told(reviewer, Kind.TASK_AVAILABLE, mailoutbox, muted=muted)


@pytest.mark.parametrize("muted", [False, True])
def test_a_step_assigned_to_me(
    started, leader_a, reviewer, mailoutbox, muted, django_capture_on_commit_callbacks
):
    mute(leader_a, muted)
    process = started()
    with django_capture_on_commit_callbacks(execute=True):
        finish_review(process, reviewer)  # the confirm step is assigned to the starter
    assert_told(leader_a, Kind.TASK_ASSIGNED, mailoutbox, muted=muted)


@pytest.mark.parametrize("muted", [False, True])
def test_a_step_due_soon_and_then_overdue(
    started, reviewer, mailoutbox, muted, django_capture_on_commit_callbacks
):
    mute(reviewer, muted)
    process = started()
    TaskDeadline.objects.create(task=task_of(process, ProbeFlow.review), due_at=DUE)
    with at(9), django_capture_on_commit_callbacks(execute=True):
        assert send_due_reminders()["reminded"] == 1
    assert_told(reviewer, Kind.DUE_SOON, mailoutbox, muted=muted)
    with at(11), django_capture_on_commit_callbacks(execute=True):
        assert send_due_reminders()["escalated"] == 1
    assert_told(reviewer, Kind.OVERDUE, mailoutbox, muted=muted)


@pytest.mark.parametrize("muted", [False, True])
def test_a_step_returned_to_me(started, reviewer, mailoutbox, muted, django_capture_on_commit_callbacks):
    mute(reviewer, muted)
    process = started()
    review = task_of(process, ProbeFlow.review)
    runner.claim(review, actor=reviewer)
    review.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        flow_hooks.on_task_returned(review, "Thiếu bản tự kiểm điểm")
    assert_told(reviewer, Kind.RETURNED, mailoutbox, muted=muted)


@pytest.mark.parametrize("muted", [False, True])
def test_a_procedure_i_started_ends(started, leader_a, mailoutbox, muted, django_capture_on_commit_callbacks):
    mute(leader_a, muted)
    process = started()
    with django_capture_on_commit_callbacks(execute=True):
        flow_hooks.on_process_finished(process)
    assert_told(leader_a, Kind.PROCEDURE_FINISHED, mailoutbox, muted=muted)
