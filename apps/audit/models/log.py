"""The append-only, hash-chained audit log (docs/design.md §2.5, issue 5 part 1).

Each entry's `hash` covers every stored field of the entry and the previous entry's hash, so altering, removing
or inserting a row out of order breaks the chain from that row on; ``manage.py audit_verify`` finds the first
broken entry. Each entry also carries an HMAC of its hash under a key the database does not hold
(``apps.audit.keys``), so a row appended by someone without the key fails verification, and signed checkpoints of
the head kept outside the table (``apps.audit.checkpoints``) reveal removed newest entries. The application only ever inserts (``apps.audit.services.record``): the model, its manager and
the database itself (triggers installed by migration 0002) refuse updates and deletes.
"""

from django.conf import settings
from django.db import models
from django.db.models.fields.json import KeyTransform
from django.utils.translation import gettext_lazy as _


class AuditLogIsAppendOnly(Exception):
    """Someone tried to change or remove an audit entry through the ORM."""


def _refuse(what):
    raise AuditLogIsAppendOnly(f"The audit log is append-only: {what} is refused.")


class AuditEntryQuerySet(models.QuerySet):
    """Reads and inserts only: every bulk change path raises."""

    def update(self, **kwargs):
        _refuse("update()")

    def delete(self):
        _refuse("delete()")

    def _raw_delete(self, using):
        _refuse("delete()")

    def bulk_update(self, objs, fields, batch_size=None):
        _refuse("bulk_update()")

    def update_or_create(self, *args, **kwargs):
        _refuse("update_or_create()")


class AuditEntry(models.Model):
    """One state change that matters: who did what to which object, when, with a digest of the data."""

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
    # HMAC of the hash under a key outside the database (apps.audit.keys); blank on entries written before keys
    key_id = models.CharField(_("key"), max_length=32, blank=True, default="", db_default="", editable=False)
    mac = models.CharField(
        _("authentication code"), max_length=64, blank=True, default="", db_default="", editable=False
    )

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["seq"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        indexes = [
            models.Index(fields=["object_type", "object_id"]),
            # the cadre timeline finds entries about a cadre by ``data__cadre`` (an expression index: no new
            # column, so the hashed fields, the stored rows and the append-only triggers stay as they are)
            models.Index(KeyTransform("cadre", "data"), name="audit_entry_data_cadre_idx"),
        ]

    def __str__(self):
        return f"#{self.seq} {self.action} {self.object_repr}"

    def save(self, *args, **kwargs):
        if not self._state.adding or kwargs.get("force_update") or kwargs.get("update_fields"):
            _refuse("changing an entry")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        _refuse("deleting an entry")


class ChainVerification(models.Model):
    """One run of the chain verification requested from the inspection pages (the run, not the log, is
    updated as it progresses: the result of a background job has to be stored somewhere)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        PASSED = "passed", _("Intact")
        FAILED = "failed", _("Broken")
        ERROR = "error", _("Could not run")

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    status = models.CharField(_("result"), max_length=10, choices=Status.choices, default=Status.PENDING)
    entries_checked = models.PositiveBigIntegerField(_("entries checked"), default=0)
    head_seq = models.PositiveBigIntegerField(_("head sequence"), null=True, blank=True)
    head_hash = models.CharField(_("head hash"), max_length=64, blank=True)
    broken_seq = models.PositiveBigIntegerField(_("first broken entry"), null=True, blank=True)
    problem = models.CharField(_("problem"), max_length=40, blank=True)
    detail = models.TextField(_("detail"), blank=True)
    elapsed_ms = models.PositiveIntegerField(_("time (ms)"), null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("chain verification")
        verbose_name_plural = _("chain verifications")

    def __str__(self):
        return f"{self.requested_at:%d/%m/%Y %H:%M} {self.get_status_display()}"
