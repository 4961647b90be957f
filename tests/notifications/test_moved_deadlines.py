"""A step whose due date moves is reminded and escalated again for the new date — once per due date, in order —
with a frozen clock (``workflows.common.deadlines``; issue 4 §1). The probe's ``review`` step waits in the queue
of unit A's organisation board; the national rule set reminds two days before the due date."""

from datetime import date, datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
import time_machine

from apps.accounts.models import Role
from apps.accounts.services import grant_role
from apps.audit.models import AuditEntry
from apps.notifications.models import Kind, Notification
from apps.notifications.testing import ProbeFlow
from tests.factories import UserFactory
from workflows.common.deadlines import end_of_day, move_deadline, schedule_task, set_task_deadline
from workflows.common.models import TaskDeadline
from workflows.common.reminders import send_due_reminders

from .conftest import task_of

pytestmark = pytest.mark.django_db

HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def at(day, hour=9):
    return time_machine.travel(datetime(2026, 12, day, hour, 0, tzinfo=HCM), tick=False)


def due(day):
    return datetime(2026, 12, day, 17, 0, tzinfo=HCM)


@pytest.fixture
def board_a(unit_a, admin_user):
    user = UserFactory(username="board_a")
    grant_role(user=user, role=Role.ORG_BOARD, unit=unit_a, actor=admin_user)
    return user


@pytest.fixture
def review(start_probe, unit_a, leader_a, reviewer, board_a):
    with at(1):
        process = start_probe(unit_a, leader_a)
    task = task_of(process, ProbeFlow.review)
    TaskDeadline.objects.create(task=task, due_at=due(10))
    Notification.objects.all().delete()  # the "new step" notices are not what these tests are about
    return task


def run(day, hour=9):
    with at(day, hour):
        return send_due_reminders()


def kinds(user):
    return list(
        Notification.objects.filter(recipient=user)
        .order_by("created_at", "pk")
        .values_list("kind", flat=True)
    )


def move(task, day):
    deadline = schedule_task(task, due(day))
    deadline.refresh_from_db()
    return deadline


def test_a_due_date_moved_later_is_reminded_and_escalated_again_once_per_date_in_order(review, board_a):
    assert run(8) == {"reminded": 0, "escalated": 0}  # not yet two days before the 10th
    assert run(9) == {"reminded": 1, "escalated": 0}
    assert run(9, 15) == {"reminded": 0, "escalated": 0}  # once per due date
    with at(9, 16):
        deadline = move(review, 15)
    assert deadline.reminded_at is None and deadline.escalated_at is None
    assert run(11) == {
        "reminded": 0,
        "escalated": 0,
    }  # the 10th has passed, but the step is now due on the 15th
    assert run(13, 18) == {"reminded": 1, "escalated": 0}  # two days before the 15th
    assert run(14) == {"reminded": 0, "escalated": 0}
    assert run(16) == {"reminded": 0, "escalated": 1}
    assert run(17) == {"reminded": 0, "escalated": 0}  # escalated once for the 15th
    with at(17, 10):
        deadline = move(review, 22)
    assert deadline.reminded_at is None and deadline.escalated_at is None
    assert run(20, 18) == {"reminded": 1, "escalated": 0}
    assert run(23) == {"reminded": 0, "escalated": 1}
    assert run(24) == {"reminded": 0, "escalated": 0}

    assert kinds(board_a) == [Kind.DUE_SOON, Kind.DUE_SOON, Kind.OVERDUE, Kind.DUE_SOON, Kind.OVERDUE]
    keys = list(
        Notification.objects.filter(recipient=board_a)
        .order_by("created_at", "pk")
        .values_list("dedupe_key", flat=True)
    )
    dates = [key.split(":", 3)[3][:10] for key in keys]
    assert dates == ["2026-12-10", "2026-12-15", "2026-12-15", "2026-12-22", "2026-12-22"]
    escalations = AuditEntry.objects.filter(action="task.escalated", process_id=review.process_id)
    assert sorted(e.data["due_at"][:10] for e in escalations) == ["2026-12-15", "2026-12-22"]


def test_a_due_date_moved_earlier_announces_the_nearer_date_but_does_not_escalate_twice(review, board_a):
    assert run(9) == {"reminded": 1, "escalated": 0}
    with at(9, 10):
        deadline = move(review, 9)  # nearer: the people concerned learn the new date
    assert deadline.reminded_at is None and deadline.escalated_at is None
    assert run(9, 11) == {"reminded": 1, "escalated": 0}
    assert run(10) == {"reminded": 0, "escalated": 1}
    with at(10, 10):
        deadline = move(review, 5)  # earlier still, and already escalated: still overdue, nothing new
    assert deadline.escalated_at is not None
    assert run(11) == {"reminded": 0, "escalated": 0}
    assert kinds(board_a) == [Kind.DUE_SOON, Kind.DUE_SOON, Kind.OVERDUE]


def test_an_unchanged_due_date_keeps_what_was_sent(review):
    assert run(9) == {"reminded": 1, "escalated": 0}
    deadline = TaskDeadline.objects.get(task=review)
    sent = deadline.reminded_at
    assert move_deadline(deadline, due(10)) is False
    with at(9, 12):
        assert move(review, 10).reminded_at == sent
    assert run(10) == {"reminded": 0, "escalated": 0}


def test_set_task_deadline_moves_the_row_to_the_procedures_due_date_and_resets_it(review):
    assert run(9) == {"reminded": 1, "escalated": 0}
    process = SimpleNamespace(
        rule_snapshot={"term_years": 5}, policy_approved_on=None, due_on=date(2026, 12, 18)
    )
    with at(9, 12):
        deadline = set_task_deadline(process, review)
    deadline.refresh_from_db()
    assert deadline.due_at == end_of_day(date(2026, 12, 18))
    assert deadline.reminded_at is None and deadline.escalated_at is None
    assert TaskDeadline.objects.filter(task=review).count() == 1
    assert run(17) == {"reminded": 1, "escalated": 0}
