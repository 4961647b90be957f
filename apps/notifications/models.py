"""In-app notifications with their e-mail copy, and the record of every tracked background job.

`Notification` is what the bell counts and the list shows (issue 4 §4). It is an event, not a domain record, and
keeps no simple-history (issue 13: a history row per notification and per read receipt was a large share of the
bytes and queries of a step). "Was X told, and when did they read it" is on the row itself: ``created_at``,
``read_at``, ``emailed_at``; what the step changed is in the procedure's own history and the audit chain.

The record of tracked background jobs (`JobRun`) lives in ``apps.core`` beside the code that drives it
(``apps.core.jobs``).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Kind(models.TextChoices):
    TASK_ASSIGNED = "task_assigned", _("A step was assigned to you")
    TASK_AVAILABLE = "task_available", _("A step is waiting in your unit's queue")
    DUE_SOON = "due_soon", _("A step is due soon")
    OVERDUE = "overdue", _("A step is overdue")
    RETURNED = "returned", _("A step was returned to you")
    PROCEDURE_FINISHED = "procedure_finished", _("A procedure you started has ended")
    ESCALATED = "escalated", _("An overdue step was escalated to you")
    REPORT_UPDATE = "report_update", _("A report you follow was updated")
    SYSTEM = "system", _("System message")


class EmailStatus(models.TextChoices):
    NOT_WANTED = "not_wanted", _("No e-mail (muted or no address)")
    PENDING = "pending", _("To be sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Could not be sent")


class NotificationQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(recipient_id=user.pk)

    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """One message to one user. `dedupe_key` makes a sender idempotent: a recipient never gets two
    notifications with the same key (a reminder job that runs twice sends nothing new)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    title = models.CharField(pgettext_lazy("heading", "title"), max_length=300)
    body = models.TextField(_("message"), blank=True)
    #: the event's words to translate at read time (``apps.notifications.texts``): {"title": …, "body": …}
    message = models.JSONField(_("message to translate"), default=dict, blank=True)
    link = models.CharField(_("link"), max_length=500, blank=True)
    process = models.ForeignKey(
        "viewflow.Process",
        verbose_name=_("procedure"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    task = models.ForeignKey(
        "viewflow.Task",
        verbose_name=_("step"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    dedupe_key = models.CharField(_("de-duplication key"), max_length=200, blank=True, default="")
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    email_status = models.CharField(
        _("e-mail"), max_length=20, choices=EmailStatus.choices, default=EmailStatus.NOT_WANTED
    )
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)
    email_attempts = models.PositiveSmallIntegerField(_("e-mail attempts"), default=0)
    email_error = models.TextField(_("last e-mail error"), blank=True)
    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "dedupe_key"],
                condition=~Q(dedupe_key=""),
                name="notification_unique_recipient_key",
            )
        ]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread_idx"),
            models.Index(fields=["email_status"], name="notification_email_idx"),
        ]

    def __str__(self):
        return f"{self.recipient} — {self.title}"

    @property
    def is_read(self):
        return self.read_at is not None

    @property
    def shown_title(self):
        """The title in the reader's (active) language when the event was stored, else as it was written."""
        from .texts import render

        return render(self.message["title"]) if self.message.get("title") else self.title

    @property
    def shown_body(self):
        from .texts import render

        return render(self.message["body"]) if self.message.get("body") else self.body
