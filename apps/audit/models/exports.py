"""Timeline exports prepared in the background (docs/design.md §2.6; issue 5): the request, its state and the file.

A timeline of more than ``IMMEDIATE_EXPORT_ROWS`` events is exported by a Celery job (``audit.build_timeline_export``)
rather than in the request. The row is the request and its result; the job's own run (attempts, errors, retries)
is the ``JobRun`` keyed ``timeline-export:<id>``. The file lives in the private storage (outside MEDIA_ROOT) and is
served only to the person who asked for it, while they may still read the timeline.

One export per (requester, subject, format, filters, timeline version): asking again for the same export while the
timeline has not changed returns the existing row instead of running the job twice (``fingerprint``, unique).
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .reports import _private_storage


def export_path(instance, filename):
    """A random name under ``timeline-exports/``: the subject's name never appears in the file system."""
    suffix = ".pdf" if instance.format == TimelineExport.Format.PDF else ".csv"
    return f"timeline-exports/{uuid.uuid4().hex}{suffix}"


class TimelineExport(models.Model):
    """One requested export of a timeline (per procedure, cadre, decision or user) as CSV or PDF."""

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        PDF = "pdf", "PDF"

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting")
        RUNNING = "running", _("Being prepared")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        related_name="timeline_exports",
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    subject_kind = models.CharField(_("timeline of"), max_length=20)
    subject_id = models.PositiveBigIntegerField(_("subject id"))
    title = models.CharField(pgettext_lazy("heading", "title"), max_length=300)
    format = models.CharField(_("format"), max_length=3, choices=Format.choices)
    query = models.CharField(_("filters"), max_length=1000, blank=True)
    rows_requested = models.PositiveIntegerField(_("events when requested"))
    fingerprint = models.CharField(_("fingerprint"), max_length=64, unique=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    rows = models.PositiveIntegerField(_("events exported"), null=True, blank=True)
    file = models.FileField(
        _("file"), upload_to=export_path, storage=_private_storage, max_length=200, blank=True
    )
    size = models.PositiveBigIntegerField(_("size (bytes)"), null=True, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    elapsed_ms = models.PositiveIntegerField(_("time (ms)"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("timeline export")
        verbose_name_plural = _("timeline exports")
        indexes = [models.Index(fields=["requested_by", "-requested_at"], name="timeline_export_mine_idx")]

    def __str__(self):
        return f"{self.title} ({self.get_format_display()}, {self.requested_at:%d/%m/%Y %H:%M})"

    @property
    def filename(self):
        return f"timeline-{self.subject_kind}-{self.subject_id}.{self.format}"

    @property
    def is_ready(self):
        return self.status == self.Status.DONE and bool(self.file)

    @property
    def is_pending(self):
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)
