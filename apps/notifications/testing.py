"""Test support: a tiny flow that exercises ``flow_hooks`` and the timer job against real Viewflow tasks.

Viewflow stores a flow as "<app label>/<module path>.<class>", so a flow must live in an installed app's package
(a flow class defined in a test module cannot be stored). This one uses Viewflow's stock ``Process`` and ``Task``
models — no tables of its own, no migration — and is imported only by ``tests/notifications``; it is mounted in
no site and appears in no menu. Production code never imports this module.

    start (from code, owned by the starter)
      → review: unassigned, in the queue of the unit's organisation board (``on_create`` hook)
      → confirm: assigned to the starter (``on_create`` hook)
      → wait: a one-hour DB timer (fired by ``notifications.fire_workflow_timers``)
      → end

It also declares ``notifications.probe_batch``, a slow tracked job for the killed-worker test (a worker started
with ``-I apps.notifications.testing`` knows it).
"""

import time
from datetime import timedelta

from viewflow import this
from viewflow.workflow import flow, lock
from viewflow.workflow.flow.views import UpdateProcessView

from apps.core.jobs import tracked_job

from . import flow_hooks


def _unit(process):
    from apps.organisation.models import OrgUnit

    return OrgUnit.objects.get(pk=process.data["unit_id"])


def _nothing(*, process, task, actor):
    """A probe step's service: the step is only completed (by the step runner)."""
    return process


class ProbeFlow(flow.Flow):
    """Notification probe"""

    lock_impl = lock.select_for_update_lock

    start = flow.StartHandle(this.start_process).Next(this.review)
    review = (
        flow.View(UpdateProcessView.as_view(fields=[]))
        .Annotation(title="Review the probe")
        .Permission("organisation.act_org_board", obj=_unit)
        .onCreate(flow_hooks.on_create)
        .Next(this.confirm)
    )
    confirm = (
        flow.View(UpdateProcessView.as_view(fields=[]))
        .Annotation(title="Confirm the probe")
        .Assign(this.start.owner)
        .onCreate(flow_hooks.on_create)
        .Next(this.wait)
    )
    wait = flow.Timer(timedelta(hours=1)).Next(this.end)
    end = flow.End()

    #: the step list (``workflows.common.runner``): the probe's steps write nothing of their own
    steps = (("review", _nothing), ("confirm", _nothing))

    def start_process(self, activation, *, unit, starter):
        activation.process.data = {"unit_id": unit.pk}
        activation.task.owner = starter
        return activation.process


@tracked_job("notifications.probe_batch", key=lambda user_id, count, pause: f"probe-batch:{user_id}:{count}")
def probe_batch(user_id, count, pause):
    """Notify one user `count` times, one committed notification at a time, pausing `pause` seconds between:
    idempotent per item (de-duplication keys), like every real job, so a rerun after a kill finishes the batch."""
    from .models import Kind
    from .services import notify

    for n in range(count):
        notify([user_id], Kind.SYSTEM, title=f"Probe {n}", dedupe_key=f"probe-batch:{n}")
        time.sleep(pause)
    return count
