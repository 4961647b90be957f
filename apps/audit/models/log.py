"""The append-only, hash-chained audit log (DESIGN.md §2.5).

Each entry's `hash` covers its own content and the previous entry's hash, so altering, removing or inserting a
row out of order breaks the chain from that row on; ``manage.py audit_verify`` finds the first broken entry.
The application only ever inserts (``apps.audit.services.record``).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    seq = models.PositiveBigIntegerField(_("sequence"), unique=True, editable=False)
    occurred_at = models.DateTimeField(_("when (UTC)"), editable=False, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="audit_entries",
        editable=False,
    )
    actor_label = models.CharField(_("who (as recorded)"), max_length=200, blank=True, editable=False)
    action = models.CharField(_("action"), max_length=60, db_index=True, editable=False)
    object_type = models.CharField(_("object type"), max_length=100, blank=True, editable=False)
    object_id = models.CharField(_("object id"), max_length=64, blank=True, editable=False)
    object_repr = models.CharField(_("object"), max_length=300, blank=True, editable=False)
    process_id = models.PositiveBigIntegerField(
        _("procedure"), null=True, blank=True, db_index=True, editable=False
    )
    data = models.JSONField(_("data"), default=dict, blank=True, editable=False)
    data_digest = models.CharField(_("data digest"), max_length=64, editable=False)
    prev_hash = models.CharField(_("previous hash"), max_length=64, editable=False)
    hash = models.CharField(_("hash"), max_length=64, unique=True, editable=False)

    class Meta:
        ordering = ["seq"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self):
        return f"#{self.seq} {self.action} {self.object_repr}"
