"""Fixtures for the notifications tests: the probe flow (``apps.notifications.testing``) started in unit A."""

import pytest
from viewflow.workflow.models import Task

from apps.notifications.testing import ProbeFlow
from config.celery import app as celery_app
from workflows.common import runner


@pytest.fixture(autouse=True)
def _celery_in_process():
    """Run tasks in-process even when the environment names a broker (the real-worker CI stage)."""
    conf = celery_app.conf
    saved = conf.task_always_eager, conf.task_eager_propagates
    conf.task_always_eager, conf.task_eager_propagates = True, True
    yield
    conf.task_always_eager, conf.task_eager_propagates = saved


@pytest.fixture
def start_probe():
    """``start_probe(unit, starter)`` → the probe process, waiting at its ``review`` step."""

    def start(unit, starter):
        return ProbeFlow.start.run(unit=unit, starter=starter)

    return start


def task_of(process, node):
    return Task.objects.get(process_id=process.pk, flow_task=node)


def finish_review(process, reviewer):
    """The board reviewer takes and completes the review; the confirm step is created for the starter."""
    task = task_of(process, ProbeFlow.review)
    runner.run_step(task, actor=reviewer)
    return task_of(process, ProbeFlow.confirm)
