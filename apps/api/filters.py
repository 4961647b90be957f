"""Filters of the API's lists: the pages' FilterSets (``apps.organisation.forms``, ``apps.cadres.forms``,
``workflows.common.filters``) with the API's free-text ``q`` and the filters the pages take from their forms.

Every parameter is a django-filter field, so it is validated (a bad date, a NUL byte, an unknown choice is a 400
with the field named) and documented in the schema; ordering is checked too (``Ordering``).
"""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework.exceptions import ValidationError
from rest_framework.filters import OrderingFilter
from viewflow.workflow.models import Process, Task

from apps.audit.models import AuditEntry
from apps.cadres.forms import CadreFilter
from apps.decisions.models import Decision
from apps.notifications.models import Notification
from apps.organisation.forms import PositionFilter, UnitFilter, filter_unit_and_sub_units
from apps.organisation.models import OrgUnit
from apps.organisation.selectors import units_for
from workflows.common.filters import DUE_SOON, OVERDUE
from workflows.common.models import ProcedureOutcome

from .procedures import KINDS

KIND_CHOICES = [(code, kind.flow_class.process_title) for code, kind in KINDS.items()]


def _scope_units(request):
    if request is None:
        return OrgUnit.objects.none()
    return units_for(request.user)


class Ordering(OrderingFilter):
    """``?ordering=field,-other`` among the view's ``ordering_fields``; an unknown field is a 400 (never ignored)."""

    def get_ordering(self, request, queryset, view):
        params = request.query_params.get(self.ordering_param)
        if params:
            fields = [param.strip() for param in params.split(",")]
            valid = {name for name, _label in self.get_valid_fields(queryset, view, {"request": request})}
            wrong = [f for f in fields if f.lstrip("-") not in valid]
            if wrong:
                raise ValidationError(
                    {
                        self.ordering_param: [
                            _("Unknown ordering field: %(fields)s") % {"fields": ", ".join(wrong)}
                        ]
                    }
                )
            return fields + [f for f in self.get_default_ordering(view) or () if f not in fields]
        return self.get_default_ordering(view)

    def get_schema_operation_parameters(self, view):
        fields = [name for name in getattr(view, "ordering_fields", ()) or ()]
        return [
            {
                "name": self.ordering_param,
                "required": False,
                "in": "query",
                "description": str(_("Comma-separated fields to sort by; a leading '-' sorts descending.")),
                "schema": {
                    "type": "array",
                    "items": {"type": "string", "enum": fields + [f"-{f}" for f in fields]},
                },
                "style": "form",
                "explode": False,
            }
        ]


class SearchMixin(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_q", max_length=200)
    search_fields = ()

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        match = Q()
        for field in self.search_fields:
            match |= Q(**{field: value})
        return queryset.filter(match)


class ApiUnitFilter(SearchMixin, UnitFilter):
    search_fields = ("name__icontains", "code__iexact")

    class Meta(UnitFilter.Meta):
        fields = [*UnitFilter.Meta.fields, "q"]


class ApiPositionFilter(SearchMixin, PositionFilter):
    search_fields = ("title__icontains", "unit__name__icontains")

    class Meta(PositionFilter.Meta):
        fields = [*PositionFilter.Meta.fields, "q"]

    @extend_schema_field(OpenApiTypes.INT)
    def filter_unit(self, queryset, name, value):
        return super().filter_unit(queryset, name, value)


class ApiCadreFilter(SearchMixin, CadreFilter):
    search_fields = ("full_name__icontains", "code__iexact")

    class Meta(CadreFilter.Meta):
        fields = [*CadreFilter.Meta.fields, "q"]

    @extend_schema_field(OpenApiTypes.INT)
    def filter_unit(self, queryset, name, value):
        return super().filter_unit(queryset, name, value)


class DecisionFilter(SearchMixin, django_filters.FilterSet):
    search_fields = ("number__icontains", "cadre_name__icontains", "position_title__icontains")
    kind = django_filters.ChoiceFilter(label=_("kind"), choices=Decision.Kind.choices)
    status = django_filters.ChoiceFilter(label=_("status"), choices=Decision.Status.choices)
    cadre = django_filters.NumberFilter(label=_("cadre"), field_name="cadre_id", min_value=1)
    unit = django_filters.ModelChoiceFilter(
        label=_("unit (with its sub-units)"), queryset=_scope_units, method="filter_unit"
    )
    issued_from = django_filters.DateFilter(label=_("issued from"), field_name="issued_on", lookup_expr="gte")
    issued_to = django_filters.DateFilter(label=_("issued until"), field_name="issued_on", lookup_expr="lte")

    class Meta:
        model = Decision
        fields = ["q", "kind", "status", "cadre", "unit", "issued_from", "issued_to"]

    @extend_schema_field(OpenApiTypes.INT)
    def filter_unit(self, queryset, name, value):
        return filter_unit_and_sub_units(queryset, "position__unit", value)


class AuditEntryFilter(django_filters.FilterSet):
    """The inspection log's filters (the audit log page's): action, actor, object, from, to (yyyy-mm-dd)."""

    action = django_filters.CharFilter(label=_("action"), field_name="action", max_length=100)
    actor = django_filters.CharFilter(
        label=_("actor"), field_name="actor_label", lookup_expr="icontains", max_length=200
    )
    object = django_filters.CharFilter(label=_("object"), method="filter_object", max_length=200)
    process = django_filters.NumberFilter(label=_("procedure"), field_name="process_id", min_value=1)
    date_from = django_filters.DateFilter(label=_("from"), field_name="occurred_at", lookup_expr="date__gte")
    date_to = django_filters.DateFilter(label=_("to"), field_name="occurred_at", lookup_expr="date__lte")

    class Meta:
        model = AuditEntry
        fields = ["action", "actor", "object", "process"]

    def filter_object(self, queryset, name, value):
        return queryset.filter(Q(object_repr__icontains=value) | Q(object_id=value) | Q(object_type=value))


# ``from`` and ``to`` are Python keywords: declared under other names, read (and documented) under these
AuditEntryFilter.base_filters["from"] = AuditEntryFilter.base_filters.pop("date_from")
AuditEntryFilter.base_filters["to"] = AuditEntryFilter.base_filters.pop("date_to")


class ProcedureFilter(django_filters.FilterSet):
    """Procedures of every kind: kind, unit (with its sub-units), status, outcome, a cadre among its candidates,
    and when it was started."""

    kind = django_filters.ChoiceFilter(label=_("kind"), choices=KIND_CHOICES, method="filter_kind")
    unit = django_filters.ModelChoiceFilter(
        label=_("unit (with its sub-units)"), queryset=_scope_units, method="filter_unit"
    )
    status = django_filters.ChoiceFilter(
        label=_("status"),
        choices=[("NEW", _("In progress")), ("DONE", _("Done")), ("CANCELED", _("Cancelled"))],
    )
    outcome = django_filters.ChoiceFilter(
        label=_("outcome"), choices=ProcedureOutcome.choices, method="filter_outcome"
    )
    cadre = django_filters.NumberFilter(label=_("cadre"), method="filter_cadre", min_value=1)
    started_from = django_filters.DateFilter(
        label=_("started from"), field_name="created", lookup_expr="date__gte"
    )
    started_to = django_filters.DateFilter(
        label=_("started until"), field_name="created", lookup_expr="date__lte"
    )

    class Meta:
        model = Process
        fields = ["kind", "unit", "status", "outcome", "cadre", "started_from", "started_to"]

    def __init__(self, *args, **kwargs):
        from .procedures import KINDS

        super().__init__(*args, **kwargs)
        self.filters["kind"].extra["choices"] = [
            (kind, str(info.flow_class.process_title)) for kind, info in KINDS.items()
        ]
        # every procedure's own outcomes (each keeps the ProcedureOutcome contract), once each
        outcomes = {}
        for info in KINDS.values():
            for value, label in info.flow_class.process_class._meta.get_field("outcome").choices:
                outcomes.setdefault(value, label)
        self.filters["outcome"].extra["choices"] = list(outcomes.items())

    def _per_kind(self, queryset, make):
        match = Q()
        for info in KINDS.values():
            condition = make(info)
            if condition is not None:
                match |= Q(pk__in=info.process_class._default_manager.filter(condition).values("pk"))
        return queryset.filter(match)

    def filter_kind(self, queryset, name, value):
        return queryset.filter(flow_class=KINDS[value].flow_class)

    @extend_schema_field(OpenApiTypes.INT)
    def filter_unit(self, queryset, name, value):
        return self._per_kind(queryset, lambda info: Q(unit__path__startswith=value.path))

    def filter_outcome(self, queryset, name, value):
        return self._per_kind(queryset, lambda info: Q(outcome=value))

    def filter_cadre(self, queryset, name, value):
        def condition(info):
            lookup = info.process_class.CONFLICT_CADRE_LOOKUP
            return Q(**{lookup: value}) if lookup else None

        return self._per_kind(queryset, condition)


class TaskFilter(django_filters.FilterSet):
    """My tasks: where (assigned to me, or waiting in a queue I may claim), kind, step, due state (the task pages'
    ``due`` filter, ``workflows.common.filters``)."""

    where = django_filters.ChoiceFilter(
        label=_("where"),
        choices=[("inbox", _("assigned to me")), ("queue", _("in my queues"))],
        method="filter_where",
    )
    kind = django_filters.ChoiceFilter(label=_("kind"), choices=KIND_CHOICES, method="filter_kind")
    step = django_filters.CharFilter(label=_("step"), method="filter_step", max_length=100)
    process = django_filters.NumberFilter(label=_("procedure"), field_name="process_id", min_value=1)
    due = django_filters.ChoiceFilter(
        label=_("Due"), choices=((OVERDUE, _("overdue")), (DUE_SOON, _("due soon"))), method="filter_due"
    )

    class Meta:
        model = Task
        fields = ["where", "kind", "step", "process", "due"]

    def __init__(self, *args, **kwargs):
        from .procedures import KINDS

        super().__init__(*args, **kwargs)
        self.filters["kind"].extra["choices"] = [
            (kind, str(info.flow_class.process_title)) for kind, info in KINDS.items()
        ]

    def filter_where(self, queryset, name, value):
        user = self.request.user
        return queryset.filter(owner=user) if value == "inbox" else queryset.exclude(owner=user)

    def filter_kind(self, queryset, name, value):
        return queryset.filter(process__flow_class=KINDS[value].flow_class)

    def filter_step(self, queryset, name, value):
        nodes = [getattr(info.flow_class.instance, value, None) for info in KINDS.values()]
        nodes = [node for node in nodes if node is not None and hasattr(node, "flow_class")]
        match = Q()
        for node in nodes:
            match |= Q(flow_task=node)
        return queryset.filter(match) if nodes else queryset.none()

    def filter_due(self, queryset, name, value):
        from workflows.common.work import due_window

        now, soon = due_window()
        if value == OVERDUE:
            return queryset.filter(deadline__due_at__lt=now)
        return queryset.filter(deadline__due_at__gte=now, deadline__due_at__lt=soon)


class NotificationFilter(django_filters.FilterSet):
    unread = django_filters.BooleanFilter(label=_("unread"), field_name="read_at", lookup_expr="isnull")

    class Meta:
        model = Notification
        fields = ["unread"]
