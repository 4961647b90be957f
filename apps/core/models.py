"""Models every app may use: the time-stamp base and the record of tracked background jobs (``JobRun``, driven
by ``apps.core.jobs``)."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Succeeded")
    FAILED = "failed", _("Failed")


class JobRun(models.Model):
    """One keyed run of a background job (``apps.core.jobs.tracked_job``).

    (`name`, `key`) is unique: the key says which unit of work the run is ("reminders:2026-11-26T07"), so a
    redelivered or repeated message with a key that already succeeded does nothing. `lease_until` (renewed by a
    heartbeat while the run works) and the holder (message id, host, process id) let a message redelivered after
    a killed worker take over a run that was left "running". The row is also the job's outbox entry: it is
    written in the transaction that asks for the job, and published to the broker after commit. A run that failed after its last
    retry stays `failed` and appears on the organisation board's "Stuck jobs" page with its error; so does a run
    left queued or running far longer than any worker holds one (``apps.core.jobs.stuck_runs``).
    """

    name = models.CharField(_("job"), max_length=200)
    key = models.CharField(_("key"), max_length=200)
    status = models.CharField(
        _("status"), max_length=20, choices=JobStatus.choices, default=JobStatus.QUEUED, db_index=True
    )
    args = models.JSONField(_("arguments"), default=list, blank=True)
    kwargs = models.JSONField(_("keyword arguments"), default=dict, blank=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    lease_until = models.DateTimeField(_("running until at most"), null=True, blank=True)
    updated_at = models.DateTimeField(_("last change"), default=timezone.now, db_index=True)
    result = models.JSONField(_("result"), null=True, blank=True)
    # The outbox (apps.core.jobs.enqueue/publish): the message id the run is published under, when it last
    # reached the broker, and, while a retry waits for its back-off, when it is due.
    task_id = models.CharField(_("message id"), max_length=64, blank=True)
    published_at = models.DateTimeField(_("last published"), null=True, blank=True)
    due_at = models.DateTimeField(_("due at"), null=True, blank=True)
    # The lease holder: which delivery (Celery task id) on which host and process runs it now.
    holder_task_id = models.CharField(_("held by message"), max_length=64, blank=True)
    holder_host = models.CharField(_("held on host"), max_length=200, blank=True)
    holder_pid = models.PositiveIntegerField(_("held by process"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("job run")
        verbose_name_plural = _("job runs")
        constraints = [models.UniqueConstraint(fields=["name", "key"], name="jobrun_unique_name_key")]

    def __str__(self):
        return f"{self.name} [{self.key}] {self.status}"

    @property
    def is_stuck(self):
        """Failed for good, queued/running but untouched for longer than a worker could hold it, or waiting for a
        broker that has refused it for longer than the outbox sweep's window (``apps.core.jobs.stuck_runs``)."""
        from .jobs import stuck_runs  # jobs.py imports this module

        return stuck_runs().filter(pk=self.pk).exists()
