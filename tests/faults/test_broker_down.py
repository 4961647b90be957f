"""The broker is down when a job is asked for (issue 8 §2): the request is answered normally, the job's run waits
in the outbox (written in the request's transaction), shows on the Stuck jobs page while the broker stays away,
and the sweep publishes it once the broker is back — nothing lost, nothing done twice.

On PostgreSQL with a real Redis as broker (a redis-server of the test's own, killed and started again empty, as the
compose file's Redis without persistence would come back). No worker: the test reads the broker's queue, then runs
the published message as a worker would.
"""

# ruff: noqa: F811 (fixtures imported from other test packages are redefined as arguments)

import base64
import json
import logging
from datetime import timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.audit.models import AuditEntry, ChainVerification, TimelineExport
from apps.audit.services import record
from apps.core.jobs import job_task, publish_waiting, stuck_runs
from apps.core.models import JobRun, JobStatus
from tests.revocation.conftest import appointee, decision, leadership, position, proposer  # noqa: F401

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"


def queued_messages(broker):
    """The task names and ids waiting in the broker's queue."""
    messages = [json.loads(raw) for raw in broker.client().lrange("celery", 0, -1)]
    return [(m["headers"]["task"], m["headers"]["id"]) for m in messages]


def run_as_a_worker(broker):
    """Take every message off the queue and run it in this process, as a worker would."""
    done = []
    while (raw := broker.client().rpop("celery")) is not None:
        message = json.loads(raw)
        headers = message["headers"]
        args, kwargs, _embed = json.loads(base64.b64decode(message["body"]))
        job_task(headers["task"]).apply(args=args, kwargs=kwargs, task_id=headers["id"])
        done.append(headers["task"])
    return done


def later(run, minutes):
    """As if `minutes` had passed since the run was asked for and last touched."""
    past = timezone.now() - timedelta(minutes=minutes)
    JobRun.objects.filter(pk=run.pk).update(created_at=past, updated_at=past)
    JobRun.objects.filter(pk=run.pk, published_at__isnull=False).update(published_at=past)


def test_a_verification_asked_for_while_the_broker_is_down_waits_and_runs_once_it_is_back(
    broker, client_for, inspector, reviewer, caplog
):
    broker.stop()
    client = client_for(inspector)

    with caplog.at_level(logging.ERROR, logger="apps.core.jobs"):
        response = client.post("/inspection/audit/verify/", follow=True)

    assert response.status_code == 200
    verification = ChainVerification.objects.get()
    assert verification.status == ChainVerification.Status.PENDING
    run = JobRun.objects.get(name="audit.verify_audit_chain")
    assert (run.status, run.published_at, run.key) == (
        JobStatus.QUEUED,
        None,
        f"chain-verification:{verification.pk}",
    )
    assert run.last_error  # the broker's refusal, on the run
    assert any("Could not publish job audit.verify_audit_chain" in r.getMessage() for r in caplog.records)

    later(run, 11)  # the broker stays away: the organisation board sees the job waiting
    assert run in stuck_runs()
    page = client_for(reviewer).get(reverse("notifications:jobs:index"))
    assert page.status_code == 200 and f'id="job-{run.pk}"' in page.content.decode()
    assert publish_waiting()["not_published"] == 1  # the sweep, while the broker is still down

    broker.start()  # back, empty
    counts = publish_waiting()

    assert counts["published"] == 1
    run.refresh_from_db()
    assert queued_messages(broker) == [("audit.verify_audit_chain", run.task_id)]
    assert run_as_a_worker(broker) == ["audit.verify_audit_chain"]
    verification.refresh_from_db()
    run.refresh_from_db()
    assert verification.status == ChainVerification.Status.PASSED
    assert (run.status, run.attempts) == (JobStatus.SUCCEEDED, 1)
    assert run not in stuck_runs()


def test_an_export_asked_for_while_the_broker_is_down_is_made_once_when_it_is_back(
    broker,
    client_for,
    inspector,
    decision,
):
    from apps.inspection.views import timelines

    for i in range(timelines.IMMEDIATE_EXPORT_ROWS + 1):
        record("test.note", decision, actor=inspector, data={"i": i})
    broker.stop()
    client = client_for(inspector)

    response = client.post(
        f"/inspection/timelines/decision/{decision.pk}/export/", {"format": "csv"}, follow=True
    )

    assert response.status_code == 200
    export = TimelineExport.objects.get()
    assert export.status == TimelineExport.Status.QUEUED
    run = JobRun.objects.get(name="audit.build_timeline_export")
    assert run.status == JobStatus.QUEUED and run.published_at is None

    broker.start()
    later(run, 6)
    assert publish_waiting()["published"] == 1
    assert publish_waiting()["published"] == 0  # published: not again before the window
    later(run, 6)  # the broker lost it (or no worker took it): published again, same message id
    assert publish_waiting()["published"] == 1
    run.refresh_from_db()
    assert queued_messages(broker) == [("audit.build_timeline_export", run.task_id)] * 2

    done = run_as_a_worker(broker)  # the two messages, then the "export ready" e-mail the job queued
    assert done == ["audit.build_timeline_export"] * 2 + ["notifications.send_notification_emails"]

    export.refresh_from_db()
    run.refresh_from_db()
    assert export.status == TimelineExport.Status.DONE
    assert (run.status, run.attempts) == (JobStatus.SUCCEEDED, 1)
    assert AuditEntry.objects.filter(action="timeline.exported").count() == 1
    folder = Path(export.file.storage.path("timeline-exports"))
    assert [f.name for f in folder.iterdir()] == [Path(export.file.name).name]  # no orphan file
