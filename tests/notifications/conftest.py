"""Fixtures for the notifications tests: the probe flow (``apps.notifications.testing``) started in unit A."""

import pytest
from viewflow.workflow.models import Task

from apps.notifications.testing import ProbeFlow


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
    with task.activation() as activation:
        activation.assign(reviewer)
    with task.activation() as activation:
        activation.start(None)
        activation.execute()
    return task_of(process, ProbeFlow.confirm)
