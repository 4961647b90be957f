"""Organisation units, their levels, and positions.

Levels are data, not code: since 1/7/2025 local government has two levels (province and commune) and the
district level survives only in old records (docs/procedures.md §11). Merged or dissolved units are kept, with a
link to their successor, because old dossiers and decisions point at them.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.history import history
from apps.core.models import TimeStampedModel


class UnitLevel(TimeStampedModel):
    """A level of the administrative tree (province, department/sector, commune, legacy district…)."""

    code = models.SlugField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=100)
    order = models.PositiveSmallIntegerField(_("order"), default=0, help_text=_("0 is the top of the tree"))
    is_current = models.BooleanField(
        _("in the current structure"), default=True, help_text=_("False for levels kept only for old records")
    )
    history = history()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("unit level")
        verbose_name_plural = _("unit levels")

    def __str__(self):
        return self.name


class OrgUnitQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def descendants_of(self, unit, include_self=True):
        qs = self.filter(path__startswith=unit.path)
        return qs if include_self else qs.exclude(pk=unit.pk)


class OrgUnit(TimeStampedModel):
    """A unit of the province: the province itself, a department or sector, a commune, a party body…

    `path` is a materialised path of unit codes (``"BN/SNV/"``) so that "this unit and everything under it"
    is one indexed prefix filter.
    """

    SCOPE_UNIT_LOOKUP = "pk"

    class Kind(models.TextChoices):
        PARTY = "party", _("Party body")
        STATE = "state", _("State body")
        FRONT = "front", _("Fatherland Front / mass organisation")
        PUBLIC_SERVICE = "public_service", _("Public service unit")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    level = models.ForeignKey(
        UnitLevel, verbose_name=_("level"), on_delete=models.PROTECT, related_name="units"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.STATE)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(_("path"), max_length=500, db_index=True, editable=False)
    province_name = models.CharField(_("province (locality)"), max_length=100, blank=True)
    commune_name = models.CharField(_("commune (locality)"), max_length=100, blank=True)
    place = models.ForeignKey(
        "places.Place",
        verbose_name=_("locality"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="units",
        help_text=_("The province or commune the unit serves (the non-local rule compares it)"),
    )
    is_active = models.BooleanField(_("active"), default=True)
    dissolved_on = models.DateField(_("dissolved or merged on"), null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        verbose_name=_("successor unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="predecessors",
    )
    history = history()
    objects = OrgUnitQuerySet.as_manager()

    class Meta:
        ordering = ["path"]
        verbose_name = _("organisation unit")
        verbose_name_plural = _("organisation units")
        permissions = [
            ("act_unit_leader", _("Acts as unit leader in this unit")),
            ("act_org_board", _("Acts as organisation board reviewer for this unit")),
            ("act_leadership", _("Acts as competent leadership collective for this unit")),
            ("act_political_protection", _("Concludes political standards for this unit")),
            ("act_inspection", _("Inspects this unit")),
            ("act_front", _("Acts for the Fatherland Front in this unit")),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.path = (self.parent.path if self.parent_id else "") + self.code + "/"
        super().save(*args, **kwargs)

    @property
    def scope_unit_id(self):
        return self.pk

    @property
    def depth(self):
        return self.path.count("/") - 1


class PositionQuerySet(models.QuerySet):
    def with_vacancies(self):
        """Annotate `occupied` (open tenures) and `vacancies` (seats minus occupied) in the same query."""
        from django.db.models import Count, F, Q

        return self.annotate(
            occupied=Count("tenures", filter=Q(tenures__ended_on__isnull=True), distinct=True),
        ).annotate(vacancies=F("seats") - F("occupied"))


class Position(TimeStampedModel):
    """A post or title (chức vụ, chức danh) of a unit, with its seats, term and competent authority.

    "The job decides the person" (founding document): procedures start from a vacant seat of a position with a
    job description, never from a person.
    """

    SCOPE_UNIT_LOOKUP = "unit"

    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="positions"
    )
    title = models.CharField(_("title"), max_length=200)
    authority = models.ForeignKey(
        OrgUnit,
        verbose_name=_("competent authority"),
        on_delete=models.PROTECT,
        related_name="managed_positions",
        help_text=_("The body that appoints to this position (cấp có thẩm quyền)"),
    )
    rank = models.PositiveSmallIntegerField(
        _("rank"), default=1, help_text=_("Seniority of the post: a larger number is a higher post")
    )
    seats = models.PositiveSmallIntegerField(_("seats"), default=1, validators=[MinValueValidator(1)])
    term_years = models.PositiveSmallIntegerField(
        _("term (years)"), default=5, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    job_description = models.TextField(_("job description"), blank=True)
    requirements = models.TextField(_("standards and requirements"), blank=True)
    requires_non_local = models.BooleanField(_("must be held by a non-local cadre"), default=False)
    is_elected = models.BooleanField(_("filled by election"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    history = history()
    objects = PositionQuerySet.as_manager()

    class Meta:
        ordering = ["unit__path", "-rank", "title"]
        verbose_name = _("position")
        verbose_name_plural = _("positions")

    def __str__(self):
        return f"{self.title} — {self.unit.name}"

    @property
    def scope_unit_id(self):
        return self.unit_id
