"""Keeping intruders out of the sign-in doors: client IP, login lockout page, throttled password reset, and the
absolute session lifetime.

Failed logins are counted by django-axes in the database (``AxesStandaloneBackend`` first in
``AUTHENTICATION_BACKENDS``): our login page and the admin's both go through ``authenticate(request, …)``. The
password reset form sends mail to whoever owns an address, so it is limited per client IP
(``PASSWORD_RESET_RATE_LIMIT_PER_HOUR``). Idle sessions end through ``SESSION_COOKIE_AGE`` renewed on every
request; ``SessionLifetimeMiddleware`` ends any session a working day after its login.
"""

import hashlib
import time
from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout, user_logged_in
from django.contrib.auth import views as auth_views
from django.contrib.auth.views import redirect_to_login
from django.db import IntegrityError, transaction
from django.dispatch import receiver
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from viewflow.contrib.auth import AuthViewset

from apps.audit import ratelimit

#: session key holding the time (epoch seconds) of the login
LOGIN_AT_KEY = "_cadreflow_login_at"


def client_ip(request):
    """The client's IP: the header named by ``CLIENT_IP_HEADER`` (set by the proxy), else ``REMOTE_ADDR``."""
    raw = request.META.get(settings.CLIENT_IP_HEADER) or request.META.get("REMOTE_ADDR") or ""
    return raw.split(",")[0].strip() or None


@receiver(user_logged_in, dispatch_uid="cadreflow-session-login-at")
def _stamp_login_time(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[LOGIN_AT_KEY] = time.time()


class SessionLifetimeMiddleware:
    """Log the user out once ``SESSION_ABSOLUTE_SECONDS`` have passed since the login, however active they were,
    and send them to the login page with a message. A session from before this rule gets its clock started now."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = time.time()
            started = request.session.get(LOGIN_AT_KEY)
            if started is None:
                request.session[LOGIN_AT_KEY] = now
            elif now - started >= settings.SESSION_ABSOLUTE_SECONDS:
                logout(request)
                messages.info(request, _("Your session has ended after a working day. Please log in again."))
                return redirect_to_login(request.get_full_path())
        return self.get_response(request)


def lockout_response(request, original_response=None, credentials=None):
    """django-axes' answer to a refused login (``AXES_LOCKOUT_CALLABLE``): a page saying so, status 429."""
    from axes.helpers import get_cool_off

    cool_off = get_cool_off(request)
    minutes = int(cool_off.total_seconds() // 60) if cool_off else None
    return render(request, "registration/locked_out.html", {"cooloff_minutes": minutes}, status=429)


class ThrottledPasswordResetView(auth_views.PasswordResetView):
    """Django's password reset request, at most ``PASSWORD_RESET_RATE_LIMIT_PER_HOUR`` posts per client IP."""

    def post(self, request, *args, **kwargs):
        key = "ip:" + (client_ip(request) or "unknown")
        if not ratelimit.hit("password-reset", key, settings.PASSWORD_RESET_RATE_LIMIT_PER_HOUR):
            return render(request, "registration/password_reset_throttled.html", status=429)
        return super().post(request, *args, **kwargs)


class CadreFlowAuthViewset(AuthViewset):
    """Viewflow's login/logout/password views with the throttled password reset."""

    pass_reset_view_class = ThrottledPasswordResetView


def spend_form_token(purpose, token, lifetime_seconds):
    """Mark the one-time `token` used for `purpose`; ``False`` when it was used before (a replay).

    The unique constraint decides, so two submissions racing with one token cannot both pass (on every web
    process and node: the table is shared). Rows past their token's lifetime are purged on the way."""
    from .models import SpentFormToken

    now = timezone.now()
    SpentFormToken.objects.filter(expires_at__lt=now).delete()
    digest = hashlib.sha256(token.encode()).hexdigest()
    try:
        with transaction.atomic():
            SpentFormToken.objects.create(
                purpose=purpose, digest=digest, expires_at=now + timedelta(seconds=lifetime_seconds)
            )
    except IntegrityError:
        return False
    return True
