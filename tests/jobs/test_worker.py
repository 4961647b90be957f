"""Real Celery workers on Redis and PostgreSQL: one runs ``notifications.send_due_reminders`` and the e-mail task it
queues, and the test waits for their effects in the database; another is killed in the middle of a job, and the
job is finished once, by the next worker, from the redelivered message.

How the worker reaches the test's data
--------------------------------------
pytest-django creates the test database as ``"test_" + NAME`` of ``DATABASE_URL`` (with a ``_gw<n>`` suffix under
xdist), and this transactional test commits its rows there. The test does not rely on a worker started beforehand
(it could not know that worker's database): it starts its own ``celery -A config worker --pool=solo`` subprocess with
``DATABASE_URL`` pointing at exactly the database the live test connection uses, on the same broker, consuming a
queue of its own (``CELERY_TASK_DEFAULT_QUEUE=cf-test-<random>``, the same name set on this process's Celery app for
the test). So a worker that a CI stage runs elsewhere never takes these messages, and this worker takes no one
else's. Run it with::

    CADREFLOW_CELERY_STAGE=1 CELERY_BROKER_URL=redis://127.0.0.1:6379/14 \\
        DATABASE_URL=postgres://postgres@127.0.0.1:5432/cf_notif \\
        .venv/bin/pytest -p no:cacheprovider -m celery_worker tests/jobs/test_worker.py

Outside that stage (``CADREFLOW_CELERY_STAGE=1``, see tests/conftest.py) these tests are deselected: SQLite's test
database lives in this process's memory, out of a worker's reach.
"""

import os
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from apps.core.models import JobRun, JobStatus
from apps.notifications.models import EmailStatus, Kind, Notification
from apps.notifications.tasks import fire_workflow_timers
from apps.notifications.testing import ProbeFlow
from config.celery import app as celery_app
from workflows.common.models import TaskDeadline
from workflows.common.tasks import send_due_reminders

# Deselected outside the Celery stage (tests/conftest.py: CADREFLOW_CELERY_STAGE=1, PostgreSQL, Redis).
pytestmark = pytest.mark.celery_worker

BASE_DIR = Path(settings.BASE_DIR)
WAIT_SECONDS = 120


def _database_url():
    db = connection.settings_dict
    credentials = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    host = db["HOST"] or "127.0.0.1"
    port = f":{db['PORT']}" if db["PORT"] else ""
    return f"postgres://{credentials}@{host}{port}/{quote(db['NAME'], safe='')}"


@pytest.fixture
def worker_queue():
    """This process's Celery app sends to a queue only the test's worker consumes."""
    name = f"cf-test-{uuid.uuid4().hex[:10]}"
    conf = celery_app.conf
    saved = conf.task_default_queue, conf.task_always_eager
    conf.task_default_queue, conf.task_always_eager = name, False
    yield name
    conf.task_default_queue, conf.task_always_eager = saved
    with celery_app.connection_for_write() as conn:
        channel = conn.default_channel
        channel.queue_purge(name)
        channel.queue_delete(name)
        client = getattr(channel, "client", None)  # Redis: kombu keeps the queue's bindings in two sets
        if client is not None:
            client.delete(f"_kombu.binding.{name}", f"_kombu.binding_permanent.{name}")


@pytest.fixture
def start_worker(worker_queue):
    """``start_worker(include=(modules,), **env)`` → a worker subprocess on the test database and the test's queue,
    importing `include` too. Every worker is stopped after the test and its log printed (pytest shows it when the
    test failed)."""
    started = []

    def start(*, include=(), **extra_env):
        env = {
            **os.environ,
            "DATABASE_URL": _database_url(),
            "DATABASE_CONN_MAX_AGE": "0",  # no connection left open to the test database after the test
            "CELERY_TASK_DEFAULT_QUEUE": worker_queue,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            **extra_env,
        }
        log = tempfile.NamedTemporaryFile("w+", prefix="celery-worker-", suffix=".log", delete=False)
        process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo", "-l", "info",
             "-Q", worker_queue, "-n", f"{worker_queue}-{len(started)}@%h",
             "-I", ",".join(["apps.notifications.testing", *include]),
             "--without-gossip", "--without-mingle", "--without-heartbeat"],
            cwd=BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        started.append((process, log))
        return process

    yield start
    for process, log in started:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        log.seek(0)
        print(log.read())
        log.close()
        os.unlink(log.name)


@pytest.fixture
def worker(start_worker):
    return start_worker()


def wait_for(condition, worker, seconds=WAIT_SECONDS):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        assert worker.poll() is None, "the worker exited"
        time.sleep(0.25)
    return False


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_sends_the_due_reminders_and_their_e_mails(
    worker_queue, worker, unit_a, leader_a, reviewer
):
    process = ProbeFlow.start.run(unit=unit_a, starter=leader_a)
    review = process.task_set.get(flow_task=ProbeFlow.review)
    TaskDeadline.objects.create(task=review, due_at=timezone.now() + timedelta(hours=20))

    result = send_due_reminders.apply_async()

    def reminded():
        return Notification.objects.filter(
            kind=Kind.DUE_SOON, recipient=reviewer, email_status=EmailStatus.SENT
        ).exists()

    assert wait_for(reminded, worker), "no reminder e-mailed within the time limit"
    assert result.id
    run = JobRun.objects.get(name="notifications.send_due_reminders")
    assert (run.status, run.attempts) == (JobStatus.SUCCEEDED, 1)
    assert TaskDeadline.objects.get(task=review).reminded_at is not None
    # the "new step" notice queued when the probe started went out through the same worker
    assert wait_for(
        lambda: Notification.objects.filter(kind=Kind.TASK_AVAILABLE, email_status=EmailStatus.SENT).exists(),
        worker,
    )

    # A redelivered message of the same key does nothing. The solo worker takes messages in order, so once
    # the timer sweep queued after it has run, the redelivery has been handled.
    send_due_reminders.apply_async(kwargs={"job_key": run.key})
    fire_workflow_timers.apply_async()

    assert wait_for(
        lambda: JobRun.objects.filter(
            name="notifications.fire_workflow_timers", status=JobStatus.SUCCEEDED
        ).exists(),
        worker,
    )
    assert Notification.objects.filter(kind=Kind.DUE_SOON).count() == 1
    assert JobRun.objects.get(pk=run.pk).attempts == 1


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_in_the_middle_of_a_job_leaves_nothing_lost_or_done_twice(start_worker, worker_queue):
    """acks_late: the killed worker's message stays unacknowledged; Redis hands it out again after the visibility
    timeout. The job's lease (renewed by heartbeat, default length) has not run out yet, but its holder process is
    gone, so the redelivered message takes the run over at once and finishes the batch, whose items are
    idempotent."""
    from apps.notifications.testing import probe_batch
    from tests.factories import UserFactory

    user = UserFactory(username="probe", email="")
    fast_recovery = {"CELERY_VISIBILITY_TIMEOUT": "15", "CELERY_UNACKED_RESTORE_THROTTLE": "1"}
    first = start_worker(**fast_recovery)
    probe_batch.apply_async(args=[user.pk, 8, 1.0])

    def probes():
        return Notification.objects.filter(recipient=user, title__startswith="Probe ")

    assert wait_for(lambda: probes().count() >= 2, first), "the first worker never started the job"
    first.kill()  # SIGKILL: no chance to acknowledge, reject or clean up
    first.wait()
    done_before_kill = probes().count()
    run = JobRun.objects.get(name="notifications.probe_batch")
    assert done_before_kill < 8
    assert (run.status, run.holder_pid) == (JobStatus.RUNNING, first.pid)
    assert run.lease_until > timezone.now()  # the lease alone would keep the run from the redelivery

    second = start_worker(**fast_recovery)

    assert wait_for(lambda: JobRun.objects.filter(pk=run.pk, status=JobStatus.SUCCEEDED).exists(), second), (
        "the redelivered job did not finish"
    )
    titles = sorted(probes().values_list("title", flat=True))
    assert titles == [f"Probe {n}" for n in range(8)]
    run.refresh_from_db()
    assert (run.attempts, run.holder_pid) == (2, second.pid)
