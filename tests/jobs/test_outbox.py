"""The outbox and the lease of tracked jobs (``apps.core.jobs``): ``enqueue`` writes the run in the caller's
transaction and publishes it on commit, never raising; the sweep publishes what still waits and gives up on a
run whose worker keeps dying; a run is taken over when its holder process is gone, never while it is alive; the
heartbeat keeps the lease of a running job."""

import os
import subprocess
import sys
import time
from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from apps.core import jobs
from apps.core.jobs import claim, enqueue, publish_waiting, this_holder, tracked_job, waiting_runs
from apps.core.models import JobRun, JobStatus
from config.celery import app as celery_app

pytestmark = pytest.mark.django_db

done = []


@tracked_job("tests.outbox.work", key=lambda item: f"work:{item}")
def work(item):
    done.append(item)
    return item


@pytest.fixture(autouse=True)
def _clear():
    done.clear()


def dead_pid():
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_enqueue_writes_the_run_in_the_transaction_and_runs_it_after_commit(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            run = enqueue(work, 1)
            assert (run.status, done) == (JobStatus.QUEUED, [])  # nothing sent before the commit
            assert run.task_id

    run.refresh_from_db()
    assert (run.status, run.attempts, done) == (JobStatus.SUCCEEDED, 1, [1])
    assert run.published_at is not None


def test_a_rolled_back_request_leaves_no_run_and_sends_nothing(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            enqueue(work, 2)
            raise RuntimeError("the request failed")

    assert callbacks == [] and not JobRun.objects.exists() and done == []


def test_enqueue_again_only_when_asked(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        enqueue(work, 3)
    with django_capture_on_commit_callbacks(execute=True):
        enqueue(work, 3)  # done: left alone
    assert done == [3]
    with django_capture_on_commit_callbacks(execute=True):
        enqueue(work, 3, again=True)
    assert done == [3, 3]


def test_publishing_to_a_broker_that_is_down_never_raises_and_keeps_the_run(monkeypatch):
    run = JobRun.objects.create(name="tests.outbox.work", key="work:4", args=[4], task_id="t-4")

    def refused(*args, **kwargs):
        raise ConnectionRefusedError("broker down")

    monkeypatch.setattr(work, "apply_async", refused)
    conf = celery_app.conf
    conf.task_always_eager = False  # a broker is configured (and down)
    try:
        assert jobs.publish(run.pk) is False
    finally:
        conf.task_always_eager = True
    run.refresh_from_db()
    assert (run.status, run.published_at) == (JobStatus.QUEUED, None)
    assert "broker down" in run.last_error


def test_the_sweep_takes_waiting_and_lost_runs_and_gives_up_on_a_run_that_keeps_losing_its_worker(settings):
    settings.CADREFLOW_JOB_MAX_RETRIES = 2
    now = timezone.now()
    old = now - timedelta(minutes=10)
    waiting = JobRun.objects.create(name="tests.outbox.work", key="work:5", args=[5], updated_at=old)
    fresh = JobRun.objects.create(name="tests.outbox.work", key="work:6", args=[6])
    backing_off = JobRun.objects.create(
        name="tests.outbox.work", key="work:7", args=[7], updated_at=old, due_at=now + timedelta(minutes=30)
    )
    lost = JobRun.objects.create(
        name="tests.outbox.work", key="work:8", args=[8], status=JobStatus.RUNNING, attempts=1,
        lease_until=now - timedelta(seconds=1),
    )  # fmt: skip
    doomed = JobRun.objects.create(
        name="tests.outbox.work", key="work:9", args=[9], status=JobStatus.RUNNING, attempts=3,
        lease_until=now - timedelta(seconds=1),
    )  # fmt: skip

    assert set(waiting_runs()) == {waiting, lost, doomed}
    assert fresh not in waiting_runs() and backing_off not in waiting_runs()
    counts = publish_waiting()  # in-process: publishing runs them

    assert counts == {"published": 2, "not_published": 0, "given_up": 1}
    assert sorted(done) == [5, 8]
    doomed.refresh_from_db()
    assert doomed.status == JobStatus.FAILED and "3" in doomed.last_error


def test_a_run_whose_holder_process_is_gone_is_taken_over_at_once():
    holder = {**this_holder("first-delivery"), "holder_pid": dead_pid()}
    run = JobRun.objects.create(
        name="tests.outbox.work", key="work:10", status=JobStatus.RUNNING, attempts=1,
        lease_until=timezone.now() + timedelta(minutes=10), task_id="first-delivery", **holder,
    )  # fmt: skip

    assert claim("tests.outbox.work", "work:10", holder=this_holder("first-delivery")) == run.pk
    run.refresh_from_db()
    assert (run.holder_pid, run.attempts) == (os.getpid(), 2)


def test_a_run_whose_holder_is_alive_is_never_run_twice_at_once():
    alive = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        JobRun.objects.create(
            name="tests.outbox.work", key="work:11", status=JobStatus.RUNNING, attempts=1,
            lease_until=timezone.now() + timedelta(minutes=10),
            **{**this_holder("first-delivery"), "holder_pid": alive.pid},
        )  # fmt: skip
        assert claim("tests.outbox.work", "work:11", holder=this_holder("first-delivery")) is None
        other_host = JobRun.objects.filter(key="work:11")
        other_host.update(holder_host="another-node", holder_pid=dead_pid())
        assert claim("tests.outbox.work", "work:11", holder=this_holder("redelivery")) is None  # can't tell
    finally:
        alive.kill()
        alive.wait()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_heartbeat_renews_the_lease_while_the_job_runs(settings):
    settings.CADREFLOW_JOB_LEASE_SECONDS = 3  # renewed every second
    holder = this_holder("beating")
    run_id = claim("tests.outbox.work", "work:12", holder=holder)
    first = JobRun.objects.get(pk=run_id).lease_until
    heartbeat = jobs._Heartbeat(run_id, holder)
    heartbeat.start()
    try:
        deadline = time.monotonic() + 10
        while JobRun.objects.get(pk=run_id).lease_until <= first:
            assert time.monotonic() < deadline, "the lease was never renewed"
            time.sleep(0.2)
    finally:
        heartbeat.stop()
    assert not heartbeat.is_alive()
