"""The step runner: the one way a procedure step is done — from a page, the API, the demo seeding, a Celery job,
the bench or a test.

A procedure is its graph (``flows.py``) and its step list (``steps.py`` next to it: ``STEPS``, one ``Step`` per
human node: the node's name, the step's service, the form its page shows and how the form becomes the service's
arguments). The runner owns what every caller used to re-implement:

* ``start(flow, actor=…, **data)`` — the start node's check, the step's service, the task completed: one
  transaction;
* ``run_step(task, actor=…, **data)`` — the process row locked, the task reloaded, ``actor`` checked (the
  assignee, or someone who may take the step in scope: the node's own checks, which go through
  ``apps.accounts.permissions``), the task assigned and started if needed, the step's service called with
  ``process``, ``task`` and ``actor``, the task completed under ``acting_as(actor)``: one transaction. Two calls
  on one task at the same moment: one wins, the other is refused with ``RuleViolation("task_taken")``;
* ``submit``/``submit_start`` — the step's form bound to the data and validated (``StepInvalid`` with the field
  errors), then the above;
* ``claim``/``release`` — take a free step, give it back.

Services never see a Viewflow activation. A service that must finish the task at a given point of its work (so
the next steps exist before what follows it: its audit entry, a closing) calls ``complete(task, actor)``; otherwise
the runner completes the task when the service returns.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field, replace
from types import SimpleNamespace
from typing import Any

from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _
from viewflow.fsm import TransitionNotAllowed
from viewflow.workflow.exceptions import FlowLockFailed
from viewflow.workflow.nodes import StartHandle
from viewflow.workflow.status import STATUS

from apps.core.history import acting_as
from apps.core.rules import RuleViolation

__all__ = [
    "Step",
    "StepInvalid",
    "claim",
    "complete",
    "open_task",
    "release",
    "run_step",
    "start",
    "step_for",
    "steps_of",
    "submit",
    "submit_start",
]

_ACTIVATION = "_runner_activation"


class StepInvalid(Exception):
    """The step's form refused the data: ``errors`` is the form's ``errors`` (field → messages)."""

    def __init__(self, errors, form=None):
        super().__init__(errors)
        self.errors = errors
        self.form = form


def _cleaned_data(form):
    return dict(form.cleaned_data)


@dataclass(frozen=True)
class Step:
    """One step of a procedure, declared in the flow's ``steps.py``.

    - ``code``: the node's name in the flow;
    - ``service``: called as ``service(process=…, task=…, actor=…, **payload)``;
    - ``form_class``: the form the step's page shows, or a factory ``(step, process, actor, data=, files=)`` of a
      step form (``workflows.common.steps.ConferenceStepForm.factory``), bound by ``form``;
    - ``form_kwargs(process, actor)``: what the form needs besides data/files (its queryset's scope…);
    - ``payload(form)``: the service's arguments from the valid form (default: ``form.cleaned_data``);
    - ``extra``: fixed arguments of the service for this node (a conference's ``step_index``).
    """

    code: str
    service: Callable
    form_class: Any = None
    payload: Callable = _cleaned_data
    form_kwargs: Callable | None = None
    extra: dict = field(default_factory=dict)
    node: Any = None

    @property
    def title(self):
        return self.node.task_title if self.node is not None else self.code

    @property
    def flow_class(self):
        return self.node.flow_class

    def form(self, process, actor, data=None, files=None, **kwargs):
        """The step's form as its page shows it (unbound without data)."""
        if self.form_class is None:
            raise ImproperlyConfigured(f"Step {self.code!r} declares no form")
        if not isinstance(self.form_class, type):
            return self.form_class(self, process, actor, data=data, files=files, **kwargs)
        if self.form_kwargs is not None:
            kwargs = {**self.form_kwargs(process, actor), **kwargs}
        if data is not None or files is not None:
            kwargs.update(data=data, files=files)
        return self.form_class(**kwargs)

    def arguments(self, form):
        """The service's arguments from a valid form of this step (``extra`` is added by the runner)."""
        return self.payload(form)


# --- the step lists ---------------------------------------------------------------------------------------------

_STEPS: dict[type, dict[str, Step]] = {}


def steps_of(flow_class) -> list[Step]:
    """The steps of `flow_class`, from ``STEPS`` of the ``steps`` module beside its flow module (or the flow
    class's own ``steps``: ``Step``s or ``(code, service)`` pairs), each bound to its node."""
    return list(_steps(flow_class).values())


def _steps(flow_class):
    if flow_class not in _STEPS:
        declared = getattr(flow_class, "steps", None)
        if declared is None:
            package = flow_class.__module__.rsplit(".", 1)[0]
            try:
                declared = importlib.import_module(f"{package}.steps").STEPS
            except ModuleNotFoundError as exc:
                raise ImproperlyConfigured(
                    f"{flow_class.__name__} declares no steps ({package}.steps)"
                ) from exc
        bound = {}
        for step in declared:
            if not isinstance(step, Step):  # (code, service): a step without a form
                step = Step(*step)
            node = getattr(flow_class, step.code, None)
            if node is None:
                raise ImproperlyConfigured(f"{flow_class.__name__} has no node {step.code!r} (steps)")
            bound[step.code] = replace(step, node=node)
        _STEPS[flow_class] = bound
    return _STEPS[flow_class]


def step_for(task_or_node) -> Step:
    """The step of a task (its node) or of a node."""
    node = getattr(task_or_node, "flow_task", task_or_node)
    try:
        return _steps(node.flow_class)[node.name]
    except KeyError:
        raise ImproperlyConfigured(f"{node.flow_class.__name__}.{node.name} is not a declared step") from None


# --- completing ---------------------------------------------------------------------------------------------------


def complete(task, actor):
    """Finish `task` now, inside its step's service, and let the flow create the next step(s), as `actor`.
    Only a task the runner is running can be completed (its service was called by the runner)."""
    activation = getattr(task, _ACTIVATION, None)
    if activation is None:
        raise ImproperlyConfigured("A step's task is completed by the step runner (workflows.common.runner)")
    with acting_as(actor):
        activation.execute()


def _finished(activation):
    return activation.task.status in (STATUS.DONE, STATUS.CANCELED, STATUS.ERROR)


def _call(step, activation, actor, data):
    """The step's service, then the task completed if the service did not complete it: one transaction (the
    caller's, or one of its own when there is none)."""
    scope = nullcontext() if transaction.get_connection().in_atomic_block else transaction.atomic()
    task = activation.task
    setattr(task, _ACTIVATION, activation)
    try:
        with scope:
            step.service(process=activation.process, task=task, actor=actor, **{**step.extra, **data})
            if not _finished(activation):
                with acting_as(actor):
                    activation.execute()
    finally:
        delattr(task, _ACTIVATION)
    return activation.process


# --- starting -------------------------------------------------------------------------------------------------


def _start_node(flow_class, node):
    if node is None:
        return flow_class.start
    return getattr(flow_class, node) if isinstance(node, str) else node


def _may_start(node, actor):
    return actor is not None and getattr(actor, "is_authenticated", False) and node.can_execute(actor)


def start(flow_class, *, actor, node=None, **data):
    """Start a procedure of `flow_class` at its start node (or `node`, a node or its name) as `actor`: the node's
    check, the step's service, the start task completed — one transaction. Returns the process (a
    ``StartHandle`` node: what its callback returns)."""
    node = _start_node(flow_class, node)
    if isinstance(node, StartHandle):
        # a start from code (a scheduled job): Viewflow's handle runs the flow's callback, which calls the
        # service with the process and the task, then completes the start task — in one transaction
        with acting_as(actor):
            return node.run(actor=actor, **data)
    step = step_for(node)
    if not _may_start(node, actor):
        raise PermissionDenied(_("You may not start this procedure."))
    with transaction.atomic():
        return _call(step, _prepare_start(node, actor), actor, data)


def _prepare_start(node, actor):
    activation = node.activation_class.create(node, None, None)
    activation.start(SimpleNamespace(user=actor))
    return activation


def submit_start(flow_class, *, actor, data, files=None, node=None):
    """``start`` with the start step's form bound to `data`/`files`; ``StepInvalid`` when the form refuses them."""
    node = _start_node(flow_class, node)
    step = step_for(node)
    if not _may_start(node, actor):
        raise PermissionDenied(_("You may not start this procedure."))
    form = step.form(None, actor, data=data, files=files)
    if not form.is_valid():
        raise StepInvalid(form.errors, form)
    return start(flow_class, actor=actor, node=node, **step.arguments(form))


# --- the steps ----------------------------------------------------------------------------------------------------


def _task_taken():
    return RuleViolation("task_taken", _("This step was already completed or is no longer open."))


def _busy():
    return RuleViolation("task_taken", _("This step is being processed by someone else. Please try again."))


def _allowed(check, actor, task):
    """A node's check as a boolean: the nodes answer 404 for a procedure the user may not see."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        return False
    try:
        return bool(check(actor, task))
    except (Http404, PermissionDenied):
        return False


def _load(task):
    from .nodes import load_step_task

    node = task.flow_task
    return load_step_task(node.flow_class, pk=task.pk)


def _take(task, actor):
    """Assign (if free) and start `task` for `actor`, or refuse. The process row is locked by the caller."""
    node = task.flow_task
    if task.status not in (STATUS.NEW, STATUS.ASSIGNED):
        raise _task_taken()
    activation = node.activation_class(task)
    if task.status == STATUS.NEW:
        if not _allowed(node.can_assign, actor, task):
            raise PermissionDenied(_("You may not take this step."))
        activation.assign(actor)
    elif task.owner_id != actor.pk:
        raise PermissionDenied(_("This step is not assigned to you."))
    if not _allowed(node.can_execute, actor, task):
        raise PermissionDenied(_("This step is not assigned to you."))
    activation.start(SimpleNamespace(user=actor))
    return activation


@contextmanager
def _locked(task):
    """The flow's lock on the task's process row, and one transaction; a lock held elsewhere is a refusal.

    Viewflow's lock already opens that transaction (``transaction.atomic``): ours joins it without a savepoint of
    its own (an error leaves both blocks at once, so a savepoint here could never be rolled back to alone)."""
    try:
        with task.flow_task.flow_class.lock(task.process_id), transaction.atomic(savepoint=False):
            yield
    except FlowLockFailed:
        raise _busy() from None


def run_step(task, *, actor, **data):
    """Do `task`'s step as `actor` with the service's arguments `data`. Returns the process."""
    step = step_for(task)
    try:
        with _locked(task):
            task = _load(task)
            with acting_as(actor):
                activation = _take(task, actor)
            return _call(step, activation, actor, data)
    except TransitionNotAllowed:
        raise _task_taken() from None


def run_started(activation, *, actor, **data):
    """The step of an activation its page already locked, loaded, checked and started (``nodes.scoped_task_view``,
    Viewflow's start view): the service and the completion, as ``run_step`` and ``start`` do them."""
    return _call(step_for(activation.task), activation, actor, data)


def submit(task, *, actor, data, files=None):
    """``run_step`` with the step's form bound to `data`/`files`; ``StepInvalid`` when the form refuses them."""
    step = step_for(task)
    form = step.form(task.process.coerced, actor, data=data, files=files)
    if not form.is_valid():
        raise StepInvalid(form.errors, form)
    return run_step(task, actor=actor, **step.arguments(form))


def claim(task, *, actor):
    """Take a free step: it is then in `actor`'s work list (the node's check in scope)."""
    with _locked(task):
        task = _load(task)
        if task.status != STATUS.NEW:
            if task.status == STATUS.ASSIGNED and task.owner_id == actor.pk:
                return task
            raise _task_taken()
        node = task.flow_task
        if not _allowed(node.can_assign, actor, task):
            raise PermissionDenied(_("You may not take this step."))
        with acting_as(actor):
            node.activation_class(task).assign(actor)
        return task


def release(task, *, actor):
    """Give back a step `actor` took: it returns to the queue."""
    with _locked(task):
        task = _load(task)
        node = task.flow_task
        if task.status != STATUS.ASSIGNED:
            raise _task_taken()
        if not _allowed(node.can_unassign, actor, task):
            raise PermissionDenied(_("You may not give back this step."))
        with acting_as(actor):
            node.activation_class(task).unassign()
        return task


def open_task(process, node):
    """The open (free or assigned) task of `node` in `process`, loaded as a step page loads it."""
    from .nodes import load_step_task

    if isinstance(node, str):
        node = getattr(process.flow_class, node)
    return load_step_task(
        node.flow_class, process_id=process.pk, flow_task=node, status__in=[STATUS.NEW, STATUS.ASSIGNED]
    )
