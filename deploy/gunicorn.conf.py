"""gunicorn settings for CadreFlow (``gunicorn -c deploy/gunicorn.conf.py``).

Every value can be changed from the environment (the same env file as the application's, see
``deploy/production.env.example``); a bad value stops gunicorn at start with a message naming the variable.
Web processes are stateless (sessions and data in PostgreSQL, cache and broker in Redis): add workers or nodes
behind nginx as the load grows.
"""

import multiprocessing
import os


def _int(name, default, minimum=1):
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SystemExit(f"{name} must be a whole number, got {raw!r}") from None
    if value < minimum:
        raise SystemExit(f"{name} must be at least {minimum}, got {value}")
    return value


wsgi_app = "config.wsgi:application"
# nginx proxies to this address (deploy/nginx/cadreflow.conf); in the container it is 0.0.0.0:8000
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = _int("GUNICORN_WORKERS", min(2 * multiprocessing.cpu_count() + 1, 9))
threads = _int("GUNICORN_THREADS", 2)
# PDF rendering of a decision and spreadsheet exports can take several seconds; heavy ones go to Celery
timeout = _int("GUNICORN_TIMEOUT", 60)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = _int("GUNICORN_KEEPALIVE", 5)
# recycle workers now and then so that a slow leak never grows unbounded
max_requests = _int("GUNICORN_MAX_REQUESTS", 2000, minimum=0)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 200, minimum=0)
# only the local nginx may set X-Forwarded-Proto / X-Forwarded-For
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
proc_name = "cadreflow-web"
# heartbeat files in memory, not on a disk that may stall
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
