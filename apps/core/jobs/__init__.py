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

from .config import (
    backoff_seconds,
    heartbeat_seconds,
    lease_seconds,
    logger,
    max_retries,
    period_key,
    republish_after,
    stale_after,
)
from .outbox import enqueue, publish, publish_waiting, requeue_stuck, waiting_runs
from .runs import _Heartbeat as _Heartbeat  # the lease tests drive it directly
from .runs import claim, holder_gone, job_task, stuck_runs, this_holder, tracked_job

__all__ = [
    "backoff_seconds",
    "claim",
    "enqueue",
    "heartbeat_seconds",
    "holder_gone",
    "job_task",
    "lease_seconds",
    "logger",
    "max_retries",
    "period_key",
    "publish",
    "publish_waiting",
    "republish_after",
    "requeue_stuck",
    "stale_after",
    "stuck_runs",
    "this_holder",
    "tracked_job",
    "waiting_runs",
]
