"""Filters of the organisation list pages. Every choice list is limited to the user's scope."""

import django_filters
from django.utils.translation import gettext_lazy as _

from .models import OrgUnit, Position, UnitLevel
from .selectors import units_for


def _scope_units(request):
    if request is None:
        return OrgUnit.objects.none()
    return units_for(request.user)


def filter_unit_and_sub_units(queryset, lookup, unit):
    """Keep the rows whose unit (reached by `lookup`) is `unit` or one of its sub-units."""
    if not unit:
        return queryset
    return queryset.filter(**{f"{lookup}__path__startswith": unit.path})


class UnitFilter(django_filters.FilterSet):
    level = django_filters.ModelChoiceFilter(label=_("level"), queryset=UnitLevel.objects.all())
    kind = django_filters.ChoiceFilter(label=_("kind"), choices=OrgUnit.Kind.choices)
    is_active = django_filters.BooleanFilter(label=_("active"))

    class Meta:
        model = OrgUnit
        fields = ["level", "kind", "is_active"]


class PositionFilter(django_filters.FilterSet):
    unit = django_filters.ModelChoiceFilter(
        label=_("unit (with its sub-units)"),
        queryset=_scope_units,
        method="filter_unit",
    )
    vacant = django_filters.BooleanFilter(label=_("has a vacant seat"), method="filter_vacant")
    requires_non_local = django_filters.BooleanFilter(label=_("must be held by a non-local cadre"))
    is_active = django_filters.BooleanFilter(label=_("active"))

    class Meta:
        model = Position
        fields = ["unit", "vacant", "requires_non_local", "is_active"]

    def filter_unit(self, queryset, name, value):
        return filter_unit_and_sub_units(queryset, "unit", value)

    def filter_vacant(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(vacancies__gt=0) if value else queryset.filter(vacancies__lte=0)
