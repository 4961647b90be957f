"""Who is told what: the cadre gets the notice (and nothing else about their procedure); a term that ends with
the procedure still open is flagged once to the organisation board and the inspection commission."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from apps.audit.models import AuditEntry
from apps.notifications.models import Kind, Notification
from workflows.reappointment import services, tasks
from workflows.reappointment.flows import ReappointmentFlow
from workflows.reappointment.models import ReappointmentProcess

from .helpers import claim_and_execute, notice

pytestmark = pytest.mark.django_db


def _at(day):
    return time_machine.travel(
        timezone.make_aware(timezone.datetime(day.year, day.month, day.day, 10)), tick=False
    )


def test_the_cadre_is_notified_of_the_notice_and_of_nothing_else(
    client_for, holder_user, opened, reviewer, django_capture_on_commit_callbacks
):
    # the board's queue hears about the new step; the cadre does not
    assert not Notification.objects.filter(recipient=holder_user).exists()
    with django_capture_on_commit_callbacks(execute=True):
        claim_and_execute(client_for(reviewer), opened, ReappointmentFlow.notice, notice())
    told = Notification.objects.filter(recipient=holder_user)
    assert told.count() == 1
    message = told.get()
    assert message.kind == Kind.SYSTEM and message.link == "" and "TB-12" not in message.title
    assert opened.term_end.strftime("%d/%m/%Y") in message.title
    # the term ends in 60 days: the 90-day notice was due 30 days ago, and the record says it was late
    sent = AuditEntry.objects.filter(process_id=opened.pk, action="reappointment.notice_sent").get()
    assert sent.data["late"] is True and sent.data["due_on"] == opened.notice_due_on.strftime("%d/%m/%Y")


def test_a_cadre_without_an_account_is_simply_not_notified(
    client_for, opened, reviewer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        claim_and_execute(client_for(reviewer), opened, ReappointmentFlow.notice, notice())
    assert not Notification.objects.filter(kind=Kind.SYSTEM).exists()
    assert Notification.objects.filter(kind=Kind.TASK_AVAILABLE, recipient=reviewer).exists()


def test_an_ended_term_with_the_procedure_open_is_flagged_once(
    opened, reviewer, inspector, leader_b, holder_user
):
    with _at(opened.term_end - timedelta(days=1)):
        assert services.flag_overdue_reappointments()["flagged"] == 0
    with _at(opened.term_end):
        result = tasks.flag_overdue_reappointments.apply().get()
        assert result["flagged"] == 1 and result["processes"] == [opened.pk]
        again = services.flag_overdue_reappointments()
    assert again["flagged"] == 0
    with _at(opened.term_end + timedelta(days=3)):
        assert services.flag_overdue_reappointments()["flagged"] == 0

    opened.refresh_from_db()
    assert opened.overdue_flagged_at is not None
    entries = AuditEntry.objects.filter(action="reappointment.overdue", process_id=opened.pk)
    assert entries.count() == 1 and entries.get().actor_label == services.SYSTEM_USERNAME
    overdue = Notification.objects.filter(kind=Kind.OVERDUE, process_id=opened.pk)
    assert set(overdue.values_list("recipient__username", flat=True)) == {"reviewer", "inspector"}
    assert overdue.count() == 2  # once each; never the cadre (holder_user) nor another unit's leader
    history = opened.history.order_by("history_date").last()
    assert (
        history.overdue_flagged_at is not None and history.history_user.username == services.SYSTEM_USERNAME
    )


def test_a_closed_procedure_is_never_flagged(opened, reviewer):
    from workflows.common.services import withdraw_procedure

    withdraw_procedure(process=opened, reason="Cán bộ chuyển công tác", actor=reviewer)
    with _at(opened.term_end + timedelta(days=1)):
        assert services.flag_overdue_reappointments()["flagged"] == 0
    assert not ReappointmentProcess.objects.filter(overdue_flagged_at__isnull=False).exists()


def test_the_unit_leaders_hear_that_the_self_assessment_can_be_handed_in(
    client_for, opened, reviewer, leader_a, leader_b, holder_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        claim_and_execute(client_for(reviewer), opened, ReappointmentFlow.notice, notice())
    task = opened.task_set.get(flow_task=ReappointmentFlow.self_assessment)
    told = Notification.objects.filter(kind=Kind.TASK_AVAILABLE, task_id=task.pk)
    assert set(told.values_list("recipient__username", flat=True)) == {"reviewer", "leader_a"}
    assert not Notification.objects.filter(
        recipient__in=[leader_b, holder_user], kind=Kind.TASK_AVAILABLE
    ).exists()
