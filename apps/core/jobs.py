"""Tracked background jobs: keyed, idempotent, retried with back-off, and shown as stuck when they keep failing.

Every Celery task that does business work is declared with ``tracked_job`` (issue 4 §3)::

    @tracked_job("notifications.send_due_reminders", key=lambda: hour_key("reminders"))
    def send_due_reminders():
        ...

Each delivery of the task

1. works out its **key** — the unit of work, e.g. ``"reminders:2026-11-26T07"`` — from the ``job_key`` keyword when
   a retry or the Retry button pinned it, otherwise from ``key(*args, **kwargs)``;
2. **claims** the ``JobRun`` (name, key) with one conditional UPDATE. A queued or failed run, or a run whose lease
   expired (its worker was killed: with ``acks_late`` + ``reject_on_worker_lost`` the broker redelivers the
   message), can be claimed; for a sweep (``once=False``) a succeeded one too. A run that already succeeded
   (``once=True``) or that another worker is holding is skipped — the delivery returns ``{"skipped": ...}``;
3. runs the function; marks the run succeeded, or records the error and **retries** with exponential back-off
   (``settings.CADREFLOW_JOB_RETRY_BACKOFF`` seconds, doubling, at most ``CADREFLOW_JOB_RETRY_BACKOFF_MAX``) up
   to ``settings.CADREFLOW_JOB_MAX_RETRIES`` times; after the last attempt the run is marked **failed** and the
   organisation board sees it on the "Stuck jobs" page, where ``retry_job`` queues it again.

Retries are done by hand rather than with Celery's ``autoretry_for`` because each failed attempt must be recorded
on the run and the retry must carry the pinned key (a retry after midnight still works on yesterday's key).

The functions themselves must be idempotent in their own writes (claims with conditional UPDATEs, de-duplication
keys): the key stops a *repeated* message, not a worker killed halfway through its own transaction.

The ``JobRun`` model lives in ``apps.notifications`` so that one app owns its migrations (see its docstring).
"""

import json
import logging
from datetime import timedelta

from celery import current_app, shared_task
from celery.utils.time import get_exponential_backoff_interval
from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


def _models():
    from apps.notifications.models import JobRun, JobStatus

    return JobRun, JobStatus


def _setting(name, default):
    return getattr(settings, name, default)


def lease_seconds():
    return _setting("CADREFLOW_JOB_LEASE_SECONDS", 900)


def max_retries():
    return _setting("CADREFLOW_JOB_MAX_RETRIES", 3)


def backoff_seconds(retries):
    """Seconds to wait before retry number `retries` + 1: base, 2×base, 4×base… capped."""
    return get_exponential_backoff_interval(
        factor=_setting("CADREFLOW_JOB_RETRY_BACKOFF", 60),
        retries=retries,
        maximum=_setting("CADREFLOW_JOB_RETRY_BACKOFF_MAX", 3600),
        full_jitter=False,
    )


def stale_after():
    """A queued or running run untouched for this long lost its worker or its retry message: it is stuck."""
    return timedelta(
        seconds=lease_seconds() + _setting("CADREFLOW_JOB_RETRY_BACKOFF_MAX", 3600) + 300,
    )


def period_key(prefix, *, hours=1, at=None):
    """A key naming the current period in local time: ``"reminders:2026-11-26T07"`` for hourly jobs,
    ``"reminders:2026-11-26"`` for daily ones (`hours=24`)."""
    local = timezone.localtime(at or timezone.now())
    if hours >= 24:
        return f"{prefix}:{local:%Y-%m-%d}"
    hour = local.hour - local.hour % hours
    return f"{prefix}:{local:%Y-%m-%d}T{hour:02d}"


def _json_safe(value):
    try:
        return json.loads(json.dumps(value))
    except (TypeError, ValueError):
        return repr(value)


def _describe(exc):
    return f"{type(exc).__name__}: {exc}"[:4000]


def claim(name, key, *, args=(), kwargs=None, once=True):
    """Take the run (name, key) for this delivery; its id, or ``None`` when it must not run now."""
    JobRun, JobStatus = _models()
    now = timezone.now()
    run, _created = JobRun.objects.get_or_create(
        name=name,
        key=key,
        defaults={"args": _json_safe(list(args)), "kwargs": _json_safe(kwargs or {}), "updated_at": now},
    )
    claimable = Q(status__in=[JobStatus.QUEUED, JobStatus.FAILED]) | Q(
        status=JobStatus.RUNNING, lease_until__lt=now
    )
    if not once:
        claimable |= Q(status=JobStatus.SUCCEEDED)
    changed = JobRun.objects.filter(claimable, pk=run.pk).update(
        status=JobStatus.RUNNING,
        attempts=F("attempts") + 1,
        started_at=now,
        finished_at=None,
        lease_until=now + timedelta(seconds=lease_seconds()),
        updated_at=now,
    )
    return run.pk if changed == 1 else None


def _finish(run_id, status, *, error="", result=None):
    JobRun, JobStatus = _models()
    now = timezone.now()
    JobRun.objects.filter(pk=run_id).update(
        status=status,
        last_error=error,
        result=_json_safe(result) if result is not None else None,
        finished_at=None if status == JobStatus.QUEUED else now,
        lease_until=None,
        updated_at=now,
    )


def _run_tracked(task, func, name, key, once, args, kwargs, job_key):
    _JobRun, JobStatus = _models()
    job_key = job_key or key(*args, **kwargs)
    request = task.request
    in_process_retries = 0
    while True:
        run_id = claim(name, job_key, args=args, kwargs=kwargs, once=once)
        if run_id is None:
            logger.info("Job %s [%s] already done or running elsewhere, skipped", name, job_key)
            return {"skipped": True, "key": job_key}
        try:
            result = func(*args, **kwargs)
        except Exception as exc:
            error = _describe(exc)
            retries = in_process_retries if request.is_eager else (request.retries or 0)
            limit = max_retries()
            if request.called_directly or retries >= limit:
                logger.error("Job %s [%s] failed for good: %s", name, job_key, error)
                _finish(run_id, JobStatus.FAILED, error=error)
                raise
            logger.warning("Job %s [%s] failed (attempt %s), retrying: %s", name, job_key, retries + 1, error)
            _finish(run_id, JobStatus.QUEUED, error=error)
            if request.is_eager:
                # In-process (no broker): nothing could deliver a delayed retry, and an eager Retry would
                # propagate to the caller; retry here, at once.
                in_process_retries += 1
                continue
            raise task.retry(
                exc=exc,
                args=list(args),
                kwargs={**kwargs, "job_key": job_key},
                countdown=backoff_seconds(retries),
                max_retries=limit,
            ) from exc
        _finish(run_id, JobStatus.SUCCEEDED, result=result)
        return result


def tracked_job(name, *, key, once=True, **task_options):
    """Declare a Celery task whose runs are keyed, recorded, retried and, at the end, shown as stuck.

    `key(*args, **kwargs)` names the unit of work. With `once=True` (default) a key that succeeded never runs
    again; a sweep that must run on every tick (``fire_workflow_timers``) passes `once=False` and a constant key, so
    that it keeps one row whose status says whether the last tick worked. Arguments must be JSON values (ids).
    """

    def decorate(func):
        def run(self, *args, job_key=None, **kwargs):
            return _run_tracked(self, func, name, key, once, args, kwargs, job_key)

        run.__name__ = func.__name__
        run.__qualname__ = func.__qualname__
        run.__doc__ = func.__doc__
        run.__module__ = func.__module__
        options = {"acks_late": True, **task_options}
        task = shared_task(bind=True, name=name, **options)(run)
        task.job_function = func
        return task

    return decorate


def job_task(name):
    """The registered Celery task called `name` (importing every app's tasks module first)."""
    current_app.loader.import_default_modules()
    return current_app.tasks[name]


def stuck_runs():
    """Runs that need a person: failed after their last retry, or queued/running but untouched for longer than
    a worker could hold them (their worker or retry message was lost)."""
    JobRun, JobStatus = _models()
    cutoff = timezone.now() - stale_after()
    return JobRun.objects.filter(
        Q(status=JobStatus.FAILED)
        | Q(status__in=[JobStatus.QUEUED, JobStatus.RUNNING], updated_at__lt=cutoff)
    ).order_by("-updated_at", "-pk")


def _enqueue(run_id):
    JobRun, JobStatus = _models()
    run = JobRun.objects.get(pk=run_id)
    try:
        job_task(run.name).apply_async(args=run.args, kwargs={**run.kwargs, "job_key": run.key})
    except Exception as exc:
        # In-process (eager) runs record their own failure on the run; a broker that refused the message
        # leaves the run queued, so say so on the run rather than losing it.
        JobRun.objects.filter(pk=run_id, status=JobStatus.QUEUED).update(
            status=JobStatus.FAILED,
            last_error=_("Could not queue the job again: {error}").format(error=_describe(exc)),
            updated_at=timezone.now(),
        )
        logger.exception("Retrying job run %s failed", run_id)


@transaction.atomic
def retry_job(run, *, actor):
    """Queue a stuck run again (the "Retry" button of the Stuck jobs page), with an audit entry ``job.retried``.

    Only a stuck run can be retried, so a double click or a run that already recovered queues nothing twice.
    """
    from apps.audit.services import record
    from apps.core.rules import RuleViolation

    JobRun, JobStatus = _models()
    if not stuck_runs().filter(pk=run.pk).exists():
        raise RuleViolation("job_not_stuck", _("Only a failed or stuck job can be retried."))
    now = timezone.now()
    changed = (
        stuck_runs()
        .filter(pk=run.pk)
        .update(status=JobStatus.QUEUED, lease_until=None, finished_at=None, updated_at=now)
    )
    if changed != 1:
        raise RuleViolation("job_not_stuck", _("Only a failed or stuck job can be retried."))
    record(
        "job.retried",
        run,
        actor=actor,
        data={
            "name": run.name,
            "key": run.key,
            "attempts": run.attempts,
            "last_error": run.last_error[:1000],
        },
    )
    transaction.on_commit(lambda: _enqueue(run.pk))
    run.refresh_from_db()
    return run
