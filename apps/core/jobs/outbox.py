"""The outbox: a job asked for by a request or a step is written in the caller's transaction and published after
the commit; the sweep publishes again what is still waiting; a stuck run is queued again."""

import uuid
from functools import partial

from celery import current_app
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import JobRun, JobStatus
from ..rules import RuleViolation
from .config import _describe, _json_safe, logger, max_retries, republish_after
from .runs import job_task, stuck_runs


def enqueue(task, *args, again=False, **kwargs):
    """Ask for the tracked job `task(*args, **kwargs)`: its ``JobRun`` is written now, in the caller's
    transaction, and published to the broker after commit (``publish``; a broker that is down loses nothing).

    A run of the same key that is queued is published again; one that is running or done is left alone, unless
    `again` (the caller wants a finished or failed unit of work done once more). Returns the run.
    """
    key = task.job_key(*args, **kwargs)
    now = timezone.now()
    run, created = JobRun.objects.get_or_create(
        name=task.name,
        key=key,
        defaults={
            "args": _json_safe(list(args)),
            "kwargs": _json_safe(kwargs),
            "task_id": uuid.uuid4().hex,
            "updated_at": now,
        },
    )
    if not created:
        restartable = [JobStatus.FAILED, JobStatus.SUCCEEDED] if again else [JobStatus.FAILED]
        if run.status in restartable:
            JobRun.objects.filter(pk=run.pk, status=run.status).update(
                status=JobStatus.QUEUED, due_at=None, finished_at=None, published_at=None, updated_at=now
            )
        elif run.status != JobStatus.QUEUED:
            return run
    transaction.on_commit(partial(publish, run.pk), robust=True)
    return run


def publish(run_id):
    """Hand the run's message to the broker; ``True`` when it took it. Never raises: a broker that is down leaves
    the run queued with the error on it (and in the log), for ``publish_waiting_jobs`` to publish again."""
    run = JobRun.objects.filter(pk=run_id).first()
    if run is None or run.status not in (JobStatus.QUEUED, JobStatus.RUNNING):
        return False
    if not run.task_id:
        run.task_id = run.holder_task_id or uuid.uuid4().hex
        JobRun.objects.filter(pk=run.pk, task_id="").update(task_id=run.task_id)
    eager = current_app.conf.task_always_eager
    try:
        job_task(run.name).apply_async(
            args=run.args, kwargs={**run.kwargs, "job_key": run.key}, task_id=run.task_id
        )
    except Exception as exc:
        if eager:  # the job ran here and failed: it recorded that on its run itself
            logger.exception("Job %s [%s] failed in-process", run.name, run.key)
            return False
        logger.error(
            "Could not publish job %s [%s] (run %s), it stays waiting and will be published again: %s",
            run.name, run.key, run.pk, _describe(exc),
        )  # fmt: skip
        JobRun.objects.filter(pk=run.pk, status=run.status).update(
            last_error=_("Could not hand the job to the broker: {error}").format(error=_describe(exc))[:4000]
        )
        return False
    JobRun.objects.filter(pk=run.pk).update(published_at=timezone.now())
    return True


def waiting_runs():
    """Runs the sweep publishes again: queued and due, but not published (or not taken) within the window; and
    running ones whose lease ran out (their worker died without anyone noticing)."""
    now = timezone.now()
    cutoff = now - republish_after()
    queued = (
        Q(status=JobStatus.QUEUED, updated_at__lt=cutoff)
        & (Q(published_at__isnull=True) | Q(published_at__lt=cutoff))
        & (Q(due_at__isnull=True) | Q(due_at__lt=cutoff))
    )
    lost = Q(status=JobStatus.RUNNING, lease_until__lt=now)
    return JobRun.objects.filter(queued | lost).order_by("updated_at", "pk")


def publish_waiting(limit=500):
    """The sweep's work: publish the waiting runs again; a run whose workers died more often than it may be
    retried is marked failed (it then shows on the Stuck jobs page) instead of being tried forever."""
    counts = {"published": 0, "not_published": 0, "given_up": 0}
    for run in waiting_runs()[:limit]:
        if run.status == JobStatus.RUNNING and run.attempts > max_retries():
            given_up = JobRun.objects.filter(
                pk=run.pk, status=JobStatus.RUNNING, lease_until__lt=timezone.now()
            )
            if given_up.update(
                status=JobStatus.FAILED,
                last_error=_("Its worker stopped {count} times in the middle of the job.").format(
                    count=run.attempts
                ),
                lease_until=None,
                updated_at=timezone.now(),
            ):
                logger.error(
                    "Job %s [%s] lost its worker %s times: marked failed", run.name, run.key, run.attempts
                )
                counts["given_up"] += 1
            continue
        if publish(run.pk):
            counts["published"] += 1
        else:
            counts["not_published"] += 1
    return counts


@transaction.atomic
def requeue_stuck(run):
    """Queue a stuck run again and publish it after commit; the caller records who asked
    (``apps.notifications.services.retry_job``, the "Retry" button of the Stuck jobs page).

    Only a stuck run can be queued again, so a double click or a run that already recovered queues nothing twice.
    """
    if not stuck_runs().filter(pk=run.pk).exists():
        raise RuleViolation("job_not_stuck", _("Only a failed or stuck job can be retried."))
    now = timezone.now()
    changed = (
        stuck_runs()
        .filter(pk=run.pk)
        .update(
            status=JobStatus.QUEUED,
            lease_until=None,
            finished_at=None,
            due_at=None,
            published_at=None,
            task_id=run.task_id or uuid.uuid4().hex,
            updated_at=now,
        )
    )
    if changed != 1:
        raise RuleViolation("job_not_stuck", _("Only a failed or stuck job can be retried."))
    transaction.on_commit(partial(publish, run.pk), robust=True)
    return run
