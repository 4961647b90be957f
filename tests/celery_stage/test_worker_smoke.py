"""A real worker takes tasks from Redis and writes to PostgreSQL; beat sends the product's schedule."""

import uuid
from datetime import timedelta

import pytest
from django.apps import apps
from django.utils import timezone

from apps.audit.models import AuditEntry
from apps.audit.tasks import ping

from .conftest import wait_until

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


def test_a_queued_ping_is_run_by_the_worker_and_its_audit_entry_lands_in_postgresql(stage_worker):
    token = uuid.uuid4().hex

    result = ping.delay(token)

    assert result.id  # sent to the broker, not run here (stage_worker checked that tasks are not eager)
    assert not AuditEntry.objects.filter(action="core.ping", data__token=token).exists()
    entry = wait_until(
        lambda: AuditEntry.objects.filter(action="core.ping", data__token=token).first(),
        what=f"the worker's core.ping entry with token {token}",
    )
    assert entry.actor_label == "system"


def test_pings_queued_together_are_each_run_once(stage_worker):
    tokens = [uuid.uuid4().hex for _ in range(5)]

    for token in tokens:
        ping.delay(token)

    wait_until(
        lambda: AuditEntry.objects.filter(action="core.ping", data__token__in=tokens).count() >= len(tokens),
        what="five core.ping entries",
    )
    counts = [AuditEntry.objects.filter(action="core.ping", data__token=token).count() for token in tokens]
    assert counts == [1] * len(tokens)


def test_beat_sends_the_every_minute_timer_job_and_the_worker_runs_it(stage_worker, settings):
    """``fire-workflow-timers`` (settings.CELERY_BEAT_SCHEDULE, every minute) is a tracked job: each run touches
    its ``JobRun`` row. A row changed after the test started was written by the worker for a beat message."""
    assert (
        settings.CELERY_BEAT_SCHEDULE["fire-workflow-timers"]["task"] == "notifications.fire_workflow_timers"
    )
    job_run = apps.get_model("core", "JobRun")
    started = timezone.now() - timedelta(seconds=1)

    run = wait_until(
        lambda: job_run.objects.filter(
            name="notifications.fire_workflow_timers",
            updated_at__gte=started,
            status__in=["succeeded", "failed"],
        ).first(),
        what="beat's notifications.fire_workflow_timers run to finish",
        timeout=100,
    )
    assert run.status == "succeeded", run.last_error
