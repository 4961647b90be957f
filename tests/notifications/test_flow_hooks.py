"""Procedure events → notifications (``apps.notifications.flow_hooks``) on real Viewflow tasks of the probe flow
(``apps.notifications.testing.ProbeFlow``: a flow must live in an installed app, so it cannot be declared here)."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone
from viewflow.workflow.models import Process
from viewflow.workflow.status import PROCESS

from apps.accounts.models import Role
from apps.accounts.services import grant_role
from apps.core.history import acting_as
from apps.notifications import flow_hooks
from apps.notifications.models import Kind, Notification
from apps.notifications.tasks import fire_workflow_timers
from apps.notifications.testing import ProbeFlow
from tests.factories import CadreFactory, UserFactory
from workflows.common import runner

from .conftest import finish_review, task_of

pytestmark = pytest.mark.django_db


def received(kind):
    return sorted(Notification.objects.filter(kind=kind).values_list("recipient__username", flat=True))


@pytest.fixture
def board_b(unit_b, admin_user):
    user = UserFactory(username="board_b")
    grant_role(user=user, role=Role.ORG_BOARD, unit=unit_b, actor=admin_user)
    return user


def test_an_unassigned_step_tells_everyone_in_its_queue_and_no_one_else(
    start_probe, unit_a, leader_a, reviewer, inspector, board_b
):
    process = start_probe(unit_a, leader_a)

    assert received(Kind.TASK_AVAILABLE) == ["reviewer"]
    notification = Notification.objects.get(kind=Kind.TASK_AVAILABLE)
    assert notification.task_id == task_of(process, ProbeFlow.review).pk
    assert notification.process_id == process.pk
    assert Notification.objects.count() == 1


def test_an_assigned_step_tells_its_owner(start_probe, unit_a, leader_a, reviewer):
    process = start_probe(unit_a, leader_a)

    confirm = finish_review(process, reviewer)

    assert confirm.owner == leader_a
    assert received(Kind.TASK_ASSIGNED) == ["leader_a"]
    assert Notification.objects.get(kind=Kind.TASK_ASSIGNED).task_id == confirm.pk


def test_nobody_is_told_about_a_step_they_took_themselves(
    start_probe, unit_a, leader_a, reviewer, admin_user
):
    process = start_probe(unit_a, leader_a)
    review = task_of(process, ProbeFlow.review)
    runner.claim(review, actor=reviewer)
    review.refresh_from_db()

    with acting_as(reviewer):
        assert flow_hooks.on_task_created(review) == []
    assert received(Kind.TASK_ASSIGNED) == []

    flow_hooks.on_task_assigned(review, by=admin_user)
    assert received(Kind.TASK_ASSIGNED) == ["reviewer"]


def test_hooks_called_twice_for_one_event_send_nothing_new(start_probe, unit_a, leader_a, reviewer):
    process = start_probe(unit_a, leader_a)
    review = task_of(process, ProbeFlow.review)

    assert flow_hooks.on_task_created(review) == []
    flow_hooks.on_task_returned(review, "Thiếu bản tự kiểm điểm")
    flow_hooks.on_task_returned(review, "Thiếu bản tự kiểm điểm")

    assert Notification.objects.filter(recipient=reviewer).count() == 2  # available + returned


def test_a_returned_step_tells_its_owner_why_and_is_not_announced_twice(
    start_probe, unit_a, leader_a, reviewer
):
    process = start_probe(unit_a, leader_a)
    review = task_of(process, ProbeFlow.review)
    runner.claim(review, actor=reviewer)
    review.refresh_from_db()

    flow_hooks.on_task_returned(review, "Thiếu bản tự kiểm điểm")
    flow_hooks.on_task_created(review)  # the machinery calls this too when the returned step is created

    returned = Notification.objects.get(kind=Kind.RETURNED)
    assert returned.recipient == reviewer
    assert "Thiếu bản tự kiểm điểm" in returned.body
    assert received(Kind.TASK_ASSIGNED) == []


def test_candidates_are_never_told_about_their_own_procedure(
    start_probe, unit_a, leader_a, reviewer, admin_user, monkeypatch
):
    candidate_board = UserFactory(username="candidate_board", cadre=CadreFactory(current_unit=unit_a))
    grant_role(user=candidate_board, role=Role.ORG_BOARD, unit=unit_a, actor=admin_user)
    # The probe runs on Viewflow's plain Process; real procedures answer this from their candidates (R10).
    monkeypatch.setattr(
        Process, "conflicted_cadre_ids", lambda self: {candidate_board.cadre_id}, raising=False
    )

    start_probe(unit_a, leader_a)

    assert received(Kind.TASK_AVAILABLE) == ["reviewer"]


def test_the_starter_is_told_once_when_the_procedure_ends(start_probe, unit_a, leader_a, reviewer):
    process = start_probe(unit_a, leader_a)
    confirm = finish_review(process, reviewer)
    runner.run_step(confirm, actor=leader_a)
    with time_machine.travel(timezone.now() + timedelta(hours=2), tick=False):
        fire_workflow_timers.delay()
    process.refresh_from_db()
    assert process.status == PROCESS.DONE

    flow_hooks.on_process_finished(process)
    flow_hooks.on_process_finished(process)

    assert received(Kind.PROCEDURE_FINISHED) == ["leader_a"]
    assert Notification.objects.get(kind=Kind.PROCEDURE_FINISHED).process_id == process.pk


def test_a_failing_hook_fails_the_step_as_a_whole_nothing_half_saved(
    start_probe, unit_a, leader_a, reviewer, monkeypatch, caplog
):
    """The in-app notifications are written in the step's transaction: a step is never saved with its
    notification silently lost (issue 8 §2). Only a de-duplication conflict is swallowed."""
    from viewflow.workflow.models import Process

    def broken(*args, **kwargs):
        raise RuntimeError("notification table on fire")

    monkeypatch.setattr(flow_hooks, "notify", broken)
    before = Process.objects.count()

    with pytest.raises(RuntimeError):
        start_probe(unit_a, leader_a)

    assert Process.objects.count() == before
    assert Notification.objects.count() == 0
    assert "Notification hook on_task_created failed" in caplog.text


def test_only_the_de_duplication_conflict_is_swallowed(leader_a, caplog):
    from django.db import IntegrityError

    from apps.notifications import services

    notice = {"title": "Probe", "dedupe_key": "probe:once"}
    first = services.notify([leader_a], Kind.SYSTEM, **notice)
    row = Notification(recipient=leader_a, kind=Kind.SYSTEM, title="Again", dedupe_key="probe:once")

    with caplog.at_level("INFO", logger="apps.notifications.services"):
        assert services._insert([row]) == []  # a concurrent sender's row: not sent twice, logged
    assert "already sent" in caplog.text
    assert [n.pk for n in Notification.objects.all()] == [first[0].pk]

    untitled = Notification(recipient=leader_a, kind=Kind.SYSTEM, title=None, dedupe_key="other")
    with pytest.raises(IntegrityError):
        services._insert([untitled])  # any other integrity error is not swallowed
