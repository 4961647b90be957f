"""Reminders before a step is due, overdue notices and escalation (``notifications.send_due_reminders``), with a
frozen clock. The probe's ``review`` step waits in the queue of unit A's organisation board."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from apps.accounts.models import Role
from apps.accounts.services import grant_role
from apps.audit.models import AuditEntry
from apps.notifications.models import JobRun, JobStatus, Kind, Notification
from apps.notifications.tasks import send_due_reminders
from apps.notifications.testing import ProbeFlow
from apps.rulesets.models import RuleParameter
from tests.factories import UserFactory
from workflows.common import runner
from workflows.common.models import TaskDeadline

from .conftest import task_of

pytestmark = pytest.mark.django_db

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
DUE = datetime(2026, 12, 10, 17, 0, tzinfo=HCM)


def at(day, hour=9, minute=0):
    return time_machine.travel(datetime(2026, 12, day, hour, minute, tzinfo=HCM), tick=False)


def received(kind):
    return sorted(Notification.objects.filter(kind=kind).values_list("recipient__username", flat=True))


@pytest.fixture
def board_a(unit_a, admin_user):
    """Organisation board of unit A only: in the step's queue, but not the board the step escalates to."""
    user = UserFactory(username="board_a")
    grant_role(user=user, role=Role.ORG_BOARD, unit=unit_a, actor=admin_user)
    return user


@pytest.fixture
def review(start_probe, unit_a, leader_a, reviewer, board_a):
    with at(1):
        process = start_probe(unit_a, leader_a)
    task = task_of(process, ProbeFlow.review)
    TaskDeadline.objects.create(task=task, due_at=DUE)
    Notification.objects.all().delete()  # the "new step" notices are not what these tests are about
    return task


def run_job(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return send_due_reminders.delay().get()


def test_nothing_is_sent_before_the_reminder_window(review, django_capture_on_commit_callbacks):
    with at(7):  # 3 days + 8 hours before; the national rule set reminds 2 days before
        result = run_job(django_capture_on_commit_callbacks)

    assert result == {"reminded": 0, "escalated": 0}
    assert Notification.objects.count() == 0


def test_the_reminder_goes_to_the_steps_queue_once(review, django_capture_on_commit_callbacks, mailoutbox):
    with at(8, hour=18):
        first = run_job(django_capture_on_commit_callbacks)
        again_same_hour = run_job(django_capture_on_commit_callbacks)
    with at(9, hour=10):
        next_hour = run_job(django_capture_on_commit_callbacks)

    assert first == {"reminded": 1, "escalated": 0}
    assert again_same_hour == {"skipped": True, "key": "reminders:2026-12-08T18"}
    assert next_hour == {"reminded": 0, "escalated": 0}
    assert received(Kind.DUE_SOON) == ["board_a", "reviewer"]
    assert sorted(m.to[0] for m in mailoutbox) == ["board_a@cadreflow.test", "reviewer@cadreflow.test"]
    assert "10/12/2026 17:00" in Notification.objects.filter(kind=Kind.DUE_SOON).first().title
    review_deadline = TaskDeadline.objects.get(task=review)
    assert review_deadline.reminded_at is not None and review_deadline.escalated_at is None
    assert JobRun.objects.get(key="reminders:2026-12-08T18").status == JobStatus.SUCCEEDED


def test_an_assigned_step_reminds_only_its_owner(review, reviewer, django_capture_on_commit_callbacks):
    runner.claim(review, actor=reviewer)

    with at(9):
        run_job(django_capture_on_commit_callbacks)

    assert received(Kind.DUE_SOON) == ["reviewer"]


def test_the_reminder_window_comes_from_the_rule_set(review, django_capture_on_commit_callbacks):
    RuleParameter.objects.filter(key="reminder_days_before_due").update(value=4)

    with at(7):
        result = run_job(django_capture_on_commit_callbacks)

    assert result["reminded"] == 1


def test_an_overdue_step_is_announced_and_escalated_to_the_parent_units_board_once(
    review, django_capture_on_commit_callbacks
):
    with at(11):
        first = run_job(django_capture_on_commit_callbacks)
    with at(12):
        second = run_job(django_capture_on_commit_callbacks)
    with at(20):
        third = run_job(django_capture_on_commit_callbacks)

    assert first == {"reminded": 0, "escalated": 1}
    assert second == third == {"reminded": 0, "escalated": 0}
    assert received(Kind.OVERDUE) == ["board_a", "reviewer"]
    # unit A's parent is the province: only its board (the reviewer) hears of the escalation
    assert received(Kind.ESCALATED) == ["reviewer"]
    assert received(Kind.DUE_SOON) == []  # overdue supersedes the reminder that was never sent
    entries = AuditEntry.objects.filter(action="task.escalated")
    assert entries.count() == 1
    assert entries.get().data["escalated_to"] == "bn"
    deadline = TaskDeadline.objects.get(task=review)
    assert deadline.escalated_at is not None and deadline.reminded_at is not None


def test_muted_users_get_the_in_app_notice_but_no_mail(
    review, reviewer, django_capture_on_commit_callbacks, mailoutbox
):
    reviewer.email_notifications = False
    reviewer.save()

    with at(9):
        run_job(django_capture_on_commit_callbacks)

    assert received(Kind.DUE_SOON) == ["board_a", "reviewer"]
    assert [m.to for m in mailoutbox] == [["board_a@cadreflow.test"]]


def test_a_finished_step_is_neither_reminded_nor_escalated(
    review, reviewer, django_capture_on_commit_callbacks
):
    runner.run_step(review, actor=reviewer)
    Notification.objects.all().delete()

    with at(11):
        result = run_job(django_capture_on_commit_callbacks)

    assert result == {"reminded": 0, "escalated": 0}
    assert not Notification.objects.filter(kind__in=[Kind.DUE_SOON, Kind.OVERDUE, Kind.ESCALATED]).exists()


def test_a_deadline_that_fails_does_not_hold_back_the_others_and_the_job_retries_then_sticks(
    review, start_probe, unit_a, leader_a, django_capture_on_commit_callbacks, monkeypatch, settings
):
    from apps.notifications import deadlines

    settings.CADREFLOW_JOB_MAX_RETRIES = 1
    with at(1):
        other = task_of(start_probe(unit_a, leader_a), ProbeFlow.review)
    TaskDeadline.objects.create(task=other, due_at=DUE)
    original = deadlines._escalate

    def broken_for_review(pk, now):
        if TaskDeadline.objects.get(pk=pk).task_id == review.pk:
            raise RuntimeError("template missing")
        return original(pk, now)

    monkeypatch.setattr(deadlines, "_escalate", broken_for_review)

    with at(11), pytest.raises(deadlines.ReminderJobError, match="template missing"):
        run_job(django_capture_on_commit_callbacks)

    assert TaskDeadline.objects.get(task=other).escalated_at is not None
    assert TaskDeadline.objects.get(task=review).escalated_at is None
    run = JobRun.objects.get(name="notifications.send_due_reminders")
    assert (run.status, run.attempts) == (JobStatus.FAILED, 2)
    assert "template missing" in run.last_error
    assert AuditEntry.objects.filter(action="task.escalated").count() == 1
