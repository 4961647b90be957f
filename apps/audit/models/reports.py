"""Violation reports from citizens, the Fatherland Front and socio-political organisations (phản ánh, tố cáo).

114-QĐ/TW lists the acts (abuse of position, chạy chức chạy quyền…) and asks to protect those who report them;
231-QĐ/TW (2025) protects whistleblowers (docs/procedures.md §10). H25: reports are routed to the inspection
commission, the reporter's identity is shown to nobody else, and an open report about a candidate pauses that
candidate's procedure (R11, ``apps.audit.selectors.open_report_count``).

A report will later be able to open a revocation case (issue 5 part 3): the link belongs on the revocation case
(a nullable FK to ``ViolationReport``) and is written by a service there, so nothing here changes for it.
"""

import secrets
import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.history import history
from apps.core.storage import private_storage

#: no 0/O, 1/I/L, 2/Z, 5/S, 8/B: codes are read aloud over the phone and copied by hand
CODE_ALPHABET = "34679ACDEFGHJKMNPQRTUVWXY"
CODE_LENGTH = 12  # 25**12 ≈ 6e16 codes


def new_tracking_code():
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_tracking_code(value):
    """What a person typed → the stored form (upper case, no spaces or dashes); '' if it cannot be a code."""
    code = "".join(ch for ch in (value or "").upper() if ch not in " -.\t")
    if len(code) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in code):
        return ""
    return code


# report attachments are served only by the inspection download view after a permission check


def _private_storage():
    """The storage of report attachments and timeline exports (a callable: migrations name it)."""
    return private_storage


def attachment_path(instance, filename):
    """A random name: the original one (kept in `original_name`) may identify the reporter."""
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"reports/{uuid.uuid4().hex}{suffix}"


class ViolationReport(models.Model):
    """A report (phản ánh or tố cáo) about a cadre or a unit, followed by its tracking code."""

    SCOPE_UNIT_LOOKUP = "unit"

    class Kind(models.TextChoices):
        FEEDBACK = "feedback", _("Feedback (phản ánh, kiến nghị)")
        DENUNCIATION = "denunciation", _("Denunciation (tố cáo)")

    class Category(models.TextChoices):
        POST_BUYING = "post_buying", _("Buying posts (chạy chức)")
        POWER_BUYING = "power_buying", _("Buying power (chạy quyền)")
        ABUSE_OF_POSITION = "abuse_of_position", _("Abuse of position in personnel work")
        WRONG_APPOINTMENT = "wrong_appointment", _("Appointment against the rules")
        FALSIFIED_RECORD = "falsified_record", _("Falsified age, seniority, degrees or titles")
        OTHER = "other", _("Other violation")

    class Channel(models.TextChoices):
        CITIZEN = "citizen", _("Citizen")
        FRONT = "front", _("Fatherland Front")
        ORGANISATION = "organisation", _("Socio-political organisation")

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        TRIAGING = "triaging", _("Being assessed")
        INVESTIGATING = "investigating", _("Under investigation")
        ANSWERED = "answered", _("Answered")
        CLOSED = "closed", _("Closed")
        REJECTED = "rejected", _("Not accepted")

    #: statuses in which the report still pauses a procedure about its subject (R11)
    OPEN_STATUSES = (Status.RECEIVED, Status.TRIAGING, Status.INVESTIGATING)

    tracking_code = models.CharField(
        _("tracking code"), max_length=CODE_LENGTH, unique=True, default=new_tracking_code, editable=False
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.FEEDBACK)
    category = models.CharField(_("category"), max_length=30, choices=Category.choices)
    subject_cadre = models.ForeignKey(
        "cadres.Cadre",
        verbose_name=_("cadre concerned"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="violation_reports",
    )
    subject_text = models.CharField(_("who or what the report is about"), max_length=300)
    unit = models.ForeignKey(
        "organisation.OrgUnit",
        verbose_name=_("unit concerned"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="violation_reports",
    )
    description = models.TextField(_("what happened"))
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    organisation_name = models.CharField(_("organisation"), max_length=200, blank=True)
    # identity of the reporter: shown to the inspection commission only (H25, 231-QĐ/TW)
    reporter_name = models.CharField(_("reporter's name"), max_length=120, blank=True)
    reporter_contact = models.CharField(_("reporter's contact"), max_length=200, blank=True)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("filed by (account)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    filed_at = models.DateTimeField(_("filed at"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.RECEIVED, db_index=True
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="handled_reports",
    )
    answer = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    # identity stays out of the history table too: timelines built on history must not reveal it
    history = history(excluded_fields=["reporter_name", "reporter_contact", "filed_by"])

    class Meta:
        ordering = ["-filed_at", "-pk"]
        verbose_name = _("violation report")
        verbose_name_plural = _("violation reports")
        indexes = [models.Index(fields=["subject_cadre", "status"])]

    def __str__(self):
        return _("Report #{number}").format(number=self.pk)

    #: R10: the cadre a report is about never handles or reads it (apps.accounts.permissions)
    CONFLICT_CADRE_LOOKUP = "subject_cadre"

    @property
    def scope_unit_id(self):
        return self.unit_id

    def conflicted_cadre_ids(self):
        return {self.subject_cadre_id} if self.subject_cadre_id else set()

    @property
    def is_open(self):
        return self.status in self.OPEN_STATUSES

    @property
    def display_code(self):
        code = self.tracking_code
        return "-".join(code[i : i + 4] for i in range(0, len(code), 4))

    def audit_fields(self):
        """What an audit entry says about the report: never who filed it."""
        return {
            "status": self.status,
            "category": self.category,
            "kind": self.kind,
            "channel": self.channel,
            "subject_cadre": self.subject_cadre_id,
            "unit": self.unit_id,
        }


class ReportAttachment(models.Model):
    """A file sent with a report: type sniffed from its first bytes, size and SHA-256 kept as evidence."""

    report = models.ForeignKey(
        ViolationReport, verbose_name=_("report"), on_delete=models.PROTECT, related_name="attachments"
    )
    file = models.FileField(_("file"), upload_to=attachment_path, storage=_private_storage, max_length=200)
    original_name = models.CharField(_("original file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    content_type = models.CharField(_("content type"), max_length=100)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    history = history()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("report attachment")
        verbose_name_plural = _("report attachments")

    def __str__(self):
        return self.original_name
