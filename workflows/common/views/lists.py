"""The lists every procedure shares, restricted to the user's scope: inbox, queue, archive, task and process lists,
diagram, cancel and bulk (un)assignment; and the menu's bounded counts."""

from django.db.models import F
from django.http import Http404
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from viewflow.utils import viewprop
from viewflow.workflow.flow import views as vf
from viewflow.workflow.status import STATUS

from apps.accounts import permissions
from apps.core.procedures import start_actions

from .. import filters, selectors

_BADGE = (
    '<span class="cf-badge cf-badge--{}" style="{};border-radius:8px;padding:0 6px;margin-left:4px">{}</span>'
)


def _fmt_date(value):
    return value.strftime("%d/%m/%Y") if value else ""


class TaskColumnsMixin:
    """Columns of our task lists, all read from the joins ``selectors.visible_tasks`` makes."""

    columns = ("task_id", "task_title", "procedure", "due", "created_on")

    def task_id(self, task):
        url = task.flow_task.reverse("index", args=[task.process_id, task.pk])
        return format_html('<a href="{}">#{}/{}</a>', url, task.process_id, task.pk)

    task_id.short_description = _("#")

    def task_title(self, task):
        return task.title

    task_title.short_description = _("Step")

    def procedure(self, task):
        # the whole name: the list's cells cut their text with an ellipsis
        return format_html(
            '<span class="cf-procedure" style="white-space:normal">{}</span>',
            str(selectors.procedure_of(task, self.flow_class)),
        )

    procedure.short_description = _("Procedure")

    def due(self, task):
        """The due date, with an "overdue" or "due soon" badge (``work.due_state``, as on the home page)."""
        from ..work import due_state

        deadline = getattr(task, "deadline", None)
        if not deadline or not deadline.due_at:
            return ""
        overdue, due_soon = due_state(deadline.due_at, getattr(self, "_now", None))
        if overdue:
            badge = format_html(_BADGE, "overdue", "background:#b00020;color:#fff", _("overdue"))
        elif due_soon:
            badge = format_html(_BADGE, "due-soon", "background:#f0b429;color:#000", _("due soon"))
        else:
            badge = ""
        return format_html("{}{}", _fmt_date(deadline.due_at), badge)

    due.short_description = _("Due")

    def created_on(self, task):
        return _fmt_date(task.created)

    created_on.short_description = _("Created")


#: where Viewflow's ``TaskQuerySet.user_queue`` keeps a user's guardian object permissions for the request
VIEWFLOW_PERM_CACHE = "_viewflow_per_object_perm_cache"


def prime_queue_permissions(user):
    """Fill Viewflow's per-object permission cache of `user` in one query.

    ``user_queue`` builds the set ``{"<app_label>.<codename>_<object_pk>"}`` itself by reading the user's (and
    their groups') guardian rows and then, row by row, each row's content type and permission: two queries per
    unit in scope, i.e. hundreds for a province-wide role, on every procedure page (the menu counts the queue).
    This builds the very same set with the joins in the database; Viewflow then uses it as its own cache."""
    if not user.is_authenticated or user.is_superuser or hasattr(user, VIEWFLOW_PERM_CACHE):
        return
    from guardian.models import GroupObjectPermission, UserObjectPermission

    fields = ("content_type__app_label", "permission__codename", "object_pk")
    own = UserObjectPermission.objects.filter(user=user).values_list(*fields)
    groups = GroupObjectPermission.objects.filter(group__in=user.groups.all()).values_list(*fields)
    rows = [(f"{app_label}.{codename}", object_pk) for app_label, codename, object_pk in own.union(groups)]
    kept = permissions.permissions_kept({perm for perm, _ in rows})  # the inspection commission: read-only
    setattr(user, VIEWFLOW_PERM_CACHE, {f"{perm}_{object_pk}" for perm, object_pk in rows if perm in kept})


#: the most urgent first: overdue, then by due date, those without a due date last; then the oldest
URGENCY = (F("deadline__due_at").asc(nulls_last=True), "created", "pk")


def inbox_tasks(flow_class, user):
    """The steps of `flow_class` assigned to `user`, among the procedures they may see, the most urgent first."""
    qs = flow_class.task_class._default_manager.filter(owner=user, status=STATUS.ASSIGNED)
    return selectors.visible_tasks(qs, flow_class, user).order_by(*URGENCY)


def queue_tasks(flow_class, user):
    """The open steps of `flow_class` that `user` may claim (Viewflow's queue: the step's permission on the step's
    unit), among the procedures they may see."""
    prime_queue_permissions(user)
    qs = flow_class.task_class._default_manager.user_queue(user, flow_class=flow_class)
    qs = qs.filter(status=STATUS.NEW)
    return selectors.visible_tasks(qs, flow_class, user).order_by(*URGENCY)


#: the menu's counts stop here ("99+"): an exact COUNT of a province-wide queue scans every open step (issue 13)
MENU_COUNT_LIMIT = 99


class BoundedCount:
    """What Viewflow's menu reads as ``user_inbox.count`` / ``user_queue.count``: the number of rows of `queryset`
    up to ``MENU_COUNT_LIMIT``, else "99+" (one query that reads at most that many rows, unsorted)."""

    def __init__(self, queryset):
        self.queryset = queryset

    def __iter__(self):
        return iter(self.queryset)

    def count(self):
        limit = MENU_COUNT_LIMIT
        found = self.queryset.order_by().values("pk")[: limit + 1].count()
        return f"{limit}+" if found > limit else found


class TaskFilterMixin:
    """Our own filters (``filters.TaskListFilter``: search by cadre or unit, step, due state) in place of
    Viewflow's, which embeds every listed process in the page and scans the steps' DISTINCT ``flow_task``."""

    filterset_class = filters.TaskListFilter

    def get_filterset_kwargs(self, filterset_class):
        return {**super().get_filterset_kwargs(filterset_class), "flow_class": self.flow_class}


class ScopedInboxView(TaskFilterMixin, TaskColumnsMixin, vf.FlowInboxListView):
    @viewprop
    def queryset(self):
        return inbox_tasks(self.flow_class, self.request.user)


class ScopedQueueView(TaskFilterMixin, TaskColumnsMixin, vf.FlowQueueListView):
    @viewprop
    def queryset(self):
        return queue_tasks(self.flow_class, self.request.user)


class ScopedArchiveView(TaskFilterMixin, TaskColumnsMixin, vf.FlowArchiveListView):
    filterset_class = filters.ArchiveListFilter
    columns = ("task_id", "task_title", "procedure", "created_on")

    @viewprop
    def queryset(self):
        qs = self.model._default_manager.user_archive(self.request.user, flow_class=self.flow_class)
        return selectors.visible_tasks(qs, self.flow_class, self.request.user).order_by("-created")


class ScopedTaskListView(TaskFilterMixin, TaskColumnsMixin, vf.DashboardTaskListView):
    columns = ("task_id", "task_title", "procedure", "owner", "due", "created_on")
    filterset_class = filters.DashboardTaskFilter

    @viewprop
    def queryset(self):
        qs = self.model._default_manager.all()
        return selectors.visible_tasks(qs, self.flow_class, self.request.user)


class ScopedProcessListView(vf.DashboardProcessListView):
    """The procedure's list, scoped, with its start actions ("Propose…", "Open…") for those who may start one."""

    template_name = "workflows/process_list.html"
    columns = ("process_id", "summary", "outcome", "created_on", "active_tasks")
    object_link_columns = ()

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            start_actions=start_actions(self.request.user, flow_class=self.flow_class), **kwargs
        )

    @viewprop
    def queryset(self):
        return selectors.process_list(self.flow_class, self.request.user)

    def get_queryset(self):
        # skip DashboardProcessListView's own filter/annotate: ``queryset`` already restricts
        return super(vf.DashboardProcessListView, self).get_queryset()

    def paginate_queryset(self, queryset, page_size):
        # the open steps of the page's rows only (one query), not of every visible process
        paginator, page, rows, is_paginated = super().paginate_queryset(queryset, page_size)
        page.object_list = selectors.with_open_step_counts(rows)
        return paginator, page, page.object_list, is_paginated

    def process_id(self, process):
        url = self.flow_class.instance.reverse("process_detail", args=[process.pk])
        return format_html('<a href="{}">#{}</a>', url, process.pk)

    process_id.short_description = _("#")  # Viewflow's column has no label: "Process id" from the method name

    def summary(self, process):
        return str(process)

    summary.short_description = _("Procedure")

    def outcome(self, process):
        return process.get_outcome_display()

    outcome.short_description = _("Outcome")

    def created_on(self, process):
        return _fmt_date(process.created)

    created_on.short_description = _("Started")

    def active_tasks(self, process):
        return process.active_tasks_count

    active_tasks.short_description = _("Open steps")


class ScopedChartView(vf.FlowChartView):
    def dispatch(self, request, *args, **kwargs):
        process_pk = kwargs.get("process_pk")
        if process_pk is not None:
            if not selectors.visible_processes(self.flow_class, request.user).filter(pk=process_pk).exists():
                raise Http404
        return super().dispatch(request, *args, **kwargs)


class ScopedCancelProcessView(vf.CancelProcessView):
    """Viewflow's cancel page, for the procedures the user may see only: another unit's procedure is a 404, the same
    answer as a missing one (Viewflow's own answers 403 and so tells that it exists)."""

    def get_queryset(self):
        return selectors.visible_processes(self.flow_class, self.request.user)


class ScopedBulkAssignView(vf.BulkAssignTasksActionView):
    """Viewflow's "claim the selected steps" (queue), over the steps the user's queue page lists and no others:
    with "select all", the confirmation page lists only those."""

    flow_class = None

    def get_queryset(self):
        self.queryset = queue_tasks(self.flow_class, self.request.user)
        return super().get_queryset()


class ScopedBulkUnassignView(vf.BulkUnassignTasksActionView):
    """Viewflow's "release the selected steps" (inbox), over the steps the user's inbox page lists and no others."""

    flow_class = None

    def get_queryset(self):
        self.queryset = inbox_tasks(self.flow_class, self.request.user)
        return super().get_queryset()
