"""The cadre (docs/design.md §2.1, glossary)."""

from datetime import date

from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.history import history
from apps.core.models import TimeStampedModel
from apps.organisation.models import OrgUnit


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
        from .. import rules

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
