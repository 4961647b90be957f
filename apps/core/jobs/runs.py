"""A tracked job's run: claim it under a lease (renewed by a heartbeat), run the function, record the outcome and retry
with back-off; the stuck runs."""

import os
import socket
import threading
from datetime import timedelta

from celery import current_app, shared_task
from django.db.models import F, Q
from django.utils import timezone

from ..models import JobRun, JobStatus
from .config import (
    _describe,
    _json_safe,
    backoff_seconds,
    heartbeat_seconds,
    lease_seconds,
    logger,
    max_retries,
    republish_after,
    stale_after,
)


def this_holder(task_id=""):
    """Who would hold a run claimed here: the delivery's Celery task id, this host, this process."""
    return {
        "holder_task_id": (task_id or "")[:64],
        "holder_host": socket.gethostname()[:200],
        "holder_pid": os.getpid(),
    }


def holder_gone(run):
    """Is the process that holds `run` gone? Only knowable for a holder on this host (a worker killed here)."""
    if not run.holder_pid or run.holder_host != socket.gethostname() or run.holder_pid == os.getpid():
        return False
    try:
        os.kill(run.holder_pid, 0)
    except ProcessLookupError:
        return True
    except OSError:  # exists, owned by someone else
        return False
    return False


def claim(name, key, *, args=(), kwargs=None, once=True, holder=None):
    """Take the run (name, key) for this delivery; its id, or ``None`` when it must not run now.

    Claimable: a queued or failed run; a running one whose lease ran out or whose holder process is gone (its
    worker was killed); with ``once=False`` a succeeded one too. `holder` (``this_holder(task_id)``) is recorded.
    """
    now = timezone.now()
    holder = holder or this_holder()
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
    if run.status == JobStatus.RUNNING and holder_gone(run):
        claimable |= Q(status=JobStatus.RUNNING, holder_host=run.holder_host, holder_pid=run.holder_pid)
    changed = JobRun.objects.filter(claimable, pk=run.pk).update(
        status=JobStatus.RUNNING,
        attempts=F("attempts") + 1,
        started_at=now,
        finished_at=None,
        lease_until=now + timedelta(seconds=lease_seconds()),
        due_at=None,
        updated_at=now,
        **holder,
    )
    if changed == 1 and run.status == JobStatus.RUNNING:
        logger.warning(
            "Job %s [%s] taken over from %s pid %s (task %s): its worker is gone",
            name, key, run.holder_host, run.holder_pid, run.holder_task_id,
        )  # fmt: skip
    return run.pk if changed == 1 else None


class _Heartbeat(threading.Thread):
    """Renews the lease of a run while its function works (its own database connection, closed at the end)."""

    def __init__(self, run_id, holder):
        super().__init__(name=f"job-heartbeat-{run_id}", daemon=True)
        self.run_id, self.holder, self.done = run_id, holder, threading.Event()

    def run(self):
        from django.db import connection

        try:
            while not self.done.wait(heartbeat_seconds()):
                now = timezone.now()
                try:
                    renewed = JobRun.objects.filter(
                        pk=self.run_id, status=JobStatus.RUNNING, **self.holder
                    ).update(lease_until=now + timedelta(seconds=lease_seconds()), updated_at=now)
                except Exception:
                    logger.exception("Renewing the lease of job run %s failed", self.run_id)
                    continue
                if not renewed:
                    logger.warning(
                        "Job run %s is no longer held by this delivery: heartbeat stopped", self.run_id
                    )
                    return
        finally:
            connection.close()

    def stop(self):
        self.done.set()
        self.join(timeout=10)


def _finish(run_id, status, *, error="", result=None, due_at=None, holder=None):
    now = timezone.now()
    changed = JobRun.objects.filter(pk=run_id, **(holder or {})).update(
        status=status,
        last_error=error,
        result=_json_safe(result) if result is not None else None,
        finished_at=None if status == JobStatus.QUEUED else now,
        lease_until=None,
        due_at=due_at,
        updated_at=now,
    )
    if not changed:
        logger.warning(
            "Job run %s was taken over by another delivery; its %s result is not recorded", run_id, status
        )


def _run_tracked(task, func, name, key, once, args, kwargs, job_key):
    job_key = job_key or key(*args, **kwargs)
    request = task.request
    in_process_retries = 0
    holder = this_holder(request.id)
    while True:
        run_id = claim(name, job_key, args=args, kwargs=kwargs, once=once, holder=holder)
        if run_id is None:
            logger.info("Job %s [%s] already done or running elsewhere, skipped", name, job_key)
            return {"skipped": True, "key": job_key}
        heartbeat = None if request.is_eager or request.called_directly else _Heartbeat(run_id, holder)
        if heartbeat is not None:
            heartbeat.start()
        try:
            result = func(*args, **kwargs)
        except Exception as exc:
            error = _describe(exc)
            retries = in_process_retries if request.is_eager else (request.retries or 0)
            limit = max_retries()
            if request.called_directly or retries >= limit:
                logger.error("Job %s [%s] failed for good: %s", name, job_key, error)
                _finish(run_id, JobStatus.FAILED, error=error, holder=holder)
                raise
            logger.warning("Job %s [%s] failed (attempt %s), retrying: %s", name, job_key, retries + 1, error)
            countdown = 0 if request.is_eager else backoff_seconds(retries)
            due = timezone.now() + timedelta(seconds=countdown)
            _finish(run_id, JobStatus.QUEUED, error=error, due_at=due, holder=holder)
            if request.is_eager:
                # In-process (no broker): nothing could deliver a delayed retry, and an eager Retry would
                # propagate to the caller; retry here, at once.
                in_process_retries += 1
                continue
            # A broker that is down here loses nothing: the run stays queued and the sweep publishes it once due.
            raise task.retry(
                exc=exc,
                args=list(args),
                kwargs={**kwargs, "job_key": job_key},
                countdown=countdown,
                max_retries=limit,
            ) from exc
        finally:
            if heartbeat is not None:
                heartbeat.stop()
        _finish(run_id, JobStatus.SUCCEEDED, result=result, holder=holder)
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
        options = {"acks_late": True, "reject_on_worker_lost": True, **task_options}
        task = shared_task(bind=True, name=name, **options)(run)
        task.job_function = func
        task.job_key = key
        return task

    return decorate


def job_task(name):
    """The registered Celery task called `name` (importing every app's tasks module first if it is not known yet:
    Celery's Django fix-up then runs ``django.setup()`` again, which reconfigures logging)."""
    if name not in current_app.tasks:
        current_app.loader.import_default_modules()
    return current_app.tasks[name]


def stuck_runs():
    """Runs that need a person: failed after their last retry; queued/running but untouched for longer than a
    worker could hold them (their worker or retry message was lost); or queued, due, and still not accepted by
    the broker twice the sweep's window after they were asked for (the broker is down)."""
    now = timezone.now()
    unpublished = now - 2 * republish_after()
    return JobRun.objects.filter(
        Q(status=JobStatus.FAILED)
        | Q(status__in=[JobStatus.QUEUED, JobStatus.RUNNING], updated_at__lt=now - stale_after())
        | Q(
            status=JobStatus.QUEUED,
            published_at__isnull=True,
            created_at__lt=unpublished,
            due_at__isnull=True,
        )
    ).order_by("-updated_at", "-pk")
