"""Core Celery tasks.

``core.ping`` is the smallest piece of real background work: a worker takes it from the broker and appends one
audit entry in the database. The CI Celery stage (``tests/celery_stage``) uses it to show that the web side, the
broker, a worker and the database are wired together; an operator can use it the same way after a deployment::

    python manage.py shell -c "from apps.core.tasks import ping; ping.delay('after-deploy')"

and then look for the ``core.ping`` entry in the audit log.

``core.publish_waiting_jobs`` is the outbox's sweep (``apps.core.jobs``): every minute (``CELERY_BEAT_SCHEDULE``)
it publishes again the tracked jobs still waiting for the broker, and those whose worker died.
"""

from celery import shared_task

from apps.core.jobs import publish_waiting, tracked_job


@shared_task(name="core.ping")
def ping(token):
    """Append the audit entry ``core.ping`` with `token` (actor: the system); returns the entry's sequence."""
    from apps.audit.services import record

    return record("core.ping", actor=None, data={"token": str(token)}).seq


@tracked_job("core.publish_waiting_jobs", key=lambda: "outbox", once=False)
def publish_waiting_jobs():
    """Publish the runs that are still waiting (``apps.core.jobs.publish_waiting``)."""
    return publish_waiting()
