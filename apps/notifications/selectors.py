"""Readers for the notification pages: a user sees only their own notifications."""

from apps.accounts.models import Role
from apps.accounts.permissions import has_role
from apps.core.jobs import stuck_runs

from .models import EmailStatus, Notification

_UNREAD_ATTR = "_cadreflow_unread_notifications"


def notifications_for(user, *, unread_only=False):
    qs = Notification.objects.for_user(user).order_by("-created_at", "-pk")
    return qs.unread() if unread_only else qs


def notification_for_user(user, pk):
    """`user`'s notification `pk`, or ``None`` — someone else's is the same as a missing one."""
    return Notification.objects.for_user(user).filter(pk=pk).first()


def unread_count(request):
    """Unread notifications of the signed-in user: one query, at most once per request."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return 0
    cached = getattr(request, _UNREAD_ATTR, None)
    if cached is None:
        cached = Notification.objects.for_user(user).unread().count()
        setattr(request, _UNREAD_ATTR, cached)
    return cached


def forget_unread_count(request):
    if hasattr(request, _UNREAD_ATTR):
        delattr(request, _UNREAD_ATTR)


def may_manage_jobs(user):
    """The organisation board (any unit) and superusers see stuck jobs and retry them: background jobs are
    province-wide (reminders, timers, e-mail), not a unit's."""
    return bool(user and user.is_authenticated and user.is_active and has_role(user, Role.ORG_BOARD))


def stuck_jobs():
    return stuck_runs()


def failed_email_count():
    return Notification.objects.filter(email_status=EmailStatus.FAILED).count()
