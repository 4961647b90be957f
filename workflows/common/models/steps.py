"""Comments and attachments on a procedure's steps, and the due date of each human step."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.history import history

from .uploads import _upload_to, validate_attachment


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
