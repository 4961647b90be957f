"""Due dates of procedure steps (R12, H7): written when a human step is created.

Before the policy (chủ trương) is approved every step — the review, and a revision after a return — is due by the
policy decision date (``policy_decision_working_days`` after the proposal). After it, each step gets
``step_working_days`` but never beyond the whole procedure's due date (``process_working_days`` after the
policy). Reminders and escalation are sent by the notifications app's periodic job from these rows.
"""

from datetime import datetime, time

from django.utils import timezone


def working_days_after(start, days, params):
    from apps.core.workdays import add_working_days

    return add_working_days(start, days, params.public_holidays)


def end_of_day(day):
    return timezone.make_aware(datetime.combine(day, time(23, 59)))


def step_due_on(process, today=None):
    today = today or timezone.localdate()
    if process.policy_approved_on is None or process.due_on is None:
        return process.due_on
    step_due = working_days_after(today, process.params.step_working_days, process.params)
    return min(step_due, process.due_on)


def set_task_deadline(process, task, *, new=False, due_on=step_due_on):
    """Create or move the task's deadline: the end of the day ``due_on(process)`` returns (by default
    ``step_due_on``; a step may count from something else, e.g. the election: ``nodes.View.DueOn``). Processes
    without a rule snapshot, or a due day, get none. `new`: the task was just created, so it has no deadline yet
    to look up."""
    if not getattr(process, "rule_snapshot", None):
        return None
    due_on = due_on(process)
    if due_on is None:
        return None
    return schedule_task(task, end_of_day(due_on), new=new)


def schedule_task(task, due_at, *, new=False):
    """Write `task`'s due time, creating its deadline row or moving it (see ``move_deadline``)."""
    from .models import TaskDeadline

    deadline = None if new else TaskDeadline.objects.filter(task=task).first()
    if deadline is None:
        return TaskDeadline.objects.create(task=task, due_at=due_at)
    if move_deadline(deadline, due_at):
        deadline.save()
    return deadline


def move_deadline(deadline, due_at):
    """Set `deadline.due_at`, resetting what the reminder job has already sent for the old date (notifications'
    contract: `reminded_at` / `escalated_at` are sent once per due date). Returns whether anything changed.

    * Moved **later**: both are cleared, so the step is reminded before the new date and escalated again if it
      also passes that one.
    * Moved **earlier**: a step already escalated stays escalated (it is still overdue; telling the board twice
      about one late step is noise); otherwise the reminder is cleared so that the people concerned learn the
      new, nearer date.
    """
    if deadline.due_at == due_at:
        return False
    later = due_at > deadline.due_at
    deadline.due_at = due_at
    if later:
        deadline.reminded_at = deadline.escalated_at = None
    elif deadline.escalated_at is None:
        deadline.reminded_at = None
    return True
