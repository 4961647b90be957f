"""Sending and reading notifications: the only writers of ``Notification``.

``notify`` writes one in-app row per recipient in a single bulk insert and queues the e-mail copies on commit
(never before: a rolled-back step must not have mailed anyone). E-mail goes only to users with an address who have
not muted it (``User.email_notifications``); everyone gets the in-app row. A `dedupe_key` makes the call
idempotent per recipient, so a job that runs twice, or a hook called twice for one event, sends nothing new.
"""

import logging
from functools import partial

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from apps.accounts.permissions import users_with_permission
from apps.audit.services import record
from apps.core.history import acting_as
from apps.core.jobs import requeue_stuck

from .models import EmailStatus, Notification
from .texts import Text

logger = logging.getLogger(__name__)

#: e-mail attempts per notification before it is marked failed (the sweep then stops trying it)
MAX_EMAIL_ATTEMPTS = 5


def wants_email(user):
    return bool(user.is_active and user.email and user.email_notifications)


def _recipients(recipients):
    """Active users, each once, in a stable order; accepts users, ids or a queryset."""
    User = get_user_model()
    if isinstance(recipients, User):
        recipients = [recipients]
    users, ids = {}, []
    for item in recipients:
        if isinstance(item, User):
            users[item.pk] = item
        elif item is not None:
            ids.append(int(item))
    missing = [pk for pk in ids if pk not in users]
    if missing:
        users.update({u.pk: u for u in User.objects.filter(pk__in=missing)})
    return [users[pk] for pk in sorted(users) if users[pk].is_active]


#: the one constraint whose violation ``notify`` swallows: the recipient already has this notification
DEDUPE_CONSTRAINT = "notification_unique_recipient_key"


def is_dedupe_conflict(exc):
    """Is this IntegrityError the de-duplication constraint (and nothing else)?"""
    diag = getattr(exc.__cause__, "diag", None)  # PostgreSQL names the constraint
    if diag is not None and getattr(diag, "constraint_name", None):
        return diag.constraint_name == DEDUPE_CONSTRAINT
    text = str(exc)  # SQLite names the columns
    return "UNIQUE constraint failed" in text and "dedupe_key" in text


def _insert(rows):
    if not any(row.dedupe_key for row in rows):
        # no key, no conflict possible (the constraint covers keyed rows only): no savepoint to fall back to
        return Notification.objects.bulk_create(rows)
    try:
        with transaction.atomic():
            return Notification.objects.bulk_create(rows)
    except IntegrityError as exc:
        if not is_dedupe_conflict(exc):
            raise
    # A concurrent sender wrote the same (recipient, key) between our check and our insert: insert one by one
    # and keep those that are new. Only that conflict is swallowed, and logged.
    created = []
    for row in rows:
        try:
            with transaction.atomic():
                row.save(force_insert=True)
        except IntegrityError as exc:
            if not is_dedupe_conflict(exc):
                raise
            logger.info(
                "Notification %r to user %s already sent: not sent twice", row.dedupe_key, row.recipient_id
            )
            continue
        created.append(row)
    return created


def notify(recipients, kind, *, title, body="", link="", process=None, task=None, dedupe_key=None):
    """Notify every user in `recipients` (in-app at once, e-mail after commit); returns the new notifications.

    With `dedupe_key` a recipient who already has a notification with that key gets nothing new.
    """
    users = _recipients(recipients)
    key = (dedupe_key or "")[:200]
    if key and users:
        already = set(
            Notification.objects.filter(dedupe_key=key, recipient__in=[u.pk for u in users]).values_list(
                "recipient_id", flat=True
            )
        )
        users = [u for u in users if u.pk not in already]
    if not users:
        return []
    now = timezone.now()
    message = {
        part: text.as_data() for part, text in (("title", title), ("body", body)) if isinstance(text, Text)
    }
    with translation.override(
        settings.LANGUAGE_CODE
    ):  # the stored words: the site's language, not the actor's
        title, body = str(title), str(body)
    rows = [
        Notification(
            recipient=user,
            kind=kind,
            title=title[:300],
            body=body,
            message=message,
            link=str(link)[:500],
            process_id=getattr(process, "pk", None),
            task_id=getattr(task, "pk", None),
            dedupe_key=key,
            created_at=now,
            email_status=EmailStatus.PENDING if wants_email(user) else EmailStatus.NOT_WANTED,
        )
        for user in users
    ]
    created = _insert(rows)
    pending = [n.pk for n in created if n.email_status == EmailStatus.PENDING]
    if pending:
        transaction.on_commit(partial(queue_emails, pending), robust=True)
    return created


def notify_users_with_permission(perm, obj, kind, *, exclude=(), **message):
    """``notify`` everyone holding `perm` on `obj` (e.g. ``"organisation.act_org_board"`` on a unit): a step
    waiting in a group's queue, an escalation to a unit's board. `exclude`: user ids left out."""
    users = users_with_permission(perm, obj)
    if exclude:
        users = users.exclude(pk__in=list(exclude))
    return notify(users, kind, **message)


def mark_read(notification, user):
    """Mark one of `user`'s notifications read (a second call changes nothing)."""
    if notification.recipient_id != user.pk:
        raise PermissionError("not the recipient")
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


@transaction.atomic
def mark_all_read(user):
    """Mark every unread notification of `user` read; returns how many changed."""
    unread = list(Notification.objects.for_user(user).unread())
    now = timezone.now()
    for notification in unread:
        notification.read_at = now
    if unread:
        Notification.objects.bulk_update(unread, ["read_at"])
    return len(unread)


@transaction.atomic
def set_email_notifications(user, enabled, *, actor):
    """Mute or unmute e-mail copies for `user` (their own setting; the in-app notifications always come).
    Pending e-mails of a user who mutes are dropped, so muting takes effect at once."""
    if user.email_notifications != enabled:
        with acting_as(actor):
            user.email_notifications = enabled
            user.save(update_fields=["email_notifications"])
    if not enabled:
        Notification.objects.for_user(user).filter(email_status=EmailStatus.PENDING).update(
            email_status=EmailStatus.NOT_WANTED
        )
    return user


# --- E-mail ---------------------------------------------------------------------------------------------


def queue_emails(notification_ids):
    """Hand the e-mail copies to Celery (called on commit). Never raises: a broker outage or a mail server that
    refuses loses nothing — the rows stay pending and the ``send_pending_emails`` sweep sends them — and the page
    whose step was just saved is answered normally. What failed is logged."""
    from celery import current_app

    from .tasks import send_notification_emails

    try:
        send_notification_emails.delay(list(notification_ids))
    except Exception as exc:
        if current_app.conf.task_always_eager:  # sent here, in-process: the mail server refused
            logger.error(
                "Could not e-mail notifications %s (%s: %s); they stay pending for the sweep",
                notification_ids, type(exc).__name__, exc,
            )  # fmt: skip
        else:
            logger.error(
                "Could not queue e-mails for notifications %s (%s: %s); the sweep will send them",
                notification_ids, type(exc).__name__, exc,
            )  # fmt: skip


def absolute_url(link):
    if not link or link.startswith(("http://", "https://")):
        return link
    return settings.CADREFLOW_BASE_URL.rstrip("/") + link


def _render_email(notification):
    context = {
        "notification": notification,
        "url": absolute_url(notification.link),
        "settings_url": absolute_url(_settings_path()),
    }
    return render_to_string("notifications/email.txt", context)


def _settings_path():
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse("notifications:settings:index")
    except NoReverseMatch:
        return ""


def _send_one(pk):
    """Send one pending e-mail under a row lock; returns ``(sent?, error text or None)``."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(skip_locked=True)
            .filter(pk=pk, email_status=EmailStatus.PENDING)
            .first()
        )
        if notification is None:
            return False, None  # sent, dropped or being sent by another worker
        recipient = notification.recipient
        if not wants_email(recipient):
            notification.email_status = EmailStatus.NOT_WANTED
            notification.save(update_fields=["email_status"])
            return False, None
        try:
            with translation.override(settings.LANGUAGE_CODE):
                send_mail(
                    notification.title,
                    _render_email(notification),
                    settings.DEFAULT_FROM_EMAIL,
                    [recipient.email],
                )
        except Exception as exc:
            notification.email_attempts += 1
            notification.email_error = f"{type(exc).__name__}: {exc}"[:2000]
            if notification.email_attempts >= MAX_EMAIL_ATTEMPTS:
                notification.email_status = EmailStatus.FAILED
            notification.save(update_fields=["email_attempts", "email_error", "email_status"])
            return False, notification.email_error
        notification.email_status = EmailStatus.SENT
        notification.emailed_at = timezone.now()
        notification.email_error = ""
        notification.save(update_fields=["email_status", "emailed_at", "email_error"])
        return True, None


class EmailDeliveryError(Exception):
    """Some e-mails could not be sent; raised after the others went out, so that the job retries."""


def deliver_pending_emails(notification_ids=None, *, limit=500):
    """Send the pending e-mail copies (all, or those among `notification_ids`); returns how many went out.

    Each is sent inside its own transaction holding its row lock and marked sent before that commits, so two
    workers never send the same one; a worker killed mid-send leaves it pending for the next sweep.
    """
    pending = Notification.objects.filter(email_status=EmailStatus.PENDING).order_by("pk")
    if notification_ids is not None:
        pending = pending.filter(pk__in=list(notification_ids))
    sent, errors = 0, []
    for pk in list(pending.values_list("pk", flat=True)[:limit]):
        went_out, error = _send_one(pk)
        sent += went_out
        if error:
            errors.append(f"#{pk}: {error}")
    if errors:
        raise EmailDeliveryError("; ".join(errors)[:3000])
    return sent


@transaction.atomic
def retry_job(run, *, actor):
    """Queue a stuck run again (the "Retry" button of the Stuck jobs page), with an audit entry ``job.retried``.

    Only a stuck run can be retried (``apps.core.jobs.requeue_stuck``), so a double click or a run that already
    recovered queues nothing twice.
    """
    requeue_stuck(run)
    record(
        "job.retried",
        run,
        actor=actor,
        data={
            "name": run.name,
            "key": run.key,
            "attempts": run.attempts,
            "last_error": run.last_error[:1000],
        },
    )
    run.refresh_from_db()
    return run
