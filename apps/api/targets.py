"""Targets (``/api/v1/targets/``): every active target measured for a unit (with its sub-units), a level and a
year — the targets dashboard's selectors (``apps.targets.selectors``) and measures (``measure_all``).

Who reads targets, as on the dashboard: the organisation board, the leadership and the inspection commission in
their scope, and a unit leader for their own unit; anyone else, and a unit out of the reader's scope, gets a 404.
The year is measured on 31/12, or today for the current year. One aggregate query per target of the page.
"""

from datetime import date

import django_filters
from django import forms
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.exceptions import NotFound

from apps.targets import selectors
from apps.targets.measures import Status, measure_all
from apps.targets.models import Target

#: a measurement's status against the target's goal (``apps.targets.measures.Status``)
TARGET_STATUSES = [Status.MET, Status.BELOW, Status.ABOVE, Status.NO_DATA]


class IntegerFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


class TargetFilter(django_filters.FilterSet):
    """What to measure: ``unit`` (with its sub-units; default the reader's top unit), ``level`` (a unit level;
    default every level), ``year`` (default this year) and the targets' ``term``. ``unit``, ``level`` and ``year``
    choose the measurement, not the rows: the view reads them from the validated form."""

    unit = IntegerFilter(label=_("unit (with its sub-units)"), method="keep", min_value=1)
    level = IntegerFilter(label=_("unit level"), method="keep", min_value=1)
    year = IntegerFilter(label=_("year"), method="keep", min_value=2000, max_value=9999)
    term = django_filters.CharFilter(label=_("term"), field_name="term", max_length=20)

    class Meta:
        model = Target
        fields = ["unit", "level", "year", "term"]

    def keep(self, queryset, name, value):
        return queryset


class TargetValueSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    metric = serializers.ChoiceField(choices=Target.Metric.choices)
    aggregation = serializers.ChoiceField(choices=Target.Aggregation.choices)
    term = serializers.CharField()
    goal_min = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    goal_max = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    goal_min_count = serializers.IntegerField(allow_null=True)
    numerator = serializers.IntegerField(help_text="Holders (or units) meeting the target.")
    denominator = serializers.IntegerField(help_text="Holders (or units) measured.")
    share = serializers.DecimalField(
        max_digits=5, decimal_places=1, allow_null=True, help_text="Percent; null without data."
    )
    status = serializers.ChoiceField(choices=TARGET_STATUSES)
    unit = serializers.IntegerField(allow_null=True, help_text="The unit measured; null: the whole registry.")
    level = serializers.IntegerField(allow_null=True, help_text="The unit level measured; null: every level.")
    year = serializers.IntegerField()
    measured_on = serializers.DateField()


def _row(measurement, unit, level, year, on):
    target = measurement.target
    return {
        "code": target.code,
        "name": target.display_name,
        "metric": target.metric,
        "aggregation": target.aggregation,
        "term": target.term,
        "goal_min": target.goal_min,
        "goal_max": target.goal_max,
        "goal_min_count": target.goal_min_count,
        "numerator": measurement.numerator,
        "denominator": measurement.denominator,
        "share": measurement.share,
        "status": measurement.status,
        "unit": unit.pk if unit is not None else None,
        "level": level.pk if level is not None else None,
        "year": year,
        "measured_on": on,
    }


@extend_schema_view(list=extend_schema(summary="Targets measured for a unit, a level and a year"))
class TargetViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The active targets with their measured value, goal and status (the targets dashboard). 404 for a caller who
    reads no targets, and for a unit out of their scope or an unknown level."""

    serializer_class = TargetValueSerializer
    filterset_class = TargetFilter
    ordering_fields = ["code", "order"]
    ordering = ["term", "order", "code"]
    queryset = Target.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Target.objects.none()
        return Target.objects.filter(is_active=True).prefetch_related("positions")

    def list(self, request, *args, **kwargs):
        user = request.user
        try:
            scope = selectors.require_reader(user)
        except Http404:
            raise NotFound from None
        queryset = self.filter_queryset(self.get_queryset())  # validates the parameters (400)
        params = TargetFilter(request.query_params, queryset=queryset, request=request)
        params.is_valid()  # valid: filter_queryset refused anything else
        values = params.form.cleaned_data
        today = date.today()
        year = values.get("year") or today.year
        try:
            unit = selectors.unit_for(user, values.get("unit"))
            level = selectors.level_for(values.get("level"))
            on = selectors.report_date(year, today)
        except Http404:
            raise NotFound from None
        page = self.paginate_queryset(queryset)
        measurements = measure_all(page, on, unit=unit, unit_ids=scope, level=level)
        rows = [_row(m, unit, level, year, on) for m in measurements]
        return self.get_paginated_response(TargetValueSerializer(rows, many=True).data)
