"""Celery tasks of the reappointment procedure: thin, keyed by the day, idempotent; the work is in ``services``.

Scheduled daily by ``CELERY_BEAT_SCHEDULE`` (config/settings.py):

* ``reappointment.open_due_reappointments`` — opens the procedure of every term that entered its notice period;
  keyed by the day, so a redelivered message does nothing, and the opener itself opens each tenure once.
* ``reappointment.flag_overdue_reappointments`` — flags, once each, the procedures whose term ended while they
  were still open.

Both take an optional ``on`` (ISO date) so that a missed day can be run again from the Stuck jobs page.
"""

from datetime import date

from django.utils import timezone

from apps.core.jobs import tracked_job

from . import services


def _day(on=None):
    return date.fromisoformat(on) if on else timezone.localdate()


@tracked_job("reappointment.open_due_reappointments", key=lambda on=None: f"reappointments:{_day(on)}")
def open_due_reappointments(on=None):
    """Open the reappointment procedures that are due on day `on` (default today)."""
    return services.open_due_reappointments(on=_day(on))


@tracked_job(
    "reappointment.flag_overdue_reappointments", key=lambda on=None: f"reappointments-overdue:{_day(on)}"
)
def flag_overdue_reappointments(on=None):
    """Flag the open procedures whose term has ended (once each)."""
    return services.flag_overdue_reappointments(on=_day(on))
