"""Who holds which seat, and who is planned for which post."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.history import history
from apps.core.models import TimeStampedModel
from apps.organisation.models import Position

from .cadre import Cadre


class TenureQuerySet(models.QuerySet):
    def open(self):
        return self.filter(ended_on__isnull=True)


class Tenure(TimeStampedModel):
    """Who holds which seat of a position, from which decision, from when until when.

    `term_end` is when the appointment term expires; `ended_on` is set when the tenure actually ends
    (term expired and not reappointed, revoked, transferred…). An open tenure occupies its seat.
    """

    SCOPE_UNIT_LOOKUP = "position__unit"

    class EndReason(models.TextChoices):
        TERM_EXPIRED = "term_expired", _("Term expired")
        NOT_REAPPOINTED = "not_reappointed", _("Not reappointed")
        REAPPOINTED = "reappointed", _("Replaced by a reappointment")
        REVOKED = "revoked", _("Decision revoked")
        TRANSFERRED = "transferred", _("Transferred")
        APPOINTED_ELSEWHERE = "appointed_elsewhere", _("Appointed to another post")
        RETIRED = "retired", _("Retired")
        RESIGNED = "resigned", _("Resigned")
        DISMISSED = "dismissed", _("Dismissed")
        DECEASED = "deceased", _("Deceased")

    cadre = models.ForeignKey(
        Cadre, verbose_name=_("cadre"), on_delete=models.PROTECT, related_name="tenures"
    )
    position = models.ForeignKey(
        Position, verbose_name=_("position"), on_delete=models.PROTECT, related_name="tenures"
    )
    seat_number = models.PositiveSmallIntegerField(_("seat"), default=1)
    start_date = models.DateField(_("from"))
    term_end = models.DateField(_("term ends"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    end_reason = models.CharField(_("end reason"), max_length=20, choices=EndReason.choices, blank=True)
    decision_number = models.CharField(_("decision number"), max_length=50, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    ended_by_decision = models.ForeignKey(
        "decisions.Decision",
        verbose_name=_("ended by decision"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="ended_tenures",
        help_text=_("The appointment to another post that ended this tenure (its revocation re-opens it)."),
    )
    history = history()
    objects = TenureQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date"]
        verbose_name = _("tenure")
        verbose_name_plural = _("tenures")
        indexes = [
            models.Index(fields=["position", "seat_number", "ended_on"]),
            models.Index(fields=["term_end"]),
        ]

    def __str__(self):
        return f"{self.cadre.full_name} — {self.position.title}"

    @property
    def scope_unit_id(self):
        return self.position.unit_id

    @property
    def is_open(self):
        return self.ended_on is None

    def clean(self):
        from .. import rules

        rules.validate_tenure(self)


class PlanningEntry(TimeStampedModel):
    """A cadre planned (quy hoạch) for a title in a term."""

    SCOPE_UNIT_LOOKUP = "cadre__current_unit"

    class Status(models.TextChoices):
        ACTIVE = "active", _("In the planning")
        REMOVED = "removed", _("Removed from the planning")
        FULFILLED = "fulfilled", _("Appointed to the planned title")

    cadre = models.ForeignKey(
        Cadre, verbose_name=_("cadre"), on_delete=models.PROTECT, related_name="planning"
    )
    position = models.ForeignKey(
        Position, verbose_name=_("planned title"), on_delete=models.PROTECT, related_name="planning_entries"
    )
    term = models.CharField(_("term"), max_length=20, help_text=_("e.g. 2025-2030"))
    approved_on = models.DateField(_("approved on"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    removed_on = models.DateField(_("removed on"), null=True, blank=True)
    removed_reason = models.CharField(_("reason for removal"), max_length=300, blank=True)
    fulfilled_on = models.DateField(_("appointed on"), null=True, blank=True)
    fulfilled_by_decision = models.ForeignKey(
        "decisions.Decision",
        verbose_name=_("appointed by decision"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="fulfilled_planning",
    )
    approved_by_decision = models.ForeignKey(
        "decisions.Decision",
        verbose_name=_("approved by decision"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="approved_planning",
        help_text=_(
            "The planning decision that put the cadre in the planning (its revocation takes them out)."
        ),
    )
    removed_by_decision = models.ForeignKey(
        "decisions.Decision",
        verbose_name=_("removed by decision"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="removed_planning",
        help_text=_("The decision that removed the cadre from the planning (its revocation puts them back)."),
    )
    history = history()

    class Meta:
        ordering = ["-approved_on"]
        verbose_name = _("planning entry")
        verbose_name_plural = _("planning entries")

    def __str__(self):
        return f"{self.cadre.full_name} → {self.position.title} ({self.term})"

    @property
    def scope_unit_id(self):
        return self.cadre.current_unit_id
