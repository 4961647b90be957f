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


def test_the_board_member_who_opened_the_procedure_is_told_when_it_ends(
    client_for, holder, reviewer, leadership, admin_user, django_capture_on_commit_callbacks, mailoutbox
):
    """The End node tells the initiator (in-app and e-mail), once; the job-opened case has no one to tell."""
    from apps.accounts.models import Role
    from apps.accounts.services import grant_role
    from tests.factories import UserFactory

    from .helpers import conference, counts, dmy, self_assessment, sign

    cadre, tenure = holder
    board = client_for(reviewer)
    assert board.post(ReappointmentFlow.start.reverse("execute"), {"tenure": tenure.pk}).status_code == 302
    process = ReappointmentProcess.objects.get(tenure=tenure)
    assert process.started_by == reviewer
    colleague = UserFactory(username="board2")
    grant_role(user=colleague, role=Role.ORG_BOARD, unit=tenure.position.unit, actor=admin_user)
    other, leaders = client_for(colleague), client_for(leadership)
    claim_and_execute(other, process, ReappointmentFlow.notice, notice())
    claim_and_execute(other, process, ReappointmentFlow.self_assessment, self_assessment())
    key_officials = conference(cadre, counts(30, 27), (20, 7), confidence=True)
    claim_and_execute(other, process, ReappointmentFlow.reappointment_1_key_officials, key_officials)
    claim_and_execute(
        other,
        process,
        ReappointmentFlow.reappointment_2_collective,
        conference(cadre, counts(7, members=7), 3),
    )
    decide = {"choice": "not_reappoint", "reasons": "Không đạt số phiếu tín nhiệm."}
    claim_and_execute(leaders, process, ReappointmentFlow.decide, decide)
    draft = {"effective_from": dmy(process.term_end), "grounds": "Căn cứ Quy định 377-QĐ/TW"}
    claim_and_execute(other, process, ReappointmentFlow.draft_decision, draft)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        claim_and_execute(leaders, process, ReappointmentFlow.sign_decision, sign())
    process.refresh_from_db()
    assert process.outcome == "not_reappointed"
    told = Notification.objects.get(kind=Kind.PROCEDURE_FINISHED, process_id=process.pk)
    assert told.recipient == reviewer
    assert [m.to for m in mailoutbox if m.subject == told.title] == [[reviewer.email]]
