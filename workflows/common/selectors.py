"""Readers for procedure pages: every queryset already restricted to the user's scope, minus the procedures in
which the user is a candidate (R10), and with what the pages show joined in (constant query counts)."""

from django.db.models import Count
from viewflow.workflow.managers import _get_related_path
from viewflow.workflow.models import Process, Task
from viewflow.workflow.status import STATUS

from apps.accounts import permissions
from apps.audit.models import AuditEntry

from .models import StepAttachment, StepComment
from .nodes import VIEW_ACTION


def visible_processes(flow_class, user):
    """The flow's processes `user` may see."""
    qs = flow_class.process_class._default_manager.filter(flow_class=flow_class)
    return permissions.restrict(qs, user, VIEW_ACTION) | asked_of_political_protection(qs, user)


def asked_of_political_protection(queryset, user):
    """The procedures that asked internal political protection in scope of `user` for a conclusion (procedures
    §9): its step is theirs, so they see the procedure — but not the others, and never their own (R10)."""
    from apps.cadres.models import PoliticalProtectionRequest

    unit_ids = permissions.scope_unit_ids(user, "conclude_political_standard")
    if unit_ids is not None and not unit_ids:
        return queryset.none()
    requests = PoliticalProtectionRequest.objects.all()
    if unit_ids is not None:
        requests = requests.filter(unit_id__in=unit_ids)
    return permissions.restrict_conflicts(queryset.filter(pk__in=requests.values("process_id")), user)


def process_list(flow_class, user):
    """The flow's visible processes, newest first (served by the index on ``(flow_class, created)``). The open
    steps are counted for the rows of one page only: ``with_open_step_counts``."""
    return visible_processes(flow_class, user).select_related("unit", "position__unit").order_by("-created")


def with_open_step_counts(processes):
    """Set ``active_tasks_count`` on each of `processes` (a page's rows) with one query over their tasks only —
    never a ``Count("task")`` annotation over every visible process before the page is cut."""
    processes = list(processes)
    counts = dict(
        Task.objects.filter(process_id__in=[p.pk for p in processes], finished__isnull=True)
        .order_by()
        .values_list("process_id")
        .annotate(n=Count("pk"))
        .values_list("process_id", "n")
    )
    for process in processes:
        process.active_tasks_count = counts.get(process.pk, 0)
    return processes


def child_path(flow_class):
    """``select_related`` path from a base ``Process`` row to the flow's own process row."""
    return _get_related_path(flow_class.process_class, Process)


def visible_tasks(queryset, flow_class, user):
    """Restrict a Task queryset to the visible processes of `flow_class`, joining what task lists show."""
    related = child_path(flow_class)
    joins = ["process", "deadline", "owner"]
    if related:
        joins += [f"process__{related}__unit", f"process__{related}__position__unit"]
    return queryset.filter(
        process__flow_class=flow_class, process__in=visible_processes(flow_class, user).values("pk")
    ).select_related(*joins)


def procedure_of(task, flow_class):
    """The flow's own process instance of a task row loaded by ``visible_tasks`` (no extra query)."""
    related = child_path(flow_class)
    return getattr(task.process, related) if related else task.process


def process_tasks(process):
    return process.task_set.select_related("owner", "deadline").order_by("created", "pk")


def process_comments(process):
    return StepComment.objects.filter(process_id=process.pk).select_related("author", "task")


def process_attachments(process):
    return StepAttachment.objects.filter(process_id=process.pk).select_related("author", "task")


def process_audit(process):
    return AuditEntry.objects.filter(process_id=process.pk).select_related("actor").order_by("seq")


def open_tasks(process):
    return process.task_set.filter(status__in=[STATUS.NEW, STATUS.ASSIGNED, STATUS.STARTED])
