"""Procedure events → notifications, the same for every procedure.

Contract with the procedure machinery (``workflows/*``)
-------------------------------------------------------
Viewflow's ``task_started`` fires on every GET of a task form and ``End`` sends ``task_finished`` twice
(docs/viewflow-notes.md §4.6, §7), so nothing here listens to those. The machinery calls these functions explicitly,
on commit (``workflows.common.nodes`` / ``services`` / ``signals`` do so for every procedure by construction):

* ``on_task_created(task, by=None)`` — a human step was created, claimed, assigned or reassigned. An assigned task
  notifies its owner (``task_assigned``) unless the owner is the one who acted — `by`, else the acting user
  (``acting_as``, else the request's user; the callers' on-commit callbacks run inside the request) — who took it
  themselves or was handed it by their own action; an unassigned one notifies everyone holding the task's ``owner_permission`` on
  its ``owner_permission_obj`` — the unit's queue (``task_available``).
  ``on_create(activation)`` is the same as a ready-made ``View(...).onCreate(...)`` callback.
* ``on_task_assigned(task, by=actor)`` — the same for an explicit (re)assignment by `by`.
* ``on_task_returned(task, reason)`` — `task` is the *new* step that someone must redo because the previous one
  was returned; they get ``returned`` with the reason, and no separate ``task_assigned`` for that step.
* ``on_process_finished(process)`` — the procedure ended (viewflow's ``flow_finished``, sent once by ``End``, or a
  withdrawal): the starter (``process.started_by``, else the owner of the start task) is told, with the outcome
  when the process has one.

Candidates of the procedure are never told anything about it (R10). Every hook is idempotent (a
de-duplication key per task or process and event, so a hook called twice for one event sends nothing new). The
hooks run inside the step's transaction (``workflows.common.nodes.call_hook``), in a savepoint: the in-app
notifications commit with the step or not at all. Only a de-duplication conflict is swallowed (and logged, by
``services.notify``); any other error is logged and raised, so the step is not saved without its notifications
(the step's page says nothing was saved) rather than saved with a notification silently dropped. E-mails leave
only after the surrounding transaction commits, guarded and logged.

Links point at the task's page (``task.reverse("index")``) or the process page; a flow that is not mounted in
the site gets no link rather than an error.
"""

import functools
import logging

from django.db import transaction
from django.urls import NoReverseMatch
from django.utils import timezone
from django.utils.translation import gettext_noop

from apps.core.history import current_actor
from apps.organisation.models import OrgUnit

from .models import Kind, Notification
from .services import notify, users_with_permission
from .texts import Text

logger = logging.getLogger(__name__)


def guarded(func):
    """Run a hook inside the step's transaction; an error is logged (naming the hook) and raised: the step's
    transaction then rolls back as a whole, nothing half-saved and no notification silently lost. No savepoint of
    its own: the error is always raised on, so there is never a point to roll back to (issue 13: each savepoint
    is two more round trips per hook)."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            with transaction.atomic(savepoint=False):
                return func(*args, **kwargs)
        except Exception:
            logger.exception("Notification hook %s failed; the step is not saved", func.__name__)
            raise

    return wrapper


_guarded = guarded


# --- What a task and a process are called, where they live, who is concerned ----------------------------


def _coerced(process):
    try:
        return process.coerced
    except Exception:  # a process whose flow class was removed
        return process


def task_title(task):
    return str(task_text(task))


def task_text(task):
    """The step's title, translated when it is read (``texts.Text``)."""
    flow_task = task.flow_task
    if flow_task is None:
        return Text(gettext_noop("Step #{id}"), id=task.pk)
    return Text("{title}", title=flow_task.task_title or flow_task.name)


def process_title(process):
    return str(process_text(process))


def process_text(process):
    """The procedure's name and number, translated when it is read (``texts.Text``)."""
    flow_class = process.flow_class
    title = flow_class.process_title if flow_class is not None else Text(gettext_noop("Procedure"))
    return Text(gettext_noop("{title} #{id}"), title=title, id=process.pk)


def task_link(task):
    try:
        return task.flow_task.reverse("index", args=[task.process_id, task.pk])
    except (NoReverseMatch, AttributeError, KeyError):
        return process_link(task.process)


def process_link(process):
    try:
        return process.flow_class.instance.reverse("process_detail", args=[process.pk])
    except (NoReverseMatch, AttributeError, KeyError):
        return ""


def task_unit(task):
    """The unit a step belongs to: the procedure's unit, else the unit its permission is checked on."""
    unit = getattr(_coerced(task.process), "unit", None)
    if isinstance(unit, OrgUnit):
        return unit
    obj = task.owner_permission_obj if task.owner_permission_obj_pk else None
    return obj if isinstance(obj, OrgUnit) else None


def conflicted_user_ids(process):
    """Users whose own cadre record is a candidate of the procedure (R10): they are never told about it."""
    from django.contrib.auth import get_user_model

    conflicted = getattr(_coerced(process), "conflicted_cadre_ids", None)
    cadre_ids = conflicted() if callable(conflicted) else set()
    if not cadre_ids:
        return set()
    return set(get_user_model().objects.filter(cadre_id__in=cadre_ids).values_list("pk", flat=True))


def task_recipients(task):
    """Who must act on `task`: its owner, or everyone holding its permission on its object (its queue)."""
    if task.owner_id:
        users = [task.owner]
    elif task.owner_permission and task.owner_permission_obj_pk:
        obj = task.owner_permission_obj
        users = list(users_with_permission(task.owner_permission, obj)) if obj is not None else []
    else:
        users = []
    excluded = conflicted_user_ids(task.process)
    return [u for u in users if u.pk not in excluded]


def process_starter(process):
    """Who started the procedure: ``started_by`` on the process, else the owner of its start task."""
    from viewflow.workflow.models import Task

    starter = getattr(_coerced(process), "started_by", None)
    if starter is not None:
        return starter
    start = (
        Task.objects.filter(process_id=process.pk, flow_task_type__in=["HUMAN_START", "START"])
        .exclude(owner=None)
        .select_related("owner")
        .order_by("created", "pk")
        .first()
    )
    return start.owner if start else None


def acting_user():
    """Who is acting right now: ``acting_as`` outside requests, else the request's user (simple-history keeps
    the request for its duration)."""
    from simple_history.models import HistoricalRecords

    actor = current_actor()
    if actor is not None:
        return actor
    user = getattr(getattr(HistoricalRecords.context, "request", None), "user", None)
    return user if user is not None and user.is_authenticated else None


def local_datetime(value):
    return timezone.localtime(value).strftime("%d/%m/%Y %H:%M")


# --- Hooks ----------------------------------------------------------------------------------------------


@_guarded
def on_task_created(task, *, by=None):
    """A human step was created (or claimed, assigned, reassigned): tell its owner, or the group whose queue it
    waits in. `by` is who did it, when the caller knows; otherwise the acting user (``acting_user``)."""
    names = {"task": task_text(task), "process": process_text(task.process)}
    common = {"link": task_link(task), "process": task.process, "task": task}
    if task.owner_id:
        actor = by or acting_user()
        if actor is not None and actor.pk == task.owner_id:
            return []  # they took it themselves
        returned = Notification.objects.filter(task_id=task.pk, kind=Kind.RETURNED).values("recipient_id")
        return notify(
            [u for u in task_recipients(task) if u.pk not in {r["recipient_id"] for r in returned}],
            Kind.TASK_ASSIGNED,
            title=Text(gettext_noop("New step for you: {task}"), **names),
            body=Text(gettext_noop('{process}: the step "{task}" is assigned to you.'), **names),
            dedupe_key=f"task:{task.pk}:assigned:{task.owner_id}",
            **common,
        )
    return notify(
        task_recipients(task),
        Kind.TASK_AVAILABLE,
        title=Text(gettext_noop("New step in your queue: {task}"), **names),
        body=Text(
            gettext_noop('{process}: the step "{task}" is waiting for someone of your unit to take it.'),
            **names,
        ),
        dedupe_key=f"task:{task.pk}:available",
        **common,
    )


def on_create(activation):
    """Ready-made ``.onCreate(...)`` callback for ``View`` nodes: ``on_task_created(activation.task)``."""
    return on_task_created(activation.task)


@_guarded
def on_task_assigned(task, *, by=None):
    """`by` assigned (or reassigned) `task` to its current owner; the owner is told unless they did it."""
    if not task.owner_id or (by is not None and by.pk == task.owner_id):
        return []
    names = {"task": task_text(task), "process": process_text(task.process)}
    return notify(
        task_recipients(task),
        Kind.TASK_ASSIGNED,
        title=Text(gettext_noop("New step for you: {task}"), **names),
        body=Text(gettext_noop('{process}: the step "{task}" is assigned to you.'), **names),
        link=task_link(task),
        process=task.process,
        task=task,
        dedupe_key=f"task:{task.pk}:assigned:{task.owner_id}",
    )


@_guarded
def on_task_returned(task, reason):
    """`task` is the step someone must redo because the previous one was returned, with the `reason`."""
    names = {"task": task_text(task), "process": process_text(task.process), "reason": reason}
    return notify(
        task_recipients(task),
        Kind.RETURNED,
        title=Text(gettext_noop("Returned to you for revision: {task}"), **names),
        body=Text(
            gettext_noop('{process}: the step "{task}" was returned for revision. Reason: {reason}'), **names
        ),
        link=task_link(task),
        process=task.process,
        task=task,
        dedupe_key=f"task:{task.pk}:returned",
    )


@_guarded
def on_process_finished(process):
    """The procedure ended: tell the person who started it, with its outcome when it has one."""
    starter = process_starter(process)
    if starter is None or starter.pk in conflicted_user_ids(process):
        return []
    coerced = _coerced(process)
    names = {"process": process_text(process)}
    outcome = getattr(coerced, "get_outcome_display", None)
    if callable(outcome):
        # the outcome's (lazy) label, so that it is translated when read
        label = dict(type(coerced)._meta.get_field("outcome").flatchoices).get(coerced.outcome) or outcome()
        body = Text(gettext_noop("{process} has ended: {outcome}."), outcome=label, **names)
    else:
        body = Text(gettext_noop("{process} has ended."), **names)
    return notify(
        [starter],
        Kind.PROCEDURE_FINISHED,
        title=Text(gettext_noop("Procedure ended: {process}"), **names),
        body=body,
        link=process_link(process),
        process=process,
        dedupe_key=f"process:{process.pk}:finished",
    )
