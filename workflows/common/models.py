"""Machinery every procedure shares: the fields of a procedure process, step comments and attachments, and due
dates per task.

A concrete procedure (appointment, reappointment, nomination, revocation) declares its Viewflow process as a
multi-table subclass of ``viewflow.workflow.models.Process`` *and* of ``ProcedureFields``, so that the business
columns are real, queryable, reported columns (docs/style.md rule 7) and the scope and conflict-of-interest checks of
``apps.accounts.permissions`` work on it unchanged.
"""

import os

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.history import history
from apps.core.uploads import check_upload


class Outcome(models.TextChoices):
    """How a procedure ended (or that it has not yet)."""

    IN_PROGRESS = "in_progress", _("In progress")
    APPOINTED = "appointed", _("Appointed")
    REJECTED = "rejected", _("Policy rejected")
    NO_CANDIDATE_PASSED = "no_candidate_passed", _("No candidate reached the threshold")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class ProcedureFields(models.Model):
    """The columns every procedure process carries (mixed into each concrete ``Process`` subclass).

    `rule_set` and `rule_snapshot` record the rules the procedure ran under so that a later inspection can replay
    its checks (docs/design.md §3). `unit` is the unit whose seat is filled: it decides who may see and act on the
    procedure (``scope_unit_id``). Subclasses say how to reach their candidates' cadre ids
    (``CONFLICT_CADRE_LOOKUP`` and ``conflicted_cadre_ids``) so that candidates never see or act on it (R10).
    """

    SCOPE_UNIT_LOOKUP = "unit"
    CONFLICT_CADRE_LOOKUP = None

    unit = models.ForeignKey(
        "organisation.OrgUnit",
        verbose_name=_("unit"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    position = models.ForeignKey(
        "organisation.Position",
        verbose_name=_("position"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    seats = models.PositiveSmallIntegerField(_("seats to fill"), default=1)
    rule_set = models.ForeignKey(
        "rulesets.RuleSet",
        verbose_name=_("rule set"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    rule_snapshot = models.JSONField(_("rule values used"), default=dict, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=30, choices=Outcome.choices, default=Outcome.IN_PROGRESS, db_index=True
    )
    outcome_reason = models.TextField(_("reason for the outcome"), blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    policy_approved_on = models.DateField(_("policy approved on"), null=True, blank=True)
    due_on = models.DateField(
        _("procedure due on"),
        null=True,
        blank=True,
        help_text=_("Policy decision due date, then the whole procedure's due date after the policy"),
    )

    class Meta:
        abstract = True

    @property
    def scope_unit_id(self):
        return self.unit_id

    @property
    def params(self):
        """The resolved rule values this procedure runs under (from its snapshot, never re-read)."""
        from apps.rulesets.parameters import Params

        cached = getattr(self, "_params_cache", None)
        if cached is None:
            cached = self._params_cache = Params.from_snapshot(self.rule_snapshot)
        return cached

    def conflicted_cadre_ids(self):
        """Cadre ids of the candidates (R10). Subclasses with candidates override this."""
        return set()

    @property
    def is_open(self):
        return self.outcome == Outcome.IN_PROGRESS


def _upload_to(instance, filename):
    return f"procedures/{instance.process_id}/{instance.kind}/{os.path.basename(filename)}"


def validate_attachment(upload):
    """Documents only, by content, within the product's size limit: the product-wide upload check
    (``apps.core.uploads.check_upload``); returns the content type the file's content shows."""
    return check_upload(upload)


class StepComment(models.Model):
    """A comment written on a procedure, optionally on one of its steps (task)."""

    process = models.ForeignKey(
        "viewflow.Process", verbose_name=_("procedure"), on_delete=models.PROTECT, related_name="comments"
    )
    task = models.ForeignKey(
        "viewflow.Task",
        verbose_name=_("step"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="comments",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(_("comment"), max_length=4000)
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)
    history = history()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("step comment")
        verbose_name_plural = _("step comments")

    def __str__(self):
        return self.text[:60]


class StepAttachment(models.Model):
    """A document attached to a procedure step: submission memo, minutes, vote-count minutes, decision…

    The dossier (ND 170 Đ.35 k.2) needs the minutes and vote-count minutes of every conference step (H6).
    """

    class Kind(models.TextChoices):
        TO_TRINH = "to_trinh", _("Submission memo (tờ trình)")
        BIEN_BAN = "bien_ban", _("Minutes (biên bản)")
        PHIEU_KIEM_PHIEU = "phieu_kiem_phieu", _("Vote-count minutes (biên bản kiểm phiếu)")
        QUYET_DINH = "quyet_dinh", _("Decision (quyết định)")
        SELF_ASSESSMENT = "self_assessment", _("Self-assessment")
        EVALUATION = "evaluation", _("Collective evaluation")
        OTHER = "other", _("Other document")

    process = models.ForeignKey(
        "viewflow.Process", verbose_name=_("procedure"), on_delete=models.PROTECT, related_name="attachments"
    )
    task = models.ForeignKey(
        "viewflow.Task",
        verbose_name=_("step"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="attachments",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    file = models.FileField(_("file"), upload_to=_upload_to, validators=[validate_attachment])
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveIntegerField(_("size (bytes)"))
    content_type = models.CharField(_("type"), max_length=100)
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    history = history()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("step attachment")
        verbose_name_plural = _("step attachments")

    def __str__(self):
        return f"{self.get_kind_display()}: {self.original_name}"


class TaskDeadline(models.Model):
    """When a human step is due, and when its reminder and escalation went out (R12, H7).

    Written by the procedure machinery when a task is created; read by the notifications app's periodic job,
    which sets `reminded_at` / `escalated_at` so that each goes out once.
    """

    task = models.OneToOneField(
        "viewflow.Task", verbose_name=_("step"), on_delete=models.CASCADE, related_name="deadline"
    )
    due_at = models.DateTimeField(_("due at"), db_index=True)
    reminded_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True)
    history = history()

    class Meta:
        ordering = ["due_at"]
        verbose_name = _("step deadline")
        verbose_name_plural = _("step deadlines")

    def __str__(self):
        return f"{self.task_id} → {self.due_at:%d/%m/%Y}"
