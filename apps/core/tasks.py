"""Core Celery tasks.

``core.publish_waiting_jobs`` is the outbox's sweep (``apps.core.jobs``): every minute (``CELERY_BEAT_SCHEDULE``)
it publishes again the tracked jobs still waiting for the broker, and those whose worker died. (``core.ping``, the
health check that appends an audit entry, is in ``apps.audit.tasks``.)
"""

from apps.core.jobs import publish_waiting, tracked_job


@tracked_job("core.publish_waiting_jobs", key=lambda: "outbox", once=False)
def publish_waiting_jobs():
    """Publish the runs that are still waiting (``apps.core.jobs.publish_waiting``)."""
    return publish_waiting()
