"""The Redis cache as production configures it: a cache that degrades instead of failing.

The cache only holds what can be recomputed (Viewflow's avatar look-ups, the public form's rate-limit counters),
so a Redis that is down or unreachable must not take a page down. django-redis's ``IGNORE_EXCEPTIONS`` turns a
connection error or a timeout into a cache miss (``get`` → default, ``set``/``add``/``incr`` → ``None``), and
``DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS`` (config/settings.py) logs each one on the ``cadreflow.cache`` logger.
Short socket timeouts keep a page from waiting on a Redis that does not answer.
"""


def redis_cache(url, *, timeout_seconds=0.5):
    """The ``CACHES["default"]`` entry for the Redis at `url`."""
    return {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": url,
        "OPTIONS": {
            "IGNORE_EXCEPTIONS": True,
            "SOCKET_CONNECT_TIMEOUT": timeout_seconds,
            "SOCKET_TIMEOUT": timeout_seconds,
        },
    }
