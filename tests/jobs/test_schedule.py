"""The beat schedule and the timer job (``notifications.fire_workflow_timers``)."""

from datetime import timedelta

import pytest
import time_machine
from celery.schedules import crontab
from django.conf import settings
from django.utils import timezone
from viewflow.workflow.models import Task
from viewflow.workflow.status import PROCESS, STATUS

from apps.core.jobs import job_task
from apps.notifications.models import JobRun, JobStatus
from apps.notifications.tasks import fire_workflow_timers
from apps.notifications.testing import ProbeFlow
from workflows.common import runner


def test_every_scheduled_entry_names_a_registered_task_on_a_crontab():
    schedule = settings.CELERY_BEAT_SCHEDULE
    for name in ("fire-workflow-timers", "send-due-reminders", "send-pending-emails"):
        assert isinstance(schedule[name]["schedule"], crontab)
    for entry in schedule.values():
        assert job_task(entry["task"]).name == entry["task"]


@pytest.mark.django_db
def test_the_timer_job_fires_due_timers_only(unit_a, leader_a, reviewer):
    process = ProbeFlow.start.run(unit=unit_a, starter=leader_a)
    for node, user in ((ProbeFlow.review, reviewer), (ProbeFlow.confirm, leader_a)):
        task = Task.objects.get(process_id=process.pk, flow_task=node)
        runner.run_step(task, actor=user)
    timer = Task.objects.get(process_id=process.pk, flow_task=ProbeFlow.wait)
    assert timer.status == STATUS.SCHEDULED

    with time_machine.travel(timezone.now() + timedelta(minutes=59), tick=False):
        assert fire_workflow_timers.delay().get() == {"fired": 0}
    with time_machine.travel(timezone.now() + timedelta(minutes=61), tick=False):
        assert fire_workflow_timers.delay().get() == {"fired": 1}
        assert fire_workflow_timers.delay().get() == {"fired": 0}

    process.refresh_from_db()
    assert process.status == PROCESS.DONE
    run = JobRun.objects.get(name="notifications.fire_workflow_timers")
    assert (run.key, run.status, run.attempts, run.result) == ("timers", JobStatus.SUCCEEDED, 3, {"fired": 0})
