"""Pages every procedure shares, restricted to the user's scope (404 for what they may not see): process list and
detail, inbox, queue, archive, task list, diagram; comments, attachments, reassignment and withdrawal."""

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.views import generic
from viewflow.utils import viewprop
from viewflow.workflow.flow import views as vf
from viewflow.workflow.status import STATUS

from apps.accounts import permissions
from apps.core.procedures import start_actions
from apps.core.rules import RuleViolation
from apps.core.uploads import validate_upload

from . import filters, selectors, services
from .models import StepAttachment
from .nodes import VIEW_ACTION, process_visible

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
        from .work import due_state

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


class CommentForm(forms.Form):
    text = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)
    task = forms.IntegerField(required=False, widget=forms.HiddenInput)


class AttachmentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of document"), choices=StepAttachment.Kind.choices)
    file = forms.FileField(label=_("File"), validators=[validate_upload])
    task = forms.IntegerField(required=False, widget=forms.HiddenInput)


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Reason for the withdrawal"), widget=forms.Textarea(attrs={"rows": 3}))


class ReassignForm(forms.Form):
    user = forms.ModelChoiceField(label=_("Give this step to"), queryset=get_user_model().objects.none())
    reason = forms.CharField(label=_("Reason"), required=False, max_length=500)

    def __init__(self, *args, users=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = get_user_model().objects.filter(pk__in=[u.pk for u in users])
        if not users:
            self.fields["user"].help_text = _("No one else holds this step's role in the procedure's unit.")


class ProcessMixin:
    """Loads the process named in the URL among those the user may see (else 404)."""

    flow_class = None
    viewset = None

    def get_process(self):
        if not hasattr(self, "_process"):
            qs = selectors.visible_processes(self.flow_class, self.request.user)
            self._process = get_object_or_404(
                qs.select_related("unit", "position"), pk=self.kwargs["process_pk"]
            )
        return self._process

    def process_url(self):
        return self.flow_class.instance.reverse("process_detail", args=[self.get_process().pk])

    def task_of_process(self, task_pk):
        if not task_pk:
            return None
        return get_object_or_404(self.get_process().task_set, pk=task_pk)


class ProcedureDetailView(vf.DetailProcessView):
    """The procedure page: diagram with the current step, steps with owners and due dates, the procedure's own
    summary (candidates, conferences, decision), comments, attachments and a readable history."""

    template_name = "workflows/process_detail.html"

    def get_queryset(self):
        return selectors.visible_processes(self.flow_class, self.request.user).select_related(
            "unit", "position", "started_by"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        process = context["process"]
        user = self.request.user
        tasks = list(selectors.process_tasks(process))
        open_tasks = [t for t in tasks if t.status in (STATUS.NEW, STATUS.ASSIGNED)]
        flow = self.flow_class.instance
        context.update(
            task_list=tasks,
            open_tasks=open_tasks,
            comments=selectors.process_comments(process),
            attachments=selectors.process_attachments(process),
            audit_entries=_labelled(selectors.process_audit(process), self.flow_class.instance),
            comment_form=CommentForm(),
            attachment_form=AttachmentForm(),
            can_reassign=process.is_open and permissions.can(user, "reassign", process),
            can_contribute=permissions.can(user, services.CONTRIBUTE_ACTION, process),
            can_withdraw=process.is_open and (permissions.may_withdraw(user, process)),
            summary_template=getattr(flow, "summary_template", None),
            flow=flow,
        )
        extra = getattr(flow, "summary_context", None)
        if extra is not None:
            context.update(extra(process, user))
        return context


def _labelled(entries, flow):
    """The history as a person reads it: one renderer for every page that shows audit entries (issue 11 §4)."""
    from apps.audit.rendering import render_entries

    return render_entries(entries)


class _PostOnlyProcessView(ProcessMixin, generic.FormView):
    http_method_names = ["post"]

    def form_invalid(self, form):
        for errors in form.errors.values():
            for error in errors:
                messages.error(self.request, error)
        return HttpResponseRedirect(self.process_url())

    def get_success_url(self):
        return self.process_url()


class AddCommentView(_PostOnlyProcessView):
    form_class = CommentForm

    def form_valid(self, form):
        process = self.get_process()
        try:
            services.add_comment(
                process=process,
                text=form.cleaned_data["text"],
                task=self.task_of_process(form.cleaned_data.get("task")),
                actor=self.request.user,
            )
        except RuleViolation as exc:
            messages.error(self.request, str(exc))
        return super().form_valid(form)


class AddAttachmentView(_PostOnlyProcessView):
    form_class = AttachmentForm

    def form_valid(self, form):
        process = self.get_process()
        try:
            services.add_attachment(
                process=process,
                upload=form.cleaned_data["file"],
                kind=form.cleaned_data["kind"],
                task=self.task_of_process(form.cleaned_data.get("task")),
                actor=self.request.user,
            )
        except RuleViolation as exc:
            messages.error(self.request, str(exc))
        return super().form_valid(form)


class WithdrawView(ProcessMixin, generic.FormView):
    form_class = WithdrawForm
    template_name = "workflows/process_form.html"

    def dispatch(self, request, *args, **kwargs):
        process = self.get_process()
        if not (
            permissions.can(request.user, "review", process)
            or permissions.can(request.user, "start_procedure", process)
        ):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            process=self.get_process(), title=_("Withdraw the procedure"), **kwargs
        )

    def form_valid(self, form):
        try:
            services.withdraw_procedure(
                process=self.get_process(), reason=form.cleaned_data["reason"], actor=self.request.user
            )
        except RuleViolation as exc:
            form.add_error(None, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The procedure was withdrawn."))
        return HttpResponseRedirect(self.process_url())


def users_holding(task):
    """The holders of the task's role in the procedure's unit scope (``permissions.holders_of``), other than its
    owner, who may perform it (no conflict, R10): whom a reviewer may hand the step to."""
    from apps.accounts.models import ROLE_PERMISSIONS

    if not task.owner_permission:
        return []
    codename = task.owner_permission.split(".", 1)[-1]
    role = next((role for role, perm in ROLE_PERMISSIONS.items() if perm == codename), None)
    unit = task.process.coerced.unit
    if role is None or unit is None:
        return []
    users = (
        permissions.holders_of(role, unit).exclude(pk=task.owner_id).order_by("last_name", "first_name", "pk")
    )
    return services.eligible_assignees(task, list(users))


class ReassignView(ProcessMixin, generic.FormView):
    form_class = ReassignForm
    template_name = "workflows/process_form.html"

    def dispatch(self, request, *args, **kwargs):
        process = self.get_process()
        permissions.require(request.user, "reassign", process)
        self.task = get_object_or_404(
            process.task_set.filter(status__in=[STATUS.NEW, STATUS.ASSIGNED], flow_task_type="HUMAN"),
            pk=kwargs["task_pk"],
        )
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "users": users_holding(self.task)}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            process=self.get_process(), title=_("Reassign: {step}").format(step=self.task.title), **kwargs
        )

    def form_valid(self, form):
        try:
            services.reassign_task(
                task=self.task,
                to_user=form.cleaned_data["user"],
                reason=form.cleaned_data["reason"],
                actor=self.request.user,
            )
        except RuleViolation as exc:
            form.add_error(None, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The step was reassigned."))
        return HttpResponseRedirect(self.process_url())


__all__ = ["process_visible", "VIEW_ACTION"]
