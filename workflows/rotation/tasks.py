"""Celery task of the rotation: thin, keyed by the day, idempotent; the work is in ``services``.

Scheduled daily by ``CELERY_BEAT_SCHEDULE`` (config/settings.py): ``rotation.open_due_returns`` opens the return
procedure of every rotation whose period ends within ``rotation_return_notice_days``.
"""

from datetime import date

from django.utils import timezone

from apps.core.jobs import tracked_job

from . import services


def _day(on=None):
    return date.fromisoformat(on) if on else timezone.localdate()


@tracked_job("rotation.open_due_returns", key=lambda on=None: f"rotation-returns:{_day(on)}")
def open_due_returns(on=None):
    """Open the returns from rotation that are due on day `on` (default today)."""
    return services.open_due_returns(on=_day(on))
