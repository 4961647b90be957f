"""A worker killed (SIGKILL) in the middle of a timeline export (issue 8 §2): the redelivery of the same message
takes the run over from the dead holder at once, and the export is made exactly once — one ``timeline.exported``
entry, one file, no orphan left by the killed attempt. Real worker processes on Redis and PostgreSQL (the Celery
stage runs it: ``make celery-stage``); see tests/jobs/test_worker.py for how the workers reach the test database.
"""

# ruff: noqa: F811 (fixtures imported from other test packages are redefined as arguments)

from pathlib import Path

import pytest
from django.db import transaction
from django.utils import timezone

from apps.audit.models import AuditEntry, TimelineExport
from apps.audit.services import record
from apps.core.models import JobRun, JobStatus
from apps.inspection.services.exports import request_export
from tests.jobs.test_worker import start_worker, wait_for, worker_queue  # noqa: F401
from tests.revocation.conftest import appointee, decision, leadership, position, proposer  # noqa: F401

pytestmark = pytest.mark.celery_worker


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_in_the_middle_of_an_export_leaves_it_made_once(
    start_worker,
    settings,
    tmp_path,
    inspector,
    decision,
):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    storage_env = {"DJANGO_PRIVATE_MEDIA_ROOT": str(tmp_path)}
    for i in range(12):
        record("test.note", decision, actor=inspector, data={"i": i})
    with transaction.atomic():  # the request's transaction: the run is published when it commits
        export, _created = request_export(actor=inspector, kind="decision", pk=decision.pk, fmt="csv")
    first = start_worker(include=["tests.faults.slow_jobs"], CADREFLOW_TEST_EXPORT_PAUSE="60", **storage_env)

    def written():
        name = TimelineExport.objects.filter(pk=export.pk).values_list("file", flat=True).first()
        return bool(name) and (tmp_path / name).exists()

    assert wait_for(written, first), "the first worker never wrote the file"
    first.kill()  # SIGKILL between writing the file and recording it
    first.wait()
    run = JobRun.objects.get(name="audit.build_timeline_export")
    assert (run.status, run.holder_pid) == (JobStatus.RUNNING, first.pid)
    assert run.lease_until > timezone.now()
    assert not AuditEntry.objects.filter(action="timeline.exported").exists()

    second = start_worker(CELERY_VISIBILITY_TIMEOUT="10", CELERY_UNACKED_RESTORE_THROTTLE="1", **storage_env)

    assert wait_for(lambda: JobRun.objects.filter(pk=run.pk, status=JobStatus.SUCCEEDED).exists(), second), (
        "the redelivered export did not finish"
    )
    run.refresh_from_db()
    export.refresh_from_db()
    assert (run.attempts, run.holder_pid, run.holder_task_id) == (2, second.pid, run.task_id)
    assert export.status == TimelineExport.Status.DONE
    assert AuditEntry.objects.filter(action="timeline.exported").count() == 1
    files = [p.relative_to(tmp_path).as_posix() for p in Path(tmp_path).rglob("*") if p.is_file()]
    assert files == [export.file.name]
    assert len(export.file.read().decode("utf-8").splitlines()) > 12
