"""Celery task of the shared procedure machinery: the hourly deadline sweep (``reminders``).

Its name stays ``notifications.send_due_reminders`` (``CELERY_BEAT_SCHEDULE``, the ``JobRun`` rows already kept
under it): the sweep moved here from ``apps.notifications`` because it reads the procedures' step deadlines.
"""

from apps.core.jobs import period_key, tracked_job

from . import reminders


@tracked_job("notifications.send_due_reminders", key=lambda: period_key("reminders"))
def send_due_reminders():
    """Remind steps that are due soon and escalate overdue ones (once each)."""
    return reminders.send_due_reminders()
