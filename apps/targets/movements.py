"""The planning and rotation figures of the targets dashboard (issue 14 §2–§3; docs/procedures.md §7–§8).

* Planning shares: of the cadres in the planning on the date (an active planning entry approved on or before it,
  for a post in the unit's subtree and the reader's scope), the young (under ``young_age_limit``) and the women,
  against the rule set's ``target_planning_young_percent`` and ``target_planning_female_percent`` (QĐ 50).
* Rotations: signed, unrevoked rotation decisions taking effect in the year — between communes (from a post at
  commune level to one at commune level), and of women from the (former) district level to the commune level,
  the two the founding document says are too few.

Plain Python over the registry (the decisions and planning entries), one aggregate query per figure.
"""

from datetime import date
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from apps.cadres.models import Gender, PlanningEntry, Tenure

from .measures import _measurement, years_before
from .models import Target

COMMUNE = "commune"
DISTRICT = "district"


def _in_scope(queryset, field, unit, unit_ids):
    if unit is not None:
        queryset = queryset.filter(**{f"{field}__path__startswith": unit.path})
    if unit_ids is not None:
        queryset = queryset.filter(**{f"{field}_id__in": unit_ids})
    return queryset


def planning_measurements(params, on=None, *, unit=None, unit_ids=None):
    """[Measurement] of the young and the women among the cadres in the planning on `on`."""
    on = on or date.today()
    entries = PlanningEntry.objects.filter(status=PlanningEntry.Status.ACTIVE, approved_on__lte=on)
    entries = _in_scope(entries, "position__unit", unit, unit_ids)
    young = Q(cadre__birth_date__gt=years_before(on, params.young_age_limit))
    totals = entries.aggregate(
        den=Count("cadre", distinct=True),
        young=Count("cadre", distinct=True, filter=young),
        women=Count("cadre", distinct=True, filter=Q(cadre__gender=Gender.FEMALE)),
    )
    young_target = Target(
        code="planning-young",
        name=f"Cán bộ trẻ (dưới {params.young_age_limit} tuổi) trong quy hoạch",
        name_en=f"Young cadres (under {params.young_age_limit}) in the planning",
        metric=Target.Metric.UNDER_AGE,
        goal_min=Decimal(params.target_planning_young_percent),
        source="QĐ 50 (S40)",
    )
    women_target = Target(
        code="planning-women",
        name="Cán bộ nữ trong quy hoạch",
        name_en="Women in the planning",
        metric=Target.Metric.FEMALE,
        goal_min=Decimal(params.target_planning_female_percent),
        source="QĐ 50 (S40)",
    )
    return [
        _measurement(young_target, totals["young"], totals["den"]),
        _measurement(women_target, totals["women"], totals["den"]),
    ]


def rotation_counts(year, *, unit=None, unit_ids=None):
    """{"total", "between_communes", "women_district_to_commune"}: rotations taking effect in `year` (signed,
    not revoked), into posts in the unit's subtree and the reader's scope."""
    from apps.decisions.models import Decision

    decisions = Decision.objects.filter(
        kind=Decision.Kind.ROTATION, status=Decision.Status.SIGNED, effective_from__year=year
    )
    decisions = _in_scope(decisions, "position__unit", unit, unit_ids)
    left = Tenure.objects.filter(ended_by_decision=OuterRef("pk"))
    from_commune = Exists(left.filter(position__unit__level__code=COMMUNE))
    from_district = Exists(left.filter(position__unit__level__code=DISTRICT))
    to_commune = Q(position__unit__level__code=COMMUNE)
    return decisions.aggregate(
        total=Count("pk"),
        between_communes=Count("pk", filter=to_commune & Q(from_commune)),
        women_district_to_commune=Count(
            "pk", filter=to_commune & Q(from_district) & Q(cadre__gender=Gender.FEMALE)
        ),
    )


ROTATION_LABELS = {
    "total": _("Rotations"),
    "between_communes": _("Rotations between communes"),
    "women_district_to_commune": _("Rotations of women from district to commune level"),
}


def movements(on, *, unit=None, unit_ids=None):
    """(planning shares, rotations) as the dashboard and the yearly report show them: the planning shares on
    `on` under the rule set in force on that day for the unit (none in force: no planning shares), and
    ``[(key, label, count)]`` of the rotations taking effect in `on`'s year."""
    from apps.core.rules import RuleViolation
    from apps.rulesets.selectors import rule_set_for

    try:
        params = rule_set_for(unit=unit, on=on).resolve(on)
    except RuleViolation:
        planning = []
    else:
        planning = planning_measurements(params, on, unit=unit, unit_ids=unit_ids)
    counts = rotation_counts(on.year, unit=unit, unit_ids=unit_ids)
    return planning, [(key, ROTATION_LABELS[key], counts[key]) for key in ROTATION_LABELS]
