"""Celery tasks of the targets app (tracked jobs, ``apps.core.jobs``).

``targets.build_yearly_report`` — on 1 January: the past year's province-wide report, the board notified. Keyed
by the year, so a repeated delivery does nothing. Scheduled by config/settings.py ``CELERY_BEAT_SCHEDULE``
("build-yearly-targets-report", 06:00 on 1 January).
"""

from apps.core.jobs import tracked_job

from . import services


@tracked_job(
    "targets.build_yearly_report", key=lambda year=None: f"targets-report:{year or services.previous_year()}"
)
def build_yearly_report(year=None):
    """Build the report of `year` (default: the past year) and notify the organisation board."""
    return services.send_yearly_report(year or services.previous_year())
