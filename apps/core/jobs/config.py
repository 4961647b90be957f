"""The tracked jobs' settings (lease, retries, back-off, republication) and small helpers."""

import json
import logging
from datetime import timedelta

from celery.utils.time import get_exponential_backoff_interval
from django.conf import settings
from django.utils import timezone

logger = logging.getLogger("apps.core.jobs")  # one logger for the package (its name before the split)


def _setting(name, default):
    return getattr(settings, name, default)


def lease_seconds():
    return _setting("CADREFLOW_JOB_LEASE_SECONDS", 120)


def heartbeat_seconds():
    """How often a running job renews its lease: three times per lease."""
    return max(lease_seconds() / 3, 1)


def republish_after():
    """A queued run not published (or not picked up) for this long is published again by the sweep."""
    return timedelta(minutes=_setting("CADREFLOW_JOB_REPUBLISH_AFTER_MINUTES", 5))


def max_retries():
    return _setting("CADREFLOW_JOB_MAX_RETRIES", 3)


def backoff_seconds(retries):
    """Seconds to wait before retry number `retries` + 1: base, 2×base, 4×base… capped."""
    return get_exponential_backoff_interval(
        factor=_setting("CADREFLOW_JOB_RETRY_BACKOFF", 60),
        retries=retries,
        maximum=_setting("CADREFLOW_JOB_RETRY_BACKOFF_MAX", 3600),
        full_jitter=False,
    )


def stale_after():
    """A queued or running run untouched for this long lost its worker or its retry message: it is stuck."""
    return timedelta(
        seconds=lease_seconds() + _setting("CADREFLOW_JOB_RETRY_BACKOFF_MAX", 3600) + 300,
    )


def period_key(prefix, *, hours=1, at=None):
    """A key naming the current period in local time: ``"reminders:2026-11-26T07"`` for hourly jobs,
    ``"reminders:2026-11-26"`` for daily ones (`hours=24`)."""
    local = timezone.localtime(at or timezone.now())
    if hours >= 24:
        return f"{prefix}:{local:%Y-%m-%d}"
    hour = local.hour - local.hour % hours
    return f"{prefix}:{local:%Y-%m-%d}T{hour:02d}"


def _json_safe(value):
    try:
        return json.loads(json.dumps(value))
    except (TypeError, ValueError):
        return repr(value)


def _describe(exc):
    return f"{type(exc).__name__}: {exc}"[:4000]
