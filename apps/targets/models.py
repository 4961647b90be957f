"""The province's targets for a term (docs/design.md §2.7), as data that operators edit in the admin, with history.

A target says *what share* (the metric: women, under a given age, foreign-language users, non-local cadres) of
*whom* (the population: the holders of a set of positions, chosen by unit level, unit kind, title and rank, or
picked one by one) should reach *which goal* (a percentage range, or at least a number of holders), for which
term and on which source. The seed (migration 0002) is the founding document's list (Kết luận của Ban Thường vụ
Tỉnh ủy, mục 2); measuring is ``apps.targets.measures``.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from apps.cadres.models import Cadre
from apps.core.history import history
from apps.core.models import TimeStampedModel


def split_codes(text):
    """``"department, district"`` -> ``["department", "district"]`` (blank items dropped)."""
    return [item.strip() for item in (text or "").split(",") if item.strip()]


class Target(TimeStampedModel):
    """One target of the founding document: a share of the holders of some positions, and its goal.

    The registry has no "party committee member" or "People's Council member" flag on positions, so the
    population is chosen by the unit's level and kind, the title's beginning and the post's rank, or by
    naming the positions; every one of these is data the organisation board can correct in the admin.
    """

    class Metric(models.TextChoices):
        FEMALE = "female", _("Women")
        UNDER_AGE = "under_age", _("Under the age limit")
        FOREIGN_LANGUAGE = "foreign_language", _("Foreign-language users")
        NON_LOCAL = "non_local", _("Non-local cadres")
        HELD_POST = "held_post", _("Have held an earlier post")

    class Aggregation(models.TextChoices):
        HOLDERS = "holders", _("Share of the holders")
        UNITS = "units", _("Share of the units with at least one")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name (Vietnamese)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    metric = models.CharField(_("metric"), max_length=20, choices=Metric.choices)
    aggregation = models.CharField(
        _("counted over"), max_length=10, choices=Aggregation.choices, default=Aggregation.HOLDERS
    )
    age_limit = models.PositiveSmallIntegerField(
        _("age limit"),
        default=40,
        validators=[MinValueValidator(18), MaxValueValidator(70)],
        help_text=_("'Under the age limit' counts cadres younger than this on the measuring date"),
    )
    language_min_level = models.CharField(
        _("lowest foreign-language level"),
        max_length=5,
        choices=[c for c in Cadre.LanguageLevel.choices if c[0] != Cadre.LanguageLevel.NONE],
        default=Cadre.LanguageLevel.B1,
    )
    prior_level_codes = models.CharField(
        _("earlier post: unit levels"),
        max_length=200,
        blank=True,
        help_text=_("For 'have held an earlier post': level codes, comma-separated; blank: all"),
    )
    prior_title_prefixes = models.TextField(
        _("earlier post: titles beginning with"),
        blank=True,
        help_text=_("For 'have held an earlier post': comma-separated; blank: every title"),
    )
    unit_level_codes = models.CharField(
        _("unit levels"), max_length=200, blank=True, help_text=_("Level codes, comma-separated; blank: all")
    )
    unit_kinds = models.CharField(
        _("unit kinds"), max_length=200, blank=True, help_text=_("Unit kinds, comma-separated; blank: all")
    )
    title_prefixes = models.TextField(
        _("titles beginning with"), blank=True, help_text=_("Comma-separated; blank: every title")
    )
    min_rank = models.PositiveSmallIntegerField(_("lowest rank"), null=True, blank=True)
    elected = models.BooleanField(
        _("filled by election"), null=True, blank=True, help_text=_("Blank: elected or appointed")
    )
    positions = models.ManyToManyField(
        "organisation.Position",
        verbose_name=_("positions"),
        blank=True,
        related_name="+",
        help_text=_(
            "When any are chosen, the population is exactly these positions and the filters are ignored"
        ),
    )
    goal_min = models.DecimalField(
        _("goal: at least (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    goal_max = models.DecimalField(
        _("goal: at most (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    goal_min_count = models.PositiveIntegerField(
        _("goal: at least (number)"), null=True, blank=True, help_text=_("For 'has at least one' targets")
    )
    term = models.CharField(_("term"), max_length=20, default="2025-2030")
    source = models.CharField(pgettext_lazy("document", "source"), max_length=300)
    source_text = models.TextField(_("text of the source"), blank=True)
    note = models.TextField(_("note"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    history = history(m2m_fields=[positions])

    class Meta:
        ordering = ["term", "order", "code"]
        verbose_name = _("target")
        verbose_name_plural = _("targets")

    def __str__(self):
        return f"{self.code}: {self.display_name}"

    @property
    def display_name(self):
        if (get_language() or "vi").startswith("en") and self.name_en:
            return self.name_en
        return self.name

    @property
    def level_codes(self):
        return split_codes(self.unit_level_codes)

    @property
    def kinds(self):
        return split_codes(self.unit_kinds)

    @property
    def prefixes(self):
        return split_codes(self.title_prefixes)

    @property
    def prior_levels(self):
        return split_codes(self.prior_level_codes)

    @property
    def prior_prefixes(self):
        return split_codes(self.prior_title_prefixes)

    def clean(self):
        if self.goal_min is None and self.goal_max is None and self.goal_min_count is None:
            raise ValidationError(_("Give a goal: a percentage range or a number of holders."))
        if self.goal_min is not None and self.goal_max is not None and self.goal_min > self.goal_max:
            raise ValidationError({"goal_max": _("The upper goal is below the lower goal.")})

    def goal_display(self):
        """'10–15%', '≥ 30%', '≤ 5%', '≥ 1' — numbers only, the same in every language."""
        parts = []
        if self.goal_min is not None and self.goal_max is not None:
            parts.append(f"{_num(self.goal_min)}–{_num(self.goal_max)}%")
        elif self.goal_min is not None:
            parts.append(f"≥ {_num(self.goal_min)}%")
        elif self.goal_max is not None:
            parts.append(f"≤ {_num(self.goal_max)}%")
        if self.goal_min_count is not None:
            parts.append(f"≥ {self.goal_min_count}")
        return ", ".join(parts)


def _num(value):
    """Decimal('15.00') -> '15', Decimal('12.50') -> '12,5' (Vietnamese decimal comma)."""
    text = f"{value.normalize():f}" if value == value.to_integral() else f"{value:f}".rstrip("0")
    return text.replace(".", ",")
