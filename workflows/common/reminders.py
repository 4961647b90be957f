"""The deadline sweep: reminders before a step is due, and notice plus escalation when it is overdue (R12, H7; issue 3 §4).

Contract with the procedure machinery: ``workflows.common.models.TaskDeadline`` (task, due_at, reminded_at,
escalated_at) is written by the flow when it creates a human step with a due date; this module only reads
`due_at` and sets `reminded_at` / `escalated_at`, each once per deadline (a row lock, then a re-check, so two
runs of the job — or two workers — never send the same reminder twice; notification de-duplication keys that
include the due date are the second guard). A moved due date goes through ``workflows.common.deadlines``
(``schedule_task`` / ``move_deadline``), which clears both fields when it moves later — so the new date is reminded
and escalated again — and only the reminder when it moves earlier before any escalation.

* **Due soon**: when ``due_at - reminder_days_before_due`` has passed and the step is still open, its owner (or,
  unassigned, its queue) gets ``due_soon``. The number of days comes from the procedure's own rule snapshot
  (``process.rule_snapshot``), else from the rule set in force for the step's unit, else the parameter default.
* **Overdue**: once `due_at` has passed the step's people get ``overdue`` and the organisation board of the
  unit's parent (the unit's own board at the top of the tree) gets ``escalated``; an audit entry
  ``task.escalated`` records it for the overdue-steps report.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_noop
from viewflow.workflow.status import STATUS

from apps.accounts.permissions import ORG_BOARD
from apps.audit.services import record
from apps.core.rules import RuleViolation
from apps.notifications.flow_hooks import (
    _coerced,
    conflicted_user_ids,
    local_datetime,
    process_text,
    task_link,
    task_recipients,
    task_text,
    task_unit,
)
from apps.notifications.models import Kind
from apps.notifications.services import notify, users_with_permission
from apps.notifications.texts import Text
from apps.rulesets.parameters import PARAMETERS, Params
from apps.rulesets.selectors import rule_set_for

from .models import TaskDeadline

logger = logging.getLogger(__name__)

ACTIVE_STATUSES = [STATUS.NEW, STATUS.ASSIGNED, STATUS.STARTED]
ESCALATION_PERMISSION = ORG_BOARD


class ReminderJobError(Exception):
    """Some deadlines could not be handled; the others were. Raised at the end so the job is retried."""


class _ReminderDays:
    """``reminder_days_before_due`` for a task, resolved once per unit during a run."""

    def __init__(self):
        self._by_unit = {}

    def __call__(self, task, unit):
        snapshot = getattr(_coerced(task.process), "rule_snapshot", None) or {}
        days = Params.from_snapshot(
            {k: v for k, v in snapshot.items() if k == "reminder_days_before_due" and v is not None}
        ).get("reminder_days_before_due")
        if days is not None:
            return int(days)
        key = unit.pk if unit is not None else None
        if key not in self._by_unit:
            self._by_unit[key] = self._resolve(unit)
        return self._by_unit[key]

    @staticmethod
    def _resolve(unit):
        try:
            return int(rule_set_for(unit=unit).resolve().reminder_days_before_due)
        except (RuleViolation, AttributeError):
            return int(PARAMETERS["reminder_days_before_due"].default)


def _deadlines():
    return TaskDeadline.objects.filter(task__status__in=ACTIVE_STATUSES, task__flow_task_type="HUMAN")


def _lock(deadline_pk, **unset):
    """The deadline row, locked, if its `unset` fields are still empty; ``None`` when another run got there."""
    filters = {f"{name}__isnull": True for name in unset}
    return TaskDeadline.objects.select_for_update().filter(pk=deadline_pk, **filters).first()


def _names(task, due_at):
    return {"task": task_text(task), "process": process_text(task.process), "due": local_datetime(due_at)}


def _remind(deadline_pk, now):
    with transaction.atomic():
        deadline = _lock(deadline_pk, reminded_at=None, escalated_at=None)
        if deadline is None:
            return 0
        task = deadline.task
        names = _names(task, deadline.due_at)
        notify(
            task_recipients(task),
            Kind.DUE_SOON,
            title=Text(gettext_noop("Due on {due}: {task}"), **names),
            body=Text(gettext_noop('{process}: the step "{task}" is due on {due}.'), **names),
            link=task_link(task),
            process=task.process,
            task=task,
            dedupe_key=f"task:{task.pk}:due_soon:{deadline.due_at.isoformat()}",
        )
        deadline.reminded_at = now
        deadline.save(update_fields=["reminded_at"])
        return 1


def _escalate(deadline_pk, now):
    with transaction.atomic():
        deadline = _lock(deadline_pk, escalated_at=None)
        if deadline is None:
            return 0
        task = deadline.task
        names = _names(task, deadline.due_at)
        common = {"link": task_link(task), "process": task.process, "task": task}
        due_key = deadline.due_at.isoformat()
        notify(
            task_recipients(task),
            Kind.OVERDUE,
            title=Text(gettext_noop("Overdue since {due}: {task}"), **names),
            body=Text(
                gettext_noop(
                    '{process}: the step "{task}" was due on {due}; it has been reported to the '
                    "organisation board."
                ),
                **names,
            ),
            dedupe_key=f"task:{task.pk}:overdue:{due_key}",
            **common,
        )
        unit = task_unit(task)
        board_unit = (unit.parent or unit) if unit is not None else None
        if board_unit is not None:
            names["unit"] = unit.name
            board = users_with_permission(ESCALATION_PERMISSION, board_unit).exclude(
                pk__in=conflicted_user_ids(task.process)
            )
            notify(
                board,
                Kind.ESCALATED,
                title=Text(gettext_noop("Overdue step in {unit}: {task}"), **names),
                body=Text(
                    gettext_noop('{process}: the step "{task}" of {unit} was due on {due} and is not done.'),
                    **names,
                ),
                dedupe_key=f"task:{task.pk}:escalated:{due_key}",
                **common,
            )
        deadline.escalated_at = now
        deadline.reminded_at = deadline.reminded_at or now
        deadline.save(update_fields=["escalated_at", "reminded_at"])
        record(
            "task.escalated",
            task,
            actor=None,
            process_id=task.process_id,
            data={
                "task": str(task_text(task)),
                "due_at": deadline.due_at.isoformat(),
                "unit": unit.code if unit is not None else None,
                "escalated_to": board_unit.code if board_unit is not None else None,
            },
        )
        return 1


def send_due_reminders(now=None):
    """Remind steps due soon and escalate overdue ones; returns the counts. Safe to run any number of times."""
    now = now or timezone.now()
    counts = {"reminded": 0, "escalated": 0}
    errors = []
    days_for = _ReminderDays()
    with translation.override(settings.LANGUAGE_CODE):
        overdue = _deadlines().filter(escalated_at__isnull=True, due_at__lte=now)
        for pk in list(overdue.values_list("pk", flat=True)):
            try:
                counts["escalated"] += _escalate(pk, now)
            except Exception as exc:
                logger.exception("Escalating deadline %s failed", pk)
                errors.append(f"deadline {pk}: {type(exc).__name__}: {exc}")
        upcoming = (
            _deadlines()
            .filter(reminded_at__isnull=True, escalated_at__isnull=True, due_at__gt=now)
            .select_related("task", "task__process")
        )
        for deadline in list(upcoming):
            try:
                days = days_for(deadline.task, task_unit(deadline.task))
                if deadline.due_at - timedelta(days=days) <= now:
                    counts["reminded"] += _remind(deadline.pk, now)
            except Exception as exc:
                logger.exception("Reminding deadline %s failed", deadline.pk)
                errors.append(f"deadline {deadline.pk}: {type(exc).__name__}: {exc}")
    if errors:
        raise ReminderJobError("; ".join(errors)[:3000])
    return counts
