"""The filters of our inbox, queue and archive pages, in place of Viewflow's ``FlowUserTaskListFilter``.

Viewflow's filter puts every listed process into the page as a choice list and reads the steps' DISTINCT
``flow_task`` from the database on every view (issue 13: 8 MB of HTML at 10^5 procedures). Ours: a free-text search
by cadre name or code or unit name, accent- and case-insensitive (``fold``); the step, chosen among the flow's
human steps as the flow defines them (no query); and due state (overdue, due soon; ``work.due_window``)."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from viewflow.workflow.fields import get_task_ref
from viewflow.workflow.flow.views.filters import DashboardTaskListViewFilter
from viewflow.workflow.models import Task

from .fold import fold

OVERDUE, DUE_SOON = "overdue", "due_soon"


def human_steps(flow_class):
    """(name, title) of the flow's human steps, from its definition."""
    nodes = [node for node in flow_class.instance.nodes() if getattr(node, "task_type", None) == "HUMAN"]
    return [(node.name, str(node.task_title or node.name)) for node in nodes]


def search_processes(flow_class, text):
    """The flow's process ids whose unit name, or a cadre's name or code, contains `text` (folded)."""
    folded = fold(text.strip())
    process_class = flow_class.process_class
    match = Q(unit__name__fold__contains=folded)
    cadre = getattr(process_class, "CONFLICT_CADRE_LOOKUP", None)
    if cadre:
        match |= Q(**{f"{cadre}__full_name__fold__contains": folded})
        match |= Q(**{f"{cadre}__code__fold__contains": folded})
    return process_class._default_manager.filter(match).values("pk")


class TaskListFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Cadre or unit"), method="filter_search")
    step = django_filters.ChoiceFilter(label=_("Step"), method="filter_step")
    due = django_filters.ChoiceFilter(
        label=_("Due"), choices=((OVERDUE, _("overdue")), (DUE_SOON, _("due soon"))), method="filter_due"
    )

    class Meta:
        model = Task
        fields = ()

    def __init__(self, *args, flow_class, **kwargs):
        super().__init__(*args, **kwargs)
        self.flow_class = flow_class
        self.filters["step"].extra["choices"] = human_steps(flow_class)

    def filter_search(self, queryset, name, value):
        if not value or not value.strip():
            return queryset
        return queryset.filter(process_id__in=search_processes(self.flow_class, value))

    def filter_step(self, queryset, name, value):
        node = getattr(self.flow_class.instance, value, None) if value else None
        return queryset.filter(flow_task=node) if node is not None else queryset

    def filter_due(self, queryset, name, value):
        from .work import due_window

        now, soon = due_window()
        if value == OVERDUE:
            return queryset.filter(deadline__due_at__lt=now)
        if value == DUE_SOON:
            return queryset.filter(deadline__due_at__gte=now, deadline__due_at__lt=soon)
        return queryset


class ArchiveListFilter(TaskListFilter):
    """The archive's steps are done: no due state."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.filters["due"]


class DashboardTaskFilter(DashboardTaskListViewFilter):
    """The "All steps" list's filter: Viewflow's, with the steps offered by their titles as the flow defines them
    (Viewflow's shows "Appointment/Policy_Review" read from a DISTINCT over every step)."""

    def __init__(self, *args, flow_class, **kwargs):
        django_filters.FilterSet.__init__(self, *args, **kwargs)  # not Viewflow's: its choices cost a query
        nodes = [node for node in flow_class.instance.nodes() if getattr(node, "task_type", None) == "HUMAN"]
        self.filters["flow_task"].field.choices = [
            (get_task_ref(node), str(node.task_title or node.name)) for node in nodes
        ]
