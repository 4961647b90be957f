"""Readers for the cadre pages and the API (docs/style.md rule 4).

Querysets come back restricted to the user's scope (``apps.accounts.permissions.restrict``) and with what the
pages print annotated or loaded, so a list page keeps a constant number of queries as the registry grows.

The political-standard status (R2, H13) of each cadre is computed in SQL from the latest concluded
conclusion, whether a verification is pending, and the validity period of the rule set that governs the cadre's
unit (``political_conclusion_validity_months``; empty means a conclusion never expires).
"""

import calendar
from datetime import date

from django.core.exceptions import ValidationError
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    DateField,
    Exists,
    F,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from apps.accounts.permissions import require, restrict
from apps.core.rules import RuleViolation
from apps.rulesets.models import RuleSet
from apps.rulesets.selectors import rule_set_for

from .models import (
    Cadre,
    PlanningEntry,
    PoliticalConclusion,
    Tenure,
)

# the profile page's reader lives in .profile; its names stay importable from here
from .profile import CadreProfile, Change, HistoryEntry, cadre_history, cadre_profile  # noqa: F401


class PoliticalStatus:
    """The political-standard status shown and filtered on the cadre list."""

    POSITIVE = "positive"
    NEGATIVE = "negative"
    PENDING = "pending"
    MISSING = "missing"
    EXPIRED = "expired"

    CHOICES = [
        (POSITIVE, _("Concluded: meets the standard")),
        (NEGATIVE, _("Concluded: does not meet the standard")),
        (PENDING, _("Being verified")),
        (MISSING, _("No conclusion")),
        (EXPIRED, _("Conclusion expired")),
    ]
    LABELS = dict(CHOICES)


#: Age bands of the cadre list filter: (code, label, lowest age, highest age) — ages in whole years.
AGE_BANDS = [
    ("under_35", _("Under 35"), None, 34),
    ("35_44", _("35 to 44"), 35, 44),
    ("45_54", _("45 to 54"), 45, 54),
    ("55_plus", _("55 and over"), 55, None),
]


def months_before(day, months):
    """The same day `months` months earlier (clamped to the month's last day)."""
    month_index = day.year * 12 + (day.month - 1) - months
    year, month = divmod(month_index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def years_before(day, years):
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def birth_date_range_for_ages(lowest, highest, today=None):
    """(earliest, latest) birth dates of people aged `lowest`..`highest` today; either end may be None."""
    today = today or date.today()
    latest = years_before(today, lowest) if lowest is not None else None
    earliest = None
    if highest is not None:
        # aged at most `highest`: born after the day they would have turned highest + 1
        turned = years_before(today, highest + 1)
        earliest = date.fromordinal(turned.toordinal() + 1)
    return earliest, latest


# --- political-standard status --------------------------------------------------------------------------


def _validity_months(rule_set):
    if rule_set is None:
        return None
    try:
        return rule_set.resolve().political_conclusion_validity_months
    except RuleViolation:
        return None


def validity_cutoffs(on=None):
    """[(unit path prefix, cutoff date or None)] most specific first, and the default cutoff.

    A concluded, positive conclusion dated on or after the cutoff is valid. The prefixes are the scopes of the
    local rule sets in force; a unit takes the rule set of the deepest scope that contains it, exactly as
    ``apps.rulesets.selectors.rule_set_for`` decides. The number of queries depends on the number of rule sets,
    never on the number of cadres.
    """
    on = on or date.today()

    def cutoff(unit):
        try:
            months = _validity_months(rule_set_for(unit=unit, on=on))
        except RuleViolation:
            months = None
        return months_before(on, months) if months is not None else None

    scoped = (
        RuleSet.objects.filter(is_active=True, effective_from__lte=on, scope_unit__isnull=False)
        .filter(Q(effective_to__isnull=True) | Q(effective_to__gte=on))
        .select_related("scope_unit")
    )
    scope_units = {rule_set.scope_unit_id: rule_set.scope_unit for rule_set in scoped}
    ordered = sorted(scope_units.values(), key=lambda unit: (-unit.depth, unit.path))
    return [(unit.path, cutoff(unit)) for unit in ordered], cutoff(None)


def with_political_status(queryset, on=None, unit_path_lookup="current_unit__path"):
    """Annotate `political_status` (a ``PoliticalStatus`` code) and `political_concluded_on` on cadres."""
    scoped, default = validity_cutoffs(on)
    latest = PoliticalConclusion.objects.filter(
        cadre=OuterRef("pk"), status=PoliticalConclusion.Status.CONCLUDED
    ).order_by("-concluded_on", "-created_at", "-pk")
    cutoff = Case(
        *[
            When(**{f"{unit_path_lookup}__startswith": path}, then=Value(day, output_field=DateField()))
            for path, day in scoped
        ],
        default=Value(default, output_field=DateField()),
        output_field=DateField(),
    )
    meets = PoliticalConclusion.Result.MEETS
    return queryset.annotate(
        political_result=Subquery(latest.values("result")[:1]),
        political_concluded_on=Subquery(latest.values("concluded_on")[:1]),
        political_pending=Exists(
            PoliticalConclusion.objects.filter(
                cadre=OuterRef("pk"), status=PoliticalConclusion.Status.PENDING
            )
        ),
        political_cutoff=cutoff,
    ).annotate(
        political_status=Case(
            When(
                political_result=PoliticalConclusion.Result.DOES_NOT_MEET,
                then=Value(PoliticalStatus.NEGATIVE),
            ),
            When(political_result=meets, political_cutoff__isnull=True, then=Value(PoliticalStatus.POSITIVE)),
            When(
                political_result=meets,
                political_concluded_on__gte=F("political_cutoff"),
                then=Value(PoliticalStatus.POSITIVE),
            ),
            When(political_pending=True, then=Value(PoliticalStatus.PENDING)),
            When(political_result=meets, then=Value(PoliticalStatus.EXPIRED)),
            default=Value(PoliticalStatus.MISSING),
            output_field=CharField(),
        )
    )


def with_registry_flags(queryset, on=None):
    """The annotations the cadre list shows and filters on: `in_planning` and the political status."""
    in_planning = Exists(
        PlanningEntry.objects.filter(cadre=OuterRef("pk"), status=PlanningEntry.Status.ACTIVE)
    )
    queryset = queryset.annotate(
        in_planning=Case(When(in_planning, then=True), default=False, output_field=BooleanField())
    )
    return with_political_status(queryset, on=on)


# --- cadres ---------------------------------------------------------------------------------------------


def cadres_for(user, action="view", on=None):
    """Cadres `user` may perform `action` on, with unit, planning flag and political status."""
    queryset = Cadre.objects.select_related("current_unit", "current_unit__level")
    return with_registry_flags(restrict(queryset, user, action), on=on)


def cadre_for(user, pk, action="view"):
    """One cadre: 404 when missing or out of scope, 403 when visible but `action` is not allowed."""
    queryset = with_registry_flags(Cadre.objects.select_related("current_unit", "current_unit__level"))
    try:
        cadre = queryset.get(pk=pk)
    except (Cadre.DoesNotExist, ValueError, TypeError, ValidationError):
        raise Http404 from None
    return require(user, action, cadre)


def tenures_of_position(position):
    return Tenure.objects.filter(position=position).select_related("cadre", "cadre__current_unit")


def planning_for_position(position):
    return PlanningEntry.objects.filter(position=position).select_related("cadre")


def position_page_context(position):
    """What the position page shows of the seat's people (``apps.organisation.views.POSITION_CONTEXT``): who holds
    it, who held it, who is planned for it."""
    tenures = list(tenures_of_position(position).order_by("seat_number", "-start_date"))
    return {
        "holders": [t for t in tenures if t.is_open],
        "past_tenures": [t for t in tenures if not t.is_open],
        "planning": list(planning_for_position(position)),
    }
