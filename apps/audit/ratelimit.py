"""Fixed-window rate limits in Django's cache (no outside service).

Per client IP for anonymous visitors (the IP comes from ``settings.CLIENT_IP_HEADER``, e.g. ``HTTP_X_REAL_IP``
behind nginx), per account for signed-in users. With the default in-process cache each web process counts on
its own; production sets REDIS_URL so that all processes share one count.
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache

WINDOW_SECONDS = 3600


def client_key(request):
    if request.user.is_authenticated:
        return f"user:{request.user.pk}"
    raw = request.META.get(settings.CLIENT_IP_HEADER) or request.META.get("REMOTE_ADDR") or "unknown"
    return "ip:" + raw.split(",")[0].strip()


def _cache_key(bucket, key):
    window = int(time.time() // WINDOW_SECONDS)
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]  # no raw IPs in the cache
    return f"cadreflow:rl:{bucket}:{digest}:{window}"


def exhausted(bucket, key, limit):
    """Has `key` already used up `limit` hits of `bucket` in this window?"""
    return (cache.get(_cache_key(bucket, key)) or 0) >= limit


def hit(bucket, key, limit):
    """Count one hit; ``True`` while the count stays within `limit`."""
    cache_key = _cache_key(bucket, key)
    cache.add(cache_key, 0, WINDOW_SECONDS + 60)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, WINDOW_SECONDS + 60)
        count = 1
    if count is None:  # the cache is down (config/cache.py: errors are ignored and logged): do not count
        return True
    return count <= limit
