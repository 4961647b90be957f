"""The records of a cadre the personnel rules read: evaluations, achievements, discipline, political
conclusions and protection requests, asset declarations."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.history import history
from apps.core.models import TimeStampedModel
from apps.organisation.models import OrgUnit

from .cadre import Cadre


class Evaluation(TimeStampedModel):
    """The yearly quality rating (đánh giá, xếp loại chất lượng)."""

    class Rating(models.TextChoices):
        EXCELLENT = "excellent", _("Excellently completed duties")
        GOOD = "good", _("Well completed duties")
        COMPLETED = "completed", _("Completed duties")
        NOT_COMPLETED = "not_completed", _("Did not complete duties")

    cadre = models.ForeignKey(
        Cadre, verbose_name=_("cadre"), on_delete=models.PROTECT, related_name="evaluations"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    rating = models.CharField(_("rating"), max_length=20, choices=Rating.choices)
    note = models.TextField(_("note"), blank=True)
    history = history()

    class Meta:
        ordering = ["-year"]
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        constraints = [models.UniqueConstraint(fields=["cadre", "year"], name="one_evaluation_per_year")]

    def __str__(self):
        return f"{self.cadre.full_name} {self.year}: {self.get_rating_display()}"


class Achievement(TimeStampedModel):
    """A concrete result or product (sản phẩm cụ thể), recognised by a competent body when `recognised_by` is set."""

    cadre = models.ForeignKey(
        Cadre, verbose_name=_("cadre"), on_delete=models.PROTECT, related_name="achievements"
    )
    title = models.CharField(_("achievement"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    achieved_on = models.DateField(_("achieved on"))
    recognised_by = models.CharField(_("recognised by"), max_length=200, blank=True)
    recognition_ref = models.CharField(_("recognition reference"), max_length=100, blank=True)
    recognised_on = models.DateField(_("recognised on"), null=True, blank=True)
    history = history()

    class Meta:
        ordering = ["-achieved_on"]
        verbose_name = _("achievement")
        verbose_name_plural = _("achievements")

    def __str__(self):
        return self.title

    @property
    def is_recognised(self):
        return bool(self.recognised_by and self.recognised_on)


class Discipline(TimeStampedModel):
    """A disciplinary case: under review, or decided with the period during which it bars promotion."""

    class Kind(models.TextChoices):
        REPRIMAND = "reprimand", _("Reprimand")
        WARNING = "warning", _("Warning")
        DEMOTION = "demotion", _("Demotion")
        REMOVAL = "removal", _("Removal from post")
        DISMISSAL = "dismissal", _("Dismissal")
        EXPULSION = "expulsion", _("Expulsion from the party")

    class Status(models.TextChoices):
        UNDER_REVIEW = "under_review", _("Under disciplinary review")
        DECIDED = "decided", _("Decided")
        ANNULLED = "annulled", _("Annulled")

    cadre = models.ForeignKey(
        Cadre, verbose_name=_("cadre"), on_delete=models.PROTECT, related_name="disciplines"
    )
    kind = models.CharField(_("form of discipline"), max_length=20, choices=Kind.choices, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DECIDED)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    effective_from = models.DateField(_("effective from"), null=True, blank=True)
    effective_to = models.DateField(_("effective until"), null=True, blank=True)
    authority = models.CharField(_("deciding authority"), max_length=200, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    history = history()

    class Meta:
        ordering = ["-effective_from"]
        verbose_name = _("discipline")
        verbose_name_plural = _("disciplines")

    def __str__(self):
        return f"{self.cadre.full_name}: {self.get_kind_display() or self.get_status_display()}"

    def clean(self):
        from .. import rules

        rules.validate_discipline(self)


class PoliticalConclusion(TimeStampedModel):
    """The competent committee's conclusion on a cadre's political standard (kết luận tiêu chuẩn chính trị)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Being verified")
        CONCLUDED = "concluded", _("Concluded")

    class Result(models.TextChoices):
        MEETS = "meets", _("Meets the political standard")
        DOES_NOT_MEET = "does_not_meet", _("Does not meet the political standard")

    cadre = models.ForeignKey(
        Cadre, verbose_name=_("cadre"), on_delete=models.PROTECT, related_name="political_conclusions"
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    result = models.CharField(_("result"), max_length=20, choices=Result.choices, blank=True)
    issuer = models.CharField(_("issued by"), max_length=200)
    reference = models.CharField(_("document number"), max_length=100, blank=True)
    concluded_on = models.DateField(_("concluded on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    history = history()

    class Meta:
        ordering = ["-concluded_on", "-created_at"]
        verbose_name = _("political-standard conclusion")
        verbose_name_plural = _("political-standard conclusions")

    def __str__(self):
        return f"{self.cadre.full_name}: {self.get_status_display()}"

    def clean(self):
        from .. import rules

        rules.validate_political_conclusion(self)


class PoliticalProtectionRequest(TimeStampedModel):
    """A procedure's request to internal political protection (bảo vệ chính trị nội bộ) for a cadre's
    political-standard conclusion (R2/H13; docs/procedures.md §9), made when verification finds it missing or expired.
    The procedure's verification waits until it is answered by a recorded conclusion. Scoped to the procedure's
    unit: the political-protection role in scope of that unit answers it."""

    SCOPE_UNIT_LOOKUP = "unit"

    class Reason(models.TextChoices):
        MISSING = "missing", _("No concluded conclusion")
        EXPIRED = "expired", _("The conclusion has expired")

    cadre = models.ForeignKey(
        Cadre, verbose_name=_("cadre"), on_delete=models.PROTECT, related_name="political_protection_requests"
    )
    unit = models.ForeignKey(OrgUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    process_id = models.PositiveIntegerField(_("procedure"), db_index=True)
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    requested_by = models.ForeignKey(
        "accounts.User", verbose_name=_("requested by"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    due_on = models.DateField(_("due on"))
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    conclusion = models.ForeignKey(
        PoliticalConclusion,
        verbose_name=_("conclusion"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    history = history()

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("political-protection request")
        verbose_name_plural = _("political-protection requests")

    def __str__(self):
        return f"{self.cadre.full_name}: {self.get_reason_display()}"

    @property
    def scope_unit_id(self):
        return self.unit_id

    def conflicted_cadre_ids(self):
        """R10: nobody answers the request about themselves."""
        return {self.cadre_id}


class AssetDeclaration(TimeStampedModel):
    """A yearly asset and income declaration and its verification (kê khai tài sản, thu nhập)."""

    cadre = models.ForeignKey(
        Cadre, verbose_name=_("cadre"), on_delete=models.PROTECT, related_name="asset_declarations"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    declared_on = models.DateField(_("declared on"))
    verified_on = models.DateField(_("verified on"), null=True, blank=True)
    verified_by = models.CharField(_("verified by"), max_length=200, blank=True)
    history = history()

    class Meta:
        ordering = ["-year"]
        verbose_name = _("asset declaration")
        verbose_name_plural = _("asset declarations")
        constraints = [models.UniqueConstraint(fields=["cadre", "year"], name="one_declaration_per_year")]

    def __str__(self):
        return f"{self.cadre.full_name} {self.year}"
