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
   organisation board sees it on the "Stuck jobs" page, where ``requeue_stuck`` queues it again.

Retries are done by hand rather than with Celery's ``autoretry_for`` because each failed attempt must be recorded
on the run and the retry must carry the pinned key (a retry after midnight still works on yesterday's key).

**The outbox.** A job asked for by a request or a procedure step (a timeline export, a chain verification) is
not sent to the broker inside the request: ``enqueue(task, *args)`` writes its ``JobRun`` (status queued, a
message id) in the caller's transaction and publishes it with ``transaction.on_commit``. Publishing
(``publish``) never raises: a broker that is down leaves the run queued, with the error on it and in the log, and
the page that asked is answered normally. The beat sweep ``core.publish_waiting_jobs`` (every minute) publishes
again what is still queued ``CADREFLOW_JOB_REPUBLISH_AFTER_MINUTES`` after its last publication (a broker that was
down, or lost its queue: the compose Redis may run without persistence), and what is "running" but whose lease
ran out (its worker died). A duplicate message is harmless: the key makes the second one a no-op.

**The lease.** A delivery that claims a run records itself as the holder (Celery task id, host, process id) and
a heartbeat thread renews ``lease_until`` every third of ``CADREFLOW_JOB_LEASE_SECONDS`` while the function runs,
so a long job keeps its lease however long it takes (up to the Celery time limits) and a killed worker's lease
runs out within one lease. A run whose holder is gone — its lease ran out, or its process no longer exists on
this host (a worker killed with SIGKILL) — is taken over by the next delivery: the redelivered message of the
same task, or the sweep's. A run whose holder is alive is never run a second time at once.

The functions themselves must be idempotent in their own writes (claims with conditional UPDATEs, de-duplication
keys): the key stops a *repeated* message, not a worker killed halfway through its own transaction.

The ``JobRun`` model is in ``apps.core.models``.
"""

import json
import logging
import os
import socket
import threading
import uuid
from datetime import timedelta
from functools import partial

from celery import current_app, shared_task
from celery.utils.time import get_exponential_backoff_interval
from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import JobRun, JobStatus
from .rules import RuleViolation

logger = logging.getLogger(__name__)


def _setting(name, default):
    return getattr(settings, name, default)


def lease_seconds():
    return _setting("CADREFLOW_JOB_LEASE_SECONDS", 120)


def heartbeat_seconds():
    """How often a running job renews its lease: three times per lease."""
    return max(lease_seconds() / 3, 1)


def republish_after():
    """A queued run not published (or not picked up) for this long is published again by the sweep."""
    return timedelta(minutes=_setting("CADREFLOW_JOB_REPUBLISH_AFTER_MINUTES", 5))


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


# --- The outbox -------------------------------------------------------------------------------------------


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
