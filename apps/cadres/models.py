"""Cadres and the facts the personnel rules need (docs/design.md §2.1, glossary)."""

from datetime import date

from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.history import history
from apps.core.models import TimeStampedModel
from apps.organisation.models import OrgUnit, Position


class Gender(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")


class Cadre(TimeStampedModel):
    """A cadre, civil servant or public employee whose career CadreFlow follows."""

    SCOPE_UNIT_LOOKUP = "current_unit"

    class EducationLevel(models.TextChoices):
        COLLEGE = "college", _("College")
        BACHELOR = "bachelor", _("Bachelor")
        MASTER = "master", _("Master")
        DOCTOR = "doctor", _("Doctor")

    class PoliticalTheory(models.TextChoices):
        NONE = "none", _("None")
        ELEMENTARY = "elementary", _("Elementary")
        INTERMEDIATE = "intermediate", _("Intermediate")
        ADVANCED = "advanced", _("Advanced")

    class LanguageLevel(models.TextChoices):
        NONE = "none", _("None")
        A2 = "A2", "A2"
        B1 = "B1", "B1"
        B2 = "B2", "B2"
        C1 = "C1", "C1"
        C2 = "C2", "C2"

    class EmploymentStatus(models.TextChoices):
        ACTIVE = "active", _("Working")
        TRANSFERRED = "transferred", _("Transferred out of the province")
        RETIRED = "retired", _("Retired")
        DECEASED = "deceased", _("Deceased")

    class Proceedings(models.TextChoices):
        NONE = "none", _("None")
        INVESTIGATED = "investigated", _("Under investigation")
        PROSECUTED = "prosecuted", _("Prosecuted")
        INDICTED = "indicted", _("Indicted")
        ON_TRIAL = "on_trial", _("On trial")

    code = models.CharField(_("cadre code"), max_length=20, unique=True)
    full_name = models.CharField(_("full name"), max_length=120, db_index=True)
    birth_date = models.DateField(_("date of birth"))
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices)
    ethnicity = models.CharField(_("ethnicity"), max_length=50, default="Kinh")
    home_province = models.CharField(_("home province"), max_length=100)
    home_commune = models.CharField(_("home commune/district"), max_length=100, blank=True)
    home_place = models.ForeignKey(
        "places.Place",
        verbose_name=_("home town"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The commune (or, if unknown, the province) the cadre comes from, as it was then named"),
    )
    current_unit = models.ForeignKey(
        OrgUnit, verbose_name=_("current unit"), on_delete=models.PROTECT, related_name="cadres"
    )
    job_title = models.CharField(_("current job"), max_length=200, blank=True)
    is_party_member = models.BooleanField(_("party member"), default=True)
    party_joined_on = models.DateField(_("joined the party on"), null=True, blank=True)
    education_level = models.CharField(
        _("education"), max_length=20, choices=EducationLevel.choices, default=EducationLevel.BACHELOR
    )
    specialty = models.CharField(_("specialty"), max_length=150, blank=True)
    political_theory = models.CharField(
        _("political theory"),
        max_length=20,
        choices=PoliticalTheory.choices,
        default=PoliticalTheory.INTERMEDIATE,
    )
    foreign_language = models.CharField(_("foreign language"), max_length=50, blank=True)
    foreign_language_level = models.CharField(
        _("foreign language level"), max_length=10, choices=LanguageLevel.choices, default=LanguageLevel.NONE
    )
    employment_status = models.CharField(
        _("employment status"),
        max_length=20,
        choices=EmploymentStatus.choices,
        default=EmploymentStatus.ACTIVE,
    )
    left_on = models.DateField(_("left (transferred/retired) on"), null=True, blank=True)
    proceedings = models.CharField(
        _("criminal proceedings"), max_length=20, choices=Proceedings.choices, default=Proceedings.NONE
    )
    resume_verified_on = models.DateField(_("résumé verified on"), null=True, blank=True)
    history = history()

    class Meta:
        ordering = ["full_name", "code"]
        verbose_name = _("cadre")
        verbose_name_plural = _("cadres")
        indexes = [models.Index(fields=["current_unit", "full_name"])]

    def __str__(self):
        return f"{self.full_name} ({self.code})"

    def clean(self):
        from . import rules

        rules.require_birth_date_not_in_future(self.birth_date)

    @property
    def scope_unit_id(self):
        return self.current_unit_id

    def age_on(self, day):
        """Whole years of age on `day`."""
        b = self.birth_date
        return day.year - b.year - ((day.month, day.day) < (b.month, b.day))

    @property
    def age(self):
        return self.age_on(date.today())

    @property
    def is_female(self):
        return self.gender == Gender.FEMALE

    @property
    def is_ethnic_minority(self):
        return self.ethnicity.strip().lower() != "kinh"


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
        from . import rules

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
        from . import rules

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
        from . import rules

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
