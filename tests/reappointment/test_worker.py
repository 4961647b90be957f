"""A real Celery worker (Redis broker, PostgreSQL) runs the reappointment opener: the procedure of a due term is
opened by the worker, as the system user, and a redelivered message of the same day opens nothing more.

The worker subprocess, its private queue and its database are set up by the fixtures of the jobs stage
(tests/jobs/test_worker.py). Run with::

    CADREFLOW_CELERY_STAGE=1 CELERY_BROKER_URL=redis://127.0.0.1:6379/13 \\
        DATABASE_URL=postgres://postgres@127.0.0.1:5432/cf_reapp \\
        .venv/bin/pytest -p no:cacheprovider -m celery_worker tests/reappointment/test_worker.py
"""

from datetime import date, timedelta

import pytest

from apps.core.models import JobRun, JobStatus
from tests.factories import PositionFactory, TenureFactory
from tests.jobs.test_worker import start_worker, wait_for, worker, worker_queue  # noqa: F401
from workflows.reappointment import services, tasks
from workflows.reappointment.flows import ReappointmentFlow
from workflows.reappointment.models import ReappointmentProcess

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

NAME = "reappointment.open_due_reappointments"


def test_a_real_worker_opens_the_due_reappointments_once(worker_queue, worker, unit_a):  # noqa: F811
    due = TenureFactory(
        position=PositionFactory(unit=unit_a),
        cadre__current_unit=unit_a,
        term_end=date.today() + timedelta(days=45),
    )
    later = TenureFactory(
        position=PositionFactory(unit=unit_a),
        cadre__current_unit=unit_a,
        term_end=date.today() + timedelta(days=200),
    )
    services.system_user()

    result = tasks.open_due_reappointments.apply_async()

    def done():
        return JobRun.objects.filter(name=NAME, status=JobStatus.SUCCEEDED).exists()

    assert wait_for(done, worker), "the worker did not run the opener in time"
    assert result.id
    process = ReappointmentProcess.objects.get(tenure=due)
    assert process.started_by.username == services.SYSTEM_USERNAME and process.opened_automatically
    assert process.task_set.filter(flow_task=ReappointmentFlow.notice, status="NEW").exists()
    assert not ReappointmentProcess.objects.filter(tenure=later).exists()
    run = JobRun.objects.get(name=NAME)
    assert run.result["opened"] == 1 and run.attempts == 1

    # the same day's message delivered again: skipped by its key; a sweep queued after it proves it was handled
    tasks.open_due_reappointments.apply_async(kwargs={"job_key": run.key})
    tasks.flag_overdue_reappointments.apply_async()
    assert wait_for(
        lambda: JobRun.objects.filter(
            name="reappointment.flag_overdue_reappointments", status=JobStatus.SUCCEEDED
        ).exists(),
        worker,
    )
    assert ReappointmentProcess.objects.count() == 1
    assert JobRun.objects.get(pk=run.pk).attempts == 1
