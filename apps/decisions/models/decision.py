"""The decision and its participants; the storage its signed PDF lives in."""

import hashlib

from django.conf import settings
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from apps.core.history import history
from apps.core.models import TimeStampedModel
from apps.core.rules import RuleViolation
from apps.core.storage import private_storage


def decision_storage():
    """Signed decisions are served only by the decision download view after a scope check (a callable:
    migrations name it)."""
    return private_storage


class DecisionQuerySet(models.QuerySet):
    """Bulk paths that would bypass ``Decision.save`` (and its guard on signed decisions) are refused."""

    def delete(self):
        raise RuleViolation(
            "decision_not_deletable", gettext("A decision is never deleted; revoke it instead.")
        )

    def _raw_delete(self, using):
        self.delete()

    def update(self, **kwargs):
        raise RuleViolation(
            "decision_signed", gettext("Decisions are changed one by one through the decision services.")
        )

    def bulk_update(self, objs, fields, batch_size=None):
        self.update()

    def signed(self):
        return self.exclude(status=Decision.Status.DRAFT)


class Decision(TimeStampedModel):
    """A decision (quyết định) of a competent authority about one cadre and one position.

    Once signed, only its status, its revocation link and date, and its stored PDF may change (``save`` refuses
    anything else); it is never deleted (H21).
    """

    SCOPE_UNIT_LOOKUP = "position__unit"
    CONFLICT_CADRE_LOOKUP = "cadre"

    class Kind(models.TextChoices):
        APPOINTMENT = "appointment", _("Appointment")
        REAPPOINTMENT = "reappointment", _("Reappointment")
        NON_REAPPOINTMENT = "non_reappointment", _("Non-reappointment")
        EXTENSION = "extension", _("Extension of the term to retirement age")
        NOMINATION = "nomination", _("Nomination for election")
        ELECTION_RESULT = "election_result", _("Confirmation of an election result")
        REVOCATION = "revocation", _("Revocation")
        PLANNING = "planning", _("Planning (quy hoạch)")
        PLANNING_REMOVAL = "planning_removal", _("Removal from the planning")
        ROTATION = "rotation", _("Rotation (luân chuyển)")
        ROTATION_RETURN = "rotation_return", _("Return from rotation")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SIGNED = "signed", _("Signed")
        REVOKED = "revoked", _("Revoked")

    #: kinds whose signature opens a tenure (and whose revocation ends it)
    CREATES_TENURE = frozenset(
        {Kind.APPOINTMENT, Kind.REAPPOINTMENT, Kind.ELECTION_RESULT, Kind.ROTATION, Kind.ROTATION_RETURN}
    )
    #: kinds that, like an appointment, open a tenure on the new post and end the posts the cadre holds
    MOVES_CADRE = frozenset({Kind.APPOINTMENT, Kind.ELECTION_RESULT, Kind.ROTATION, Kind.ROTATION_RETURN})
    #: kinds that change the planning (workflows.planning): their entries carry the decision
    CHANGES_PLANNING = frozenset({Kind.PLANNING, Kind.PLANNING_REMOVAL})
    #: kinds that act on the cadre's open tenure of the position and must be signed before its term ends (H16)
    ACTS_ON_TERM = frozenset({Kind.REAPPOINTMENT, Kind.NON_REAPPOINTMENT, Kind.EXTENSION})
    #: fields a signed decision may still change
    MUTABLE_AFTER_SIGNING = frozenset(
        {"status", "revoked_by", "revoked_on", "pdf", "pdf_sha256", "updated_at"}
    )

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    # number: sequence/symbol, given at signing, unique per authority and year
    symbol = models.CharField(_("number symbol"), max_length=30, blank=True)
    sequence = models.PositiveIntegerField(_("sequence number"), null=True, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    number = models.CharField(_("number"), max_length=50, blank=True, db_index=True)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    effective_from = models.DateField(_("effective from"))
    term_end = models.DateField(_("term ends"), null=True, blank=True)
    authority = models.ForeignKey(
        "organisation.OrgUnit",
        verbose_name=_("issuing authority"),
        on_delete=models.PROTECT,
        related_name="decisions_issued",
    )
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decisions_signed",
    )
    signer_title = models.CharField(_("signer's title"), max_length=200, blank=True)
    signer_name = models.CharField(_("signer's name"), max_length=200, blank=True)
    cadre = models.ForeignKey(
        "cadres.Cadre", verbose_name=_("cadre"), on_delete=models.PROTECT, related_name="decisions"
    )
    position = models.ForeignKey(
        "organisation.Position",
        verbose_name=_("position"),
        on_delete=models.PROTECT,
        related_name="decisions",
    )
    seat_number = models.PositiveSmallIntegerField(_("seat"), null=True, blank=True)
    concurrent = models.BooleanField(
        _("held concurrently (kiêm nhiệm)"),
        default=False,
        help_text=_(
            "The cadre keeps the post(s) they hold; otherwise the appointment ends them the day before it "
            "takes effect."
        ),
    )
    tenure = models.ForeignKey(
        "cadres.Tenure",
        verbose_name=_("tenure created or affected"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decisions",
    )
    process = models.ForeignKey(
        "viewflow.Process",
        verbose_name=_("procedure"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    rule_set = models.ForeignKey(
        "rulesets.RuleSet", verbose_name=_("rule set"), on_delete=models.PROTECT, related_name="decisions"
    )
    rule_snapshot = models.JSONField(_("rule values applied"), default=dict)
    grounds = models.TextField(_("grounds (căn cứ)"), help_text=_("One legal ground per line"))
    reason = models.TextField(_("reason"), blank=True)
    revokes = models.ForeignKey(
        "self",
        verbose_name=_("revokes decision"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="revocations",
    )
    revoked_by = models.ForeignKey(
        "self",
        verbose_name=_("revoked by decision"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    revoked_on = models.DateField(_("revoked on"), null=True, blank=True)
    # what the document says, copied when drafted (see the module docstring)
    cadre_name = models.CharField(_("cadre's name"), max_length=120)
    cadre_birth_date = models.DateField(_("cadre's date of birth"))
    cadre_gender = models.CharField(_("cadre's gender"), max_length=10, blank=True)
    cadre_post = models.CharField(_("cadre's post at the time"), max_length=300, blank=True)
    leaves_post = models.CharField(_("post(s) the cadre leaves"), max_length=500, blank=True)
    position_title = models.CharField(_("position title"), max_length=200)
    unit_name = models.CharField(_("unit name"), max_length=200)
    authority_name = models.CharField(_("authority name"), max_length=200)
    authority_kind = models.CharField(_("authority kind"), max_length=20)
    parent_body = models.CharField(_("governing body (header)"), max_length=200, blank=True)
    body_name = models.CharField(_("issuing body (header)"), max_length=200)
    authority_line = models.CharField(_("authority line"), max_length=200, blank=True)
    on_behalf = models.CharField(_("signing on behalf of"), max_length=100, blank=True)
    place_name = models.CharField(_("place"), max_length=100, blank=True)
    executors = models.TextField(_("who executes"), blank=True)
    recipients = models.TextField(_("recipients"), blank=True)
    pdf = models.FileField(_("PDF"), storage=decision_storage, upload_to="decisions/%Y/", blank=True)
    pdf_sha256 = models.CharField(_("PDF SHA-256"), max_length=64, blank=True)
    history = history()
    objects = DecisionQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_on", "-sequence", "-pk"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        constraints = [
            models.UniqueConstraint(
                fields=["authority", "year", "sequence"],
                condition=models.Q(sequence__isnull=False),
                name="one_decision_number_per_authority_year",
            ),
            models.UniqueConstraint(
                fields=["authority", "year", "number"],
                condition=~models.Q(number=""),
                name="one_decision_number_text_per_authority_year",
            ),
            models.UniqueConstraint(
                fields=["revokes"],
                condition=models.Q(revokes__isnull=False),
                name="one_revocation_per_decision",
            ),
        ]
        indexes = [models.Index(fields=["cadre", "issued_on"]), models.Index(fields=["status", "kind"])]

    def __str__(self):
        if self.number:
            return gettext("Decision {number}").format(number=self.number)
        return gettext("Draft decision #{pk}").format(pk=self.pk)

    # --- scope (apps.accounts.permissions) ---
    @property
    def scope_unit_id(self):
        return self.position.unit_id

    def conflicted_cadre_ids(self):
        """R10: the cadre the decision is about does not act on it."""
        return {self.cadre_id}

    @property
    def is_signed(self):
        return self.status != self.Status.DRAFT

    @property
    def is_revoked(self):
        return self.status == self.Status.REVOKED

    @cached_property
    def content_field_names(self):
        return [
            f.attname
            for f in self._meta.concrete_fields
            if not f.primary_key and f.name not in self.MUTABLE_AFTER_SIGNING and f.name != "created_at"
        ]

    def save(self, *args, **kwargs):
        if self.pk:
            self._refuse_changes_to_signed()
        super().save(*args, **kwargs)

    def _refuse_changes_to_signed(self):
        stored = type(self).objects.filter(pk=self.pk).values("status", *self.content_field_names).first()
        if stored is None or stored["status"] == self.Status.DRAFT:
            return
        allowed = {self.Status.SIGNED: {self.Status.SIGNED, self.Status.REVOKED}}
        if self.status not in allowed.get(stored["status"], {stored["status"]}):
            raise RuleViolation(
                "decision_signed", gettext("A signed decision cannot go back to an earlier status.")
            )
        changed = [name for name in self.content_field_names if getattr(self, name) != stored[name]]
        if changed:
            raise RuleViolation(
                "decision_signed",
                gettext(
                    "A signed decision cannot be changed ({fields}); revoke it by a new decision."
                ).format(fields=", ".join(changed)),
            )

    def delete(self, *args, **kwargs):
        raise RuleViolation(
            "decision_not_deletable", gettext("A decision is never deleted; revoke it instead.")
        )

    def store_pdf(self, content):
        """Attach the rendered PDF bytes and their SHA-256 (does not save the row)."""
        from django.core.files.base import ContentFile

        safe = (self.number or f"draft-{self.pk}").replace("/", "_")
        self.pdf.save(f"{safe}.pdf", ContentFile(content), save=False)
        self.pdf_sha256 = hashlib.sha256(content).hexdigest()


class DecisionParticipant(TimeStampedModel):
    """Someone who proposed, reviewed, verified, recorded, decided or signed a decision, with the unit and title
    they held then — so they stay findable after a transfer or retirement (R8, H21; issue 5)."""

    class Role(models.TextChoices):
        PROPOSER = "proposer", _("Proposed")
        REVIEWER = "reviewer", _("Reviewed")
        VERIFIER = "verifier", _("Verified")
        CONFERENCE_RECORDER = "conference_recorder", _("Recorded a conference")
        DECIDER = "decider", _("Decided")
        SIGNER = "signer", _("Signed")

    decision = models.ForeignKey(
        Decision, verbose_name=_("decision"), on_delete=models.PROTECT, related_name="participants"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="decision_participations",
    )
    role_in_procedure = models.CharField(_("role in the procedure"), max_length=30, choices=Role.choices)
    unit_at_the_time = models.ForeignKey(
        "organisation.OrgUnit",
        verbose_name=_("unit at the time"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    title_at_the_time = models.CharField(_("title at the time"), max_length=200, blank=True)
    name_at_the_time = models.CharField(_("name at the time"), max_length=200, blank=True)
    history = history()

    class Meta:
        ordering = ["decision", "pk"]
        verbose_name = _("decision participant")
        verbose_name_plural = _("decision participants")
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "user", "role_in_procedure"], name="one_participation_per_role"
            )
        ]

    def __str__(self):
        return f"{self.name_at_the_time or self.user} — {self.get_role_in_procedure_display()}"
