"""A real Celery worker on Redis and PostgreSQL runs ``notifications.send_due_reminders`` and the e-mail task it
queues; the test waits for their effects in the database.

How the worker reaches the test's data
--------------------------------------
pytest-django creates the test database as ``"test_" + NAME`` of ``DATABASE_URL`` (with a ``_gw<n>`` suffix under
xdist), and this transactional test commits its rows there. The test does not rely on a worker started beforehand
(it could not know that worker's database): it starts its own ``celery -A config worker --pool=solo`` subprocess with
``DATABASE_URL`` pointing at exactly the database the live test connection uses, on the same broker, consuming a
queue of its own (``CELERY_TASK_DEFAULT_QUEUE=cf-test-<random>``, the same name set on this process's Celery app for
the test). So a worker that a CI stage runs elsewhere never takes these messages, and this worker takes no one
else's. Run it with::

    CELERY_BROKER_URL=redis://127.0.0.1:6379/14 DATABASE_URL=postgres://postgres@127.0.0.1:5432/cf_notif \\
        .venv/bin/pytest -p no:cacheprovider -m celery_worker tests/jobs/test_worker.py

Without a broker URL and PostgreSQL the test is skipped (SQLite's test database lives in this process's memory).
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

from apps.notifications.models import EmailStatus, JobRun, JobStatus, Kind, Notification
from apps.notifications.tasks import fire_workflow_timers, send_due_reminders
from apps.notifications.testing import ProbeFlow
from config.celery import app as celery_app
from workflows.common.models import TaskDeadline

pytestmark = [
    pytest.mark.celery_worker,
    pytest.mark.skipif(
        not settings.CELERY_BROKER_URL
        or not settings.DATABASES["default"]["ENGINE"].startswith("django.db.backends.postgresql"),
        reason="needs CELERY_BROKER_URL (Redis) and DATABASE_URL pointing at PostgreSQL",
    ),
]

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
def worker(worker_queue):
    """A worker subprocess on the test database and the test's queue; its log is printed if the test fails."""
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "DATABASE_CONN_MAX_AGE": "0",  # no connection left open to the test database after the test
        "CELERY_TASK_DEFAULT_QUEUE": worker_queue,
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    log = tempfile.NamedTemporaryFile("w+", prefix="celery-worker-", suffix=".log", delete=False)
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo", "-l", "info",
         "-Q", worker_queue, "-n", f"{worker_queue}@%h", "--without-gossip", "--without-mingle",
         "--without-heartbeat"],
        cwd=BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    yield process
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    log.seek(0)
    print(log.read())  # shown by pytest when the test failed
    log.close()
    os.unlink(log.name)


def wait_for(condition, worker):
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        if condition():
            return True
        assert worker.poll() is None, "the worker exited"
        time.sleep(0.25)
    return False


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
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
