"""One upload of a registry workbook: its file (private storage), the dry run's report, and whether it was applied."""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.storage import private_storage


def _private_storage():
    return private_storage


def upload_path(instance, filename):
    """A random name under ``registry-imports/``: no cadre's or unit's name reaches the file system."""
    suffix = (
        PurePath(filename).suffix.lower() if PurePath(filename).suffix.lower() in (".xlsx", ".csv") else ""
    )
    return f"registry-imports/{uuid.uuid4().hex}{suffix}"


class ImportRun(models.Model):
    class Status(models.TextChoices):
        CHECKING = "checking", _("Being checked")
        CHECKED = "checked", _("Checked")
        APPLYING = "applying", _("Being imported")
        APPLIED = "applied", _("Imported")
        FAILED = "failed", _("Not imported")

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    filename = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size (bytes)"), default=0)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    file = models.FileField(
        _("file"), upload_to=upload_path, storage=_private_storage, max_length=200, blank=True
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.CHECKING)
    report = models.JSONField(_("report"), default=dict, blank=True)
    issue_count = models.PositiveIntegerField(_("problems"), default=0)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    applied_at = models.DateTimeField(_("imported at"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("registry import")
        verbose_name_plural = _("registry imports")

    def __str__(self):
        return f"{self.filename} ({self.created_at:%d/%m/%Y %H:%M})"

    @property
    def is_busy(self):
        return self.status in (self.Status.CHECKING, self.Status.APPLYING)

    @property
    def may_apply(self):
        return self.status == self.Status.CHECKED and self.issue_count == 0 and bool(self.file)
