"""Viewflow nodes for our procedures: Viewflow's own, with its known gaps fixed in our subclasses
(docs/viewflow-notes.md §7.1) and every task page guarded by scope and conflict of interest.

- A revived task keeps the permission of the task it replaces (Viewflow drops it).
- ``Task.assigned`` is recorded when a task is claimed, assigned or reassigned (Viewflow never writes it).
- Creating, assigning and reassigning a human task tells the notifications app and writes the step's due date.
- Every task URL checks, before anything else, that the task belongs to the node and the process named in the
  URL (a POST to a later step's URL with another task's id is refused) and that the user may see the process:
  in scope and not a candidate of it (R10). What the user may not see is a 404, as if it did not exist.
"""

import logging
from functools import update_wrapper

from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db import DatabaseError, transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import path
from django.utils.timezone import now
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from viewflow.fsm import TransitionNotAllowed
from viewflow.workflow import flow
from viewflow.workflow.base import Edge
from viewflow.workflow.exceptions import FlowLockFailed
from viewflow.workflow.flow.utils import wrap_start_view
from viewflow.workflow.nodes.view import ViewActivation

from apps.accounts import permissions
from apps.core.history import current_actor

logger = logging.getLogger(__name__)

VIEW_ACTION = "follow_procedure"


def process_visible(user, process):
    """May `user` see this procedure at all (scope, and not a candidate of it)? Internal political protection
    sees the procedures that asked it for a conclusion (``selectors.asked_of_political_protection``)."""
    if permissions.can(user, VIEW_ACTION, process):
        return True
    if not permissions.can(user, "conclude_political_standard", process):
        return False
    from apps.cadres.models import PoliticalProtectionRequest

    return PoliticalProtectionRequest.objects.filter(process_id=process.pk).exists()


def require_task_visible(user, task):
    if not process_visible(user, task.process.coerced):
        raise Http404


#: what every step reads of its procedure, joined when the task is loaded (ProcedureFields columns)
STEP_JOINS = ("unit", "position__unit", "rule_set")


def task_queryset(flow_class):
    """Tasks of `flow_class` with their process, the flow's own process row (what ``process.coerced`` returns)
    and the procedure's unit, position and rule set in the same query — a step then reads none of them again."""
    from viewflow.workflow.managers import _get_related_path
    from viewflow.workflow.models import Process

    joins = ["process"]
    child = _get_related_path(flow_class.process_class, Process)
    if child:
        joins.append(f"process__{child}")
        for path_ in STEP_JOINS:
            if _has_path(flow_class.process_class, path_):
                joins.append(f"process__{child}__{path_}")
    return flow_class.task_class._default_manager.select_related(*joins)


def _has_path(model, lookup):
    for name in lookup.split("__"):
        try:
            field = model._meta.get_field(name)
        except Exception:
            return False
        model = field.related_model
        if model is None:
            return False
    return True


def load_step_task(flow_class, **lookup):
    """One task of `flow_class` loaded as a step page loads it (``task_queryset``)."""
    return task_queryset(flow_class).get(**lookup)


def _load_task(node, process_pk, task_pk, user):
    task = get_object_or_404(task_queryset(node.flow_class), pk=task_pk)
    # The URL names a node and a process; the task must be exactly that node's task of that process, otherwise a
    # step could be completed through another step's view (or under another process's lock).
    if task.process_id != process_pk or task.flow_task is not node:
        raise Http404
    require_task_visible(user, task)
    return task


def not_saved(request):
    """The page of a step the database refused mid-way (a lost connection, a deadlock, a constraint): nothing of
    it was saved, the user may try again. 503: the request may succeed later."""
    return render(request, "workflows/step_not_saved.html", status=503)


def _busy():
    return PermissionDenied(_("This step is being processed by someone else. Please try again."))


def scoped_task_view(node, origin_view, permission=None, execute=False):
    """Like Viewflow's ``wrap_task_view``/``wrap_view``, plus the node/process/scope checks above."""

    def view(request, *args, **kwargs):
        process_pk, task_pk = kwargs.get("process_pk"), kwargs.get("task_pk")
        if process_pk is None or task_pk is None:
            raise ImproperlyConfigured("Task URLs need <int:process_pk> and <int:task_pk>")

        def call():
            task = _load_task(node, process_pk, task_pk, request.user)
            request.activation = node.activation_class(task)
            if execute:
                if not node.can_execute(request.user, task):
                    raise PermissionDenied(_("This step is not assigned to you."))
                request.activation.start(request)
            elif permission is not None and not permission(request.user, task=task):
                raise PermissionDenied
            return origin_view(request, *args, **kwargs)

        try:
            if request.method == "POST":
                try:
                    with node.flow_class.lock(process_pk), transaction.atomic():
                        return call()
                except DatabaseError:
                    # rolled back as a whole: say so on a clear page rather than a server error
                    logger.exception("Step %s of process %s not saved: database error", node.name, process_pk)
                    return not_saved(request)
            return call()
        except TransitionNotAllowed:
            raise PermissionDenied(_("This step is already completed or not open for this action.")) from None
        except FlowLockFailed:
            raise _busy() from None

    update_wrapper(view, origin_view)
    return view


def call_hook(name, *args, **kwargs):
    """Call ``apps.notifications.flow_hooks.<name>`` now, inside the step's transaction: the in-app notification
    rows commit with the step or not at all (their e-mail copies leave after commit). A notification never stops
    a procedure step: the hooks run in a savepoint and log their own errors, and a deployment without the hooks
    only logs it."""
    try:
        from apps.notifications import flow_hooks
    except ImportError:
        logger.warning("apps.notifications.flow_hooks is not available; %s not sent", name)
        return
    getattr(flow_hooks, name)(*args, **kwargs)


def notify_task_created(task, by=None):
    """Tell the notifications app (after commit) that a human step was created or (re)assigned, and by whom.

    Who acted is taken now, when it happens: after commit there may be no request or ``acting_as`` any more (a
    Celery job, a test transaction, a deferred commit), and the hook would then take a self-claimed step for one
    handed over by someone else and tell its owner about their own claim."""
    call_hook("on_task_created", task, by=by or current_actor())


class ProcedureViewActivation(ViewActivation):
    """Viewflow's view activation with the permission kept on revive and ``Task.assigned`` recorded."""

    @classmethod
    def create(cls, flow_task, prev_activation, token, data=None, seed=None):
        activation = super().create(flow_task, prev_activation, token, data=data, seed=seed)
        task = activation.task
        if task.owner_id and task.assigned is None:
            task.assigned = now()
            task.save(update_fields=["assigned"])
        from .deadlines import set_task_deadline, step_due_on

        set_task_deadline(
            activation.process, task, new=True, due_on=getattr(flow_task, "due_on", step_due_on)
        )
        notify_task_created(task)
        return activation

    def prepare_revived_task(self, task):
        task.owner_permission = self.task.owner_permission
        task.owner_permission_content_type_id = self.task.owner_permission_content_type_id
        task.owner_permission_obj_pk = self.task.owner_permission_obj_pk

    @ViewActivation.status.super()
    def assign(self, user):
        self.task.assigned = now()
        super().assign.original(user)
        # Viewflow's own claim assigns the step to the requesting user; a handover runs inside acting_as(actor)
        notify_task_created(self.task, by=current_actor() or user)

    @ViewActivation.status.super()
    def reassign(self, user=None):
        self.task.assigned = now()
        super().reassign.original(user=user)
        notify_task_created(self.task)

    @ViewActivation.status.super()
    def unassign(self):
        self.task.assigned = None
        super().unassign.original()


class ScopedDetailMixin:
    """Task detail pages of any node: 404 for what the user may not see."""

    def can_view(self, user, task):
        require_task_visible(user, task)
        return True

    @property
    def detail_path(self):
        if self.detail_view:
            return path(
                f"<int:process_pk>/{self.name}/<int:task_pk>/detail/",
                scoped_task_view(self, self.detail_view, permission=self.can_view),
                name="detail",
            )

    @property
    def index_path(self):
        if self.index_view:
            return path(
                f"<int:process_pk>/{self.name}/<int:task_pk>/",
                scoped_task_view(self, self.index_view),
                name="index",
            )

    @property
    def undo_path(self):
        if self.undo_view:
            return path(
                f"<int:process_pk>/{self.name}/<int:task_pk>/undo/",
                scoped_task_view(self, self.undo_view, permission=self.can_undo),
                name="undo",
            )

    @property
    def revive_path(self):
        if getattr(self, "revive_view", None):
            return path(
                f"<int:process_pk>/{self.name}/<int:task_pk>/revive/",
                scoped_task_view(self, self.revive_view, permission=self.can_revive),
                name="revive",
            )

    @property
    def cancel_path(self):
        if getattr(self, "cancel_view", None):
            return path(
                f"<int:process_pk>/{self.name}/<int:task_pk>/cancel/",
                scoped_task_view(self, self.cancel_view, permission=self.can_cancel),
                name="cancel",
            )


class View(ScopedDetailMixin, flow.View):
    """A human step of a procedure. See the module docstring for what it adds to Viewflow's."""

    activation_class = ProcedureViewActivation

    def DueOn(self, due_on):
        """The step is due at the end of the day ``due_on(process)`` returns, instead of the shared rule
        (``deadlines.step_due_on``): e.g. the election result, due a few working days after the election."""
        self.due_on = due_on
        return self

    def user_may_act(self, user, task):
        """Has `user` the step's permission on the step's unit, and no conflict? (no exception, no side effect)"""
        if user is None or not user.is_authenticated or not user.is_active:
            return False
        if not process_visible(user, task.process.coerced):
            return False
        if not task.owner_permission:
            return True
        obj = self._owner_permission_obj(task.process) if callable(self._owner_permission_obj) else None
        return user.has_perm(task.owner_permission, obj=obj) or user.has_perm(task.owner_permission)

    def can_assign(self, user, task):
        if user is None or not user.is_authenticated:
            return False
        require_task_visible(user, task)
        return super().can_assign(user, task)

    def can_unassign(self, user, task):
        if user is None or not user.is_authenticated:
            return False
        require_task_visible(user, task)
        return super().can_unassign(user, task)

    def can_execute(self, user, task):
        if user is None or not user.is_authenticated:
            return False
        require_task_visible(user, task)
        return super().can_execute(user, task)

    @property
    def view_path(self):
        return path(
            f"<int:process_pk>/{self.name}/<int:task_pk>/execute/",
            scoped_task_view(self, self.view, execute=True),
            name="execute",
        )

    @property
    def assign_path(self):
        if self.assign_view:
            return path(
                f"<int:process_pk>/{self.name}/<int:task_pk>/assign/",
                scoped_task_view(self, self.assign_view, permission=self.can_assign),
                name="assign",
            )

    @property
    def unassign_path(self):
        if self.unassign_view:
            return path(
                f"<int:process_pk>/{self.name}/<int:task_pk>/unassign/",
                scoped_task_view(self, self.unassign_view, permission=self.can_unassign),
                name="unassign",
            )


def guarded_start_view(node, origin_view):
    """Viewflow's start view (``wrap_start_view``) whose POST, when the database refuses it mid-way, rolls back
    as a whole and answers the clear "not saved" page instead of a server error, as every other step does."""
    wrapped = wrap_start_view(node, origin_view)

    def view(request, *args, **kwargs):
        if request.method != "POST":
            return wrapped(request, *args, **kwargs)
        try:
            return wrapped(request, *args, **kwargs)
        except DatabaseError:
            logger.exception("Start of %s not saved: database error", node.flow_class.__name__)
            return not_saved(request)

    update_wrapper(view, origin_view)
    return view


class Start(flow.Start):
    """The start of a procedure: available to whoever may start a procedure in at least one unit."""

    def can_view(self, user, task):
        require_task_visible(user, task)
        return True

    @property
    def start_view_path(self):
        return path(f"{self.name}/", guarded_start_view(self, self.start_view), name="execute")


class If(ScopedDetailMixin, flow.If):
    def _outgoing(self):
        # Viewflow captions the diagram's two edges with fixed English "yes"/"no": shown in the user's language here
        labels = {"cond_true": gettext_lazy("yes"), "cond_false": gettext_lazy("no")}
        for edge in super()._outgoing():
            label = labels.get(edge.edge_class, edge.label)
            yield Edge(src=edge.src, dst=edge.dst, edge_class=edge.edge_class, label=label)


class Function(ScopedDetailMixin, flow.Function):
    pass


class End(ScopedDetailMixin, flow.End):
    pass


class Switch(ScopedDetailMixin, flow.Switch):
    pass


class StartHandle(ScopedDetailMixin, flow.StartHandle):
    """A start from code (a scheduled job, a command): its task pages are guarded like every other step's."""


class Split(ScopedDetailMixin, flow.Split):
    pass


class Join(ScopedDetailMixin, flow.Join):
    pass
