"""Celery tasks of the notifications app: thin, keyed, idempotent; the work is in services.

Scheduled by ``CELERY_BEAT_SCHEDULE`` (config/settings.py):

* ``notifications.fire_workflow_timers`` — every minute: Viewflow's DB timers (``OnTimeout``, ``Timer``) that are
  due, via ``viewflow.workflow.timers.fire_due_timers`` (safe from several dispatchers: each timer is re-checked
  under its flow lock). A sweep: one ``JobRun`` row ("timers") whose status is the last tick's.
* ``notifications.send_due_reminders`` — hourly: reminders and overdue escalation; keyed by the hour. It reads the
  procedures' step deadlines, so it lives in ``workflows.common.tasks`` (the name is kept).
* ``notifications.send_pending_emails`` — every five minutes: e-mail copies that were not sent right away (broker
  down, SMTP error); a sweep.

``notifications.send_notification_emails`` is queued on commit by ``services.notify`` for the new rows.
"""

from celery import shared_task

from apps.core.jobs import tracked_job

from . import services


@tracked_job("notifications.fire_workflow_timers", key=lambda: "timers", once=False)
def fire_workflow_timers():
    """Fire the Viewflow timers that are due; returns how many fired."""
    from viewflow.workflow.timers import fire_due_timers

    return {"fired": fire_due_timers()}


@tracked_job("notifications.send_pending_emails", key=lambda: "emails", once=False)
def send_pending_emails():
    """Send every e-mail copy still pending."""
    return {"sent": services.deliver_pending_emails()}


@shared_task(name="notifications.send_notification_emails", acks_late=True)
def send_notification_emails(notification_ids):
    """Send the e-mail copies of freshly created notifications. Neither tracked nor retried: what it cannot
    send stays pending and the tracked ``send_pending_emails`` sweep retries it, up to
    ``services.MAX_EMAIL_ATTEMPTS`` times, then marks it failed."""
    return {"sent": services.deliver_pending_emails(notification_ids)}
