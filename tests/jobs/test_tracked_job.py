"""``apps.core.jobs.tracked_job``: keyed idempotence, retries with back-off, stuck runs and the Retry service.

Celery runs in-process here (no broker): retries happen at once instead of after their back-off.
"""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from apps.audit.models import AuditEntry
from apps.core.jobs import (
    backoff_seconds,
    claim,
    period_key,
    stale_after,
    stuck_runs,
    tracked_job,
)
from apps.core.models import JobRun, JobStatus
from apps.core.rules import RuleViolation
from apps.notifications.services import retry_job

pytestmark = pytest.mark.django_db

calls = []
failures_left = {"n": 0}
keys = iter(f"moving-key-{n}" for n in range(1000))


@tracked_job("tests.jobs.count", key=lambda unit_id: f"count:{unit_id}")
def count(unit_id):
    calls.append(unit_id)
    if failures_left["n"] > 0:
        failures_left["n"] -= 1
        raise RuntimeError(f"database hiccup for unit {unit_id}")
    return {"counted": unit_id}


@tracked_job("tests.jobs.sweep", key=lambda: "sweep", once=False)
def sweep():
    calls.append("sweep")
    return len(calls)


@tracked_job("tests.jobs.moving_key", key=lambda: next(keys))
def moving_key():
    calls.append("moving")
    if failures_left["n"] > 0:
        failures_left["n"] -= 1
        raise RuntimeError("not yet")
    return "done"


@pytest.fixture(autouse=True)
def _reset(settings):
    calls.clear()
    failures_left["n"] = 0
    settings.CADREFLOW_JOB_MAX_RETRIES = 3


def test_a_second_run_with_the_same_key_does_nothing():
    assert count.delay(7).get() == {"counted": 7}
    assert count.delay(7).get() == {"skipped": True, "key": "count:7"}
    assert count.delay(8).get() == {"counted": 8}

    assert calls == [7, 8]
    run = JobRun.objects.get(key="count:7")
    assert (run.name, run.status, run.attempts, run.args, run.result) == (
        "tests.jobs.count",
        JobStatus.SUCCEEDED,
        1,
        [7],
        {"counted": 7},
    )


def test_a_sweep_runs_on_every_tick_and_keeps_one_row():
    sweep.delay()
    sweep.delay()

    assert calls == ["sweep", "sweep"]
    run = JobRun.objects.get(name="tests.jobs.sweep")
    assert (run.status, run.attempts) == (JobStatus.SUCCEEDED, 2)


def test_a_job_that_fails_once_succeeds_on_its_retry():
    failures_left["n"] = 1

    assert count.delay(3).get() == {"counted": 3}

    run = JobRun.objects.get(key="count:3")
    assert (run.status, run.attempts, run.last_error) == (JobStatus.SUCCEEDED, 2, "")
    assert not stuck_runs().exists()


def test_a_job_that_keeps_failing_is_retried_then_shown_as_stuck_with_its_error():
    failures_left["n"] = 99

    with pytest.raises(RuntimeError, match="database hiccup"):
        count.delay(5)

    assert calls == [5, 5, 5, 5]  # the first attempt and 3 retries
    run = JobRun.objects.get(key="count:5")
    assert (run.status, run.attempts) == (JobStatus.FAILED, 4)
    assert run.last_error == "RuntimeError: database hiccup for unit 5"
    assert run.finished_at is not None
    assert list(stuck_runs()) == [run]
    assert run.is_stuck


def test_retries_keep_the_key_of_the_first_attempt():
    failures_left["n"] = 2

    assert moving_key.delay().get() == "done"

    assert calls == ["moving"] * 3
    assert list(JobRun.objects.filter(name="tests.jobs.moving_key").values_list("attempts", flat=True)) == [3]


def test_retry_queues_a_stuck_job_again_with_an_audit_entry(reviewer):
    failures_left["n"] = 99
    with pytest.raises(RuntimeError):
        count.delay(9)
    run = JobRun.objects.get(key="count:9")
    failures_left["n"] = 0
    calls.clear()

    retry_job(run, actor=reviewer)  # in-process: the job runs when the surrounding transaction commits

    entry = AuditEntry.objects.get(action="job.retried")
    assert entry.actor == reviewer
    assert entry.data["key"] == "count:9"
    assert "database hiccup" in entry.data["last_error"]
    run.refresh_from_db()
    assert run.status == JobStatus.QUEUED


def test_retry_runs_the_job_on_commit(reviewer, django_capture_on_commit_callbacks):
    failures_left["n"] = 99
    with pytest.raises(RuntimeError):
        count.delay(4)
    run = JobRun.objects.get(key="count:4")
    failures_left["n"] = 0
    calls.clear()

    with django_capture_on_commit_callbacks(execute=True):
        retry_job(run, actor=reviewer)

    assert calls == [4]
    run.refresh_from_db()
    assert (run.status, run.attempts, run.last_error) == (JobStatus.SUCCEEDED, 5, "")
    assert not stuck_runs().exists()


def test_a_run_that_is_not_stuck_cannot_be_retried(reviewer):
    count.delay(1)
    run = JobRun.objects.get(key="count:1")

    with pytest.raises(RuleViolation) as refused:
        retry_job(run, actor=reviewer)

    assert refused.value.rule_code == "job_not_stuck"
    assert not AuditEntry.objects.filter(action="job.retried").exists()
    run.refresh_from_db()
    assert run.status == JobStatus.SUCCEEDED


def test_a_redelivered_message_takes_over_a_run_whose_worker_died():
    now = timezone.now()
    JobRun.objects.create(
        name="tests.jobs.count", key="count:2", status=JobStatus.RUNNING, attempts=1, args=[2],
        lease_until=now - timedelta(seconds=1), updated_at=now - timedelta(minutes=20),
    )  # fmt: skip
    JobRun.objects.create(
        name="tests.jobs.count", key="count:6", status=JobStatus.RUNNING, attempts=1, args=[6],
        lease_until=now + timedelta(minutes=10), updated_at=now,
    )  # fmt: skip

    assert count.delay(2).get() == {"counted": 2}
    assert count.delay(6).get() == {"skipped": True, "key": "count:6"}  # another worker holds it

    assert calls == [2]
    assert JobRun.objects.get(key="count:2").attempts == 2


def test_claim_gives_a_run_to_one_delivery_at_a_time():
    first = claim("tests.jobs.count", "count:11", args=[11])
    second = claim("tests.jobs.count", "count:11", args=[11])

    assert first is not None and second is None


def test_runs_left_queued_or_running_too_long_are_stuck():
    old = timezone.now() - stale_after() - timedelta(minutes=1)
    lost = JobRun.objects.create(name="n", key="lost", status=JobStatus.QUEUED, updated_at=old)
    JobRun.objects.create(name="n", key="fresh", status=JobStatus.QUEUED)
    JobRun.objects.create(name="n", key="done", status=JobStatus.SUCCEEDED, updated_at=old)

    assert list(stuck_runs()) == [lost]


def test_back_off_doubles_up_to_its_cap(settings):
    settings.CADREFLOW_JOB_RETRY_BACKOFF = 60
    settings.CADREFLOW_JOB_RETRY_BACKOFF_MAX = 300

    assert [backoff_seconds(n) for n in range(5)] == [60, 120, 240, 300, 300]


def test_period_keys_name_the_local_hour_or_day():
    at = datetime(2026, 11, 25, 23, 30, tzinfo=UTC)  # 06:30 on the 26th in Hanoi

    assert period_key("reminders", at=at) == "reminders:2026-11-26T06"
    assert period_key("reminders", hours=4, at=at) == "reminders:2026-11-26T04"
    assert period_key("opener", hours=24, at=at) == "opener:2026-11-26"
