"""Measuring a target on a date, for the whole province or one unit and its sub-units (docs/design.md §2.7).

Plain Python over the registry, no request: the pages, the yearly report and the Celery job call the same
functions. A target is measured over the tenures *held on the date* (started on or before it, not ended before
it) of the positions in its population; a cadre holding two such posts counts once. Each measurement is one
aggregate query, whatever the number of units and cadres (``measure_by_level`` too: grouped by unit level).
"""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import reduce
from operator import or_

from django.db.models import Count, Exists, F, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from apps.cadres.models import Cadre, Gender, Tenure

from .models import Target

LANGUAGE_ORDER = [
    Cadre.LanguageLevel.A2,
    Cadre.LanguageLevel.B1,
    Cadre.LanguageLevel.B2,
    Cadre.LanguageLevel.C1,
    Cadre.LanguageLevel.C2,
]


class Status:
    MET = "met"
    BELOW = "below"
    ABOVE = "above"
    NO_DATA = "no_data"

    LABELS = {
        MET: _("Met"),
        BELOW: _("Below the goal"),
        ABOVE: _("Above the goal"),
        NO_DATA: _("No data"),
    }


@dataclass(frozen=True)
class Measurement:
    """numerator of denominator (holders, or units for a per-unit target), the share in percent (one decimal,
    ``None`` without data) and the status against the target's goal."""

    target: Target
    numerator: int
    denominator: int
    share: Decimal | None
    status: str

    @property
    def status_label(self):
        return Status.LABELS[self.status]

    @property
    def count_display(self):
        """'2/4' holders, or '2/3 units' for a per-unit target."""
        if self.target.aggregation == Target.Aggregation.UNITS:
            return _("{numerator}/{denominator} units").format(
                numerator=self.numerator, denominator=self.denominator
            )
        return f"{self.numerator}/{self.denominator}"

    @property
    def share_display(self):
        return "—" if self.share is None else f"{self.share}%".replace(".", ",")


def years_before(day, years):
    """The same calendar day `years` earlier (29 February -> 28 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def evaluate(target, numerator, denominator):
    """(share, status) of `numerator`/`denominator` against the target's goal; compared exactly, not rounded."""
    if not denominator:
        return None, Status.NO_DATA
    share = (Decimal(numerator * 100) / Decimal(denominator)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    exact = Decimal(numerator * 100)
    if target.goal_min_count is not None and numerator < target.goal_min_count:
        return share, Status.BELOW
    if target.goal_min is not None and exact < target.goal_min * denominator:
        return share, Status.BELOW
    if target.goal_max is not None and exact > target.goal_max * denominator:
        return share, Status.ABOVE
    return share, Status.MET


def held_on(on):
    """Tenures held on `on`: started on or before it and not ended before it (``ended_on`` is the last day)."""
    return Tenure.objects.filter(start_date__lte=on).filter(Q(ended_on__isnull=True) | Q(ended_on__gte=on))


def population(target, on, *, unit=None, unit_ids=None, level=None):
    """The tenures the target counts on `on`: its positions' tenures held that day, within `unit`'s subtree
    (``None``: everywhere), within `unit_ids` (the reader's scope; ``None``: no limit) and at `level`."""
    tenures = held_on(on)
    chosen = [position.pk for position in target.positions.all()]
    if chosen:
        tenures = tenures.filter(position__in=chosen)
    else:
        if target.level_codes:
            tenures = tenures.filter(position__unit__level__code__in=target.level_codes)
        if target.kinds:
            tenures = tenures.filter(position__unit__kind__in=target.kinds)
        if target.prefixes:
            tenures = tenures.filter(reduce(or_, (Q(position__title__startswith=p) for p in target.prefixes)))
        if target.min_rank is not None:
            tenures = tenures.filter(position__rank__gte=target.min_rank)
        if target.elected is not None:
            tenures = tenures.filter(position__is_elected=target.elected)
    if unit is not None:
        tenures = tenures.filter(position__unit__path__startswith=unit.path)
    if unit_ids is not None:
        tenures = tenures.filter(position__unit_id__in=unit_ids)
    if level is not None:
        tenures = tenures.filter(position__unit__level=level)
    return tenures


def counted(target, on):
    """The condition a held tenure's cadre meets to be in the numerator."""
    if target.metric == Target.Metric.FEMALE:
        return Q(cadre__gender=Gender.FEMALE)
    if target.metric == Target.Metric.UNDER_AGE:
        return Q(cadre__birth_date__gt=years_before(on, target.age_limit))
    if target.metric == Target.Metric.FOREIGN_LANGUAGE:
        levels = LANGUAGE_ORDER[LANGUAGE_ORDER.index(target.language_min_level) :]
        return Q(cadre__foreign_language_level__in=levels)
    if target.metric == Target.Metric.NON_LOCAL:
        return non_local()
    if target.metric == Target.Metric.HELD_POST:
        return Q(Exists(earlier_posts(target, on)))
    raise ValueError(f"unknown metric {target.metric!r}")


def earlier_posts(target, on):
    """The cadre's tenures, started before `on`, of a post at the target's earlier levels and titles (a post
    held in the past or still held, e.g. a key district post before joining the standing committee)."""
    tenures = Tenure.objects.filter(cadre=OuterRef("cadre"), start_date__lt=on)
    if target.prior_levels:
        tenures = tenures.filter(position__unit__level__code__in=target.prior_levels)
    if target.prior_prefixes:
        tenures = tenures.filter(
            reduce(or_, (Q(position__title__startswith=p) for p in target.prior_prefixes))
        )
    return tenures


def non_local():
    """R7 in SQL: home commune differs from a commune unit's commune, home province from another unit's province
    (exact names, as recorded; an unrecorded home or locality is not counted as non-local)."""
    commune_unit = Q(position__unit__commune_name__gt="")
    by_commune = Q(cadre__home_commune__gt="") & ~Q(cadre__home_commune=F("position__unit__commune_name"))
    by_province = (
        Q(position__unit__province_name__gt="")
        & Q(cadre__home_province__gt="")
        & ~Q(cadre__home_province=F("position__unit__province_name"))
    )
    return (commune_unit & by_commune) | (~commune_unit & by_province)


def _measurement(target, numerator, denominator):
    share, status = evaluate(target, numerator, denominator)
    return Measurement(target, numerator, denominator, share, status)


def measure(target, on=None, *, unit=None, unit_ids=None, level=None):
    """Measure `target` on `on` (default today) in `unit`'s subtree: one aggregate query."""
    on = on or date.today()
    tenures = population(target, on, unit=unit, unit_ids=unit_ids, level=level)
    condition = counted(target, on)
    if target.aggregation == Target.Aggregation.UNITS:
        rows = tenures.values("position__unit_id").annotate(n=Count("cadre", distinct=True, filter=condition))
        numbers = [row["n"] for row in rows]
        return _measurement(target, sum(1 for n in numbers if n), len(numbers))
    totals = tenures.aggregate(
        den=Count("cadre", distinct=True), num=Count("cadre", distinct=True, filter=condition)
    )
    return _measurement(target, totals["num"], totals["den"])


def measure_by_level(target, on=None, *, unit=None, unit_ids=None):
    """{unit level id: Measurement} of `target` in `unit`'s subtree, one aggregate query for every level.
    Levels without any holder of the population are absent."""
    on = on or date.today()
    tenures = population(target, on, unit=unit, unit_ids=unit_ids)
    condition = counted(target, on)
    level = "position__unit__level_id"
    if target.aggregation == Target.Aggregation.UNITS:
        rows = tenures.values(level, "position__unit_id").annotate(
            n=Count("cadre", distinct=True, filter=condition)
        )
        units = {}
        for row in rows:
            num, den = units.get(row[level], (0, 0))
            units[row[level]] = (num + (1 if row["n"] else 0), den + 1)
        return {level_id: _measurement(target, num, den) for level_id, (num, den) in units.items()}
    rows = tenures.values(level).annotate(
        den=Count("cadre", distinct=True), num=Count("cadre", distinct=True, filter=condition)
    )
    return {row[level]: _measurement(target, row["num"], row["den"]) for row in rows}


def active_targets(term=None):
    """The targets to measure, with their chosen positions loaded (one query each, whatever their number)."""
    targets = Target.objects.filter(is_active=True).prefetch_related("positions")
    if term:
        targets = targets.filter(term=term)
    return list(targets)


def measure_all(targets, on=None, *, unit=None, unit_ids=None, level=None):
    """[Measurement] for each target: one aggregate query per target."""
    return [measure(t, on, unit=unit, unit_ids=unit_ids, level=level) for t in targets]


@dataclass(frozen=True)
class Bar:
    """A measurement drawn as a bar on a 0–100% scale against the target's goal band (percent of the scale):
    the share's width, the band's start and end, and the status (the bar's colour)."""

    share: float | None
    band_from: float | None
    band_to: float | None
    status: str

    @property
    def band_width(self):
        return None if self.band_from is None else self.band_to - self.band_from


def bar(measurement):
    """The bar of a measurement. A percentage goal makes the band (at least 30% → 30–100, at most 5% → 0–5); a
    count-only goal ("at least one") has no band."""
    target = measurement.target
    low, high = target.goal_min, target.goal_max
    if low is None and high is None:
        band = (None, None)
    else:
        band = (float(low or 0), float(100 if high is None else high))
    share = None if measurement.share is None else max(0.0, min(100.0, float(measurement.share)))
    return Bar(share=share, band_from=band[0], band_to=band[1], status=measurement.status)


@dataclass(frozen=True)
class Holder:
    """A cadre behind a measurement: their tenure (post and unit) and whether they count in the numerator."""

    cadre: Cadre
    position: object
    unit: object
    counts: bool


def holders(target, on=None, *, unit=None, unit_ids=None, level=None):
    """The cadres a measurement counted (the drill-down): every tenure of the population held on `on`, in the
    reader's scope, with whether its cadre meets the target's condition; counted first, then by name. Two
    queries whatever their number (the population with the condition as an annotation)."""
    from django.db.models import BooleanField, Case, Value, When

    on = on or date.today()
    tenures = (
        population(target, on, unit=unit, unit_ids=unit_ids, level=level)
        .annotate(
            counts=Case(
                When(counted(target, on), then=Value(True)), default=Value(False), output_field=BooleanField()
            )
        )
        .select_related("cadre", "position", "position__unit")
        .order_by("-counts", "cadre__full_name", "cadre__code", "position__title")
    )
    return [Holder(t.cadre, t.position, t.position.unit, t.counts) for t in tenures]
