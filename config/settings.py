"""CadreFlow settings: one env-driven module.

Every value comes from the environment (see `.env.example`). The defaults are the *embedded* setup: SQLite
file `db.sqlite3`, Celery tasks run in-process, e-mail to the console. Production sets `DATABASE_URL`
(PostgreSQL), `CELERY_BROKER_URL` (Redis), `DJANGO_SECRET_KEY` and `DJANGO_DEBUG=false`.
"""

from datetime import timedelta
from pathlib import Path
from tempfile import gettempdir

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
if (BASE_DIR / ".env").exists():
    environ.Env.read_env(BASE_DIR / ".env", overwrite=False)


def _env_bool(name, default):
    """Read a boolean, refusing anything that is not clearly true or false."""
    raw = env.str(name, default=None)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off", ""}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, got {raw!r}")


def _env_int(name, default, minimum=None):
    raw = env.str(name, default=None)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, got {raw!r}") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, got {value}")
    return value


DEBUG = _env_bool("DJANGO_DEBUG", True)

SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY is required when DJANGO_DEBUG is off")
    SECRET_KEY = "insecure-embedded-development-key-do-not-use-in-production"
elif not DEBUG and len(SECRET_KEY) < 40:
    raise ImproperlyConfigured("DJANGO_SECRET_KEY must be at least 40 characters in production")

ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "viewflow",  # before admin: its registration templates win
    "viewflow.workflow",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "apps.core.staticfiles.StaticFilesConfig",  # staticfiles without viewflow's packaged node_modules
    "django.contrib.humanize",
    "django_filters",
    "rest_framework",
    "knox",  # personal API tokens (apps.api.tokens)
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "guardian",
    "simple_history",
    "axes",  # login throttling and lockout (apps.accounts.security)
    "apps.core",
    "apps.accounts",
    "apps.places",
    "apps.organisation",
    "apps.cadres",
    "apps.rulesets",
    "apps.audit",
    "apps.inspection",
    "apps.conferences",
    "apps.decisions",
    "apps.notifications",
    "apps.targets",
    "apps.imports",
    "apps.demo",
    "apps.api",
    "workflows.common",
    "workflows.appointment",
    "workflows.revocation",
    "workflows.reappointment",
    "workflows.nomination",
    "workflows.planning",
    "workflows.rotation",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "apps.core.middleware.IgnoreBrowserLanguageMiddleware",  # Vietnamese unless chosen otherwise: before Locale
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "apps.api.errors.ApiErrorMiddleware",  # every error under /api/ in the API's JSON shape
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "apps.accounts.security.SessionLifetimeMiddleware",  # absolute session lifetime: after auth and messages
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a locked-out login into the lockout page
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    }
]

# --- Database -------------------------------------------------------------------------------------------
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
# read (and refused when bad) whatever the engine, used by PostgreSQL only
_conn_max_age = _env_int("DATABASE_CONN_MAX_AGE", 60, minimum=0)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE: a writer takes the lock at BEGIN, so two writers queue instead of failing mid-transaction.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
    DATABASES["default"].setdefault("TEST", {})["NAME"] = env.str("DJANGO_TEST_SQLITE_NAME", default="")
    if not DATABASES["default"]["TEST"]["NAME"]:
        DATABASES["default"]["TEST"].pop("NAME")
elif DATABASES["default"]["ENGINE"].startswith("django.db.backends.postgresql"):
    DATABASES["default"]["CONN_MAX_AGE"] = _conn_max_age
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
else:
    raise ImproperlyConfigured("DATABASE_URL must point at SQLite or PostgreSQL")
# Production runs as two PostgreSQL roles (deploy/postgres/roles.sql): DATABASE_URL is the application role (INSERT
# and SELECT only on the audit log), MIGRATE_DATABASE_URL the owner that `manage.py migrate` connects as.
MIGRATE_DATABASE_URL = env.str("MIGRATE_DATABASE_URL", default="")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache (rate limits, Viewflow's avatars) -----------------------------------------------------------
# Degrades when Redis is down: errors are cache misses, logged on "cadreflow.cache" (config/cache.py).
REDIS_URL = env.str("REDIS_URL", default="")
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
DJANGO_REDIS_LOGGER = "cadreflow.cache"
if REDIS_URL:
    from config.cache import redis_cache

    CACHES = {
        "default": redis_cache(REDIS_URL, timeout_seconds=env.float("REDIS_CACHE_TIMEOUT", default=0.5))
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Auth -----------------------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked-out user or IP before the password is checked
    "django.contrib.auth.backends.ModelBackend",
    "apps.accounts.permissions.RolePermissionBackend",  # guardian's, with the inspection commission read-only
]
ANONYMOUS_USER_NAME = None  # guardian: no anonymous-user row
# guardian looks for its own backend by name; ours (apps.accounts.permissions.RolePermissionBackend) subclasses it
SILENCED_SYSTEM_CHECKS = ["guardian.W001"]
GUARDIAN_MONKEY_PATCH_USER = False
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/accounts/login/"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": _env_int("CADREFLOW_PASSWORD_MIN_LENGTH", 12, minimum=8)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Login throttling (django-axes, counted in the database so that every web process and node shares the count): after
# AXES_FAILURE_LIMIT failed logins for one user name, or from one client IP, further logins are refused for
# the cool-off period, even with the right password. Covers our login page and the admin's.
AXES_ENABLED = _env_bool("CADREFLOW_LOGIN_THROTTLE", True)
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = _env_int("CADREFLOW_LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = _env_int("CADREFLOW_LOGIN_COOLOFF_MINUTES", 30, minimum=1) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username"], ["ip_address"]]
AXES_CLIENT_IP_CALLABLE = "apps.accounts.security.client_ip"
AXES_LOCKOUT_CALLABLE = "apps.accounts.security.lockout_response"
AXES_SENSITIVE_PARAMETERS = ["password"]
# Password reset requests per client IP per hour (cache-counted, apps.audit.ratelimit).
PASSWORD_RESET_RATE_LIMIT_PER_HOUR = _env_int("CADREFLOW_PASSWORD_RESET_RATE_LIMIT_PER_HOUR", 5, minimum=1)
# Sessions: end after SESSION_IDLE_MINUTES without a request (every request renews the cookie), and at the latest
# SESSION_ABSOLUTE_HOURS after login whatever the activity (apps.accounts.security.SessionLifetimeMiddleware).
SESSION_COOKIE_AGE = _env_int("CADREFLOW_SESSION_IDLE_MINUTES", 30, minimum=1) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_ABSOLUTE_SECONDS = _env_int("CADREFLOW_SESSION_ABSOLUTE_HOURS", 9, minimum=1) * 3600

# --- Internationalisation -------------------------------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Asia/Ho_Chi_Minh"
FORMAT_MODULE_PATH = ["config.formats"]

# --- Static ---------------------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("DJANGO_STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"] if (BASE_DIR / "static").exists() else []
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("DJANGO_MEDIA_ROOT", default=str(BASE_DIR / "media")))
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
MAX_ATTACHMENT_BYTES = _env_int("CADREFLOW_MAX_ATTACHMENT_BYTES", 10 * 1024 * 1024, minimum=1024)
# the registry import (apps.imports): a workbook of 50 MB or more is refused with a clear message
MAX_IMPORT_BYTES = _env_int("CADREFLOW_MAX_IMPORT_BYTES", 50 * 1024 * 1024, minimum=1024)
# Files that must never be published by the web server (violation report attachments): served by views only.
PRIVATE_MEDIA_ROOT = Path(env.str("DJANGO_PRIVATE_MEDIA_ROOT", default=str(BASE_DIR / "private-media")))
# Files of a refused step form, kept for the user's next submit (apps.core.kept_files); not records, so apart from
# the media. Several application servers need a shared directory here.
KEPT_UPLOADS_ROOT = Path(
    env.str("DJANGO_KEPT_UPLOADS_ROOT", default=str(Path(gettempdir()) / "cadreflow-kept-uploads"))
)
# Public violation report form (apps.audit): abuse limits per client IP, no outside services.
REPORT_RATE_LIMIT_PER_HOUR = _env_int("CADREFLOW_REPORT_RATE_LIMIT_PER_HOUR", 5, minimum=1)
REPORT_LOOKUP_RATE_LIMIT_PER_HOUR = _env_int("CADREFLOW_REPORT_LOOKUP_RATE_LIMIT_PER_HOUR", 30, minimum=1)
REPORT_MAX_ATTACHMENTS = _env_int("CADREFLOW_REPORT_MAX_ATTACHMENTS", 5, minimum=0)
REPORT_MIN_FILL_SECONDS = _env_int("CADREFLOW_REPORT_MIN_FILL_SECONDS", 5, minimum=0)
# The request header (META key) holding the client IP when behind a proxy, e.g. HTTP_X_REAL_IP; default REMOTE_ADDR.
CLIENT_IP_HEADER = env.str("CADREFLOW_CLIENT_IP_HEADER", default="REMOTE_ADDR")

# --- E-mail ---------------------------------------------------------------------------------------------
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="CadreFlow <no-reply@cadreflow.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# An SMTP server that does not answer fails the sending job (which retries) instead of holding a worker forever.
EMAIL_TIMEOUT = EMAIL_CONFIG.get("EMAIL_TIMEOUT") or _env_int("EMAIL_TIMEOUT", 20, minimum=1)

# --- Celery ---------------------------------------------------------------------------------------------
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default="") or None
# Without a broker the embedded setup runs every task in-process, right away.
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True  # a worker killed mid-job leaves the message for the next worker
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Time limits fit the longest job (a yearly report, a 10^5-event export): soft → the job's own error handling
# (recorded, retried), hard → the worker process is replaced and the run's lease runs out.
CELERY_TASK_SOFT_TIME_LIMIT = _env_int("CELERY_TASK_SOFT_TIME_LIMIT", 25 * 60, minimum=1)
CELERY_TASK_TIME_LIMIT = _env_int("CELERY_TASK_TIME_LIMIT", 30 * 60, minimum=2)
# Publishing must fail fast when the broker is down (the outbox keeps the job): a request never hangs on it.
CELERY_BROKER_CONNECTION_TIMEOUT = _env_int("CELERY_BROKER_CONNECTION_TIMEOUT", 3, minimum=1)
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}
# Redis hands an unacknowledged message (its worker was killed) to another worker after this many seconds; keep it
# above CELERY_TASK_TIME_LIMIT (so a redelivery means its first worker is gone, not slow) and above
# CADREFLOW_JOB_LEASE_SECONDS; the redelivered message then takes the job over (apps.core.jobs). The outbox's sweep
# does so sooner: once the dead worker's lease ran out. kombu looks for such messages every 10 s × throttle.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": _env_int("CELERY_VISIBILITY_TIMEOUT", 3600, minimum=10),
    "unacked_restore_throttle": _env_int("CELERY_UNACKED_RESTORE_THROTTLE", 10, minimum=1),
    "socket_connect_timeout": CELERY_BROKER_CONNECTION_TIMEOUT,
    "socket_timeout": _env_int("CELERY_BROKER_SOCKET_TIMEOUT", 10, minimum=1),
}
# Several deployments (or a test worker) can share one Redis by using their own queue name.
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_TASK_DEFAULT_QUEUE", default="celery")
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    # apps.notifications.tasks, workflows.common.tasks (tracked jobs: apps.core.jobs)
    "fire-workflow-timers": {"task": "notifications.fire_workflow_timers", "schedule": crontab()},
    "send-due-reminders": {"task": "notifications.send_due_reminders", "schedule": crontab(minute=5)},
    "send-pending-emails": {"task": "notifications.send_pending_emails", "schedule": crontab(minute="*/5")},
    # apps.core.tasks: the outbox's sweep (jobs the broker did not take, or whose worker died)
    "publish-waiting-jobs": {"task": "core.publish_waiting_jobs", "schedule": crontab()},
    # workflows.reappointment.tasks: open the procedures of terms entering their notice period; flag ended ones
    "open-due-reappointments": {
        "task": "reappointment.open_due_reappointments",
        "schedule": crontab(hour=1, minute=15),
    },
    "flag-overdue-reappointments": {
        "task": "reappointment.flag_overdue_reappointments",
        "schedule": crontab(hour=1, minute=45),
    },
    # workflows.rotation.tasks: open the return of every rotation whose period is about to end
    "open-due-rotation-returns": {
        "task": "rotation.open_due_returns",
        "schedule": crontab(hour=2, minute=15),
    },
    # apps.targets.tasks: on 1 January, the past year's targets report (PDF and spreadsheet) to the board
    "build-yearly-targets-report": {
        "task": "targets.build_yearly_report",
        "schedule": crontab(hour=6, minute=0, day_of_month=1, month_of_year=1),
    },
    # apps.audit.tasks: sign the audit log's head, write it to private storage and e-mail it to the inspection
    # commission, so that `audit_verify` catches removed newest entries
    "publish-audit-checkpoint": {"task": "audit.publish_checkpoint", "schedule": crontab(hour=0, minute=30)},
}
# Tracked jobs (apps.core.jobs): retries with exponential back-off, then "stuck" on the org board's page.
CADREFLOW_JOB_MAX_RETRIES = _env_int("CADREFLOW_JOB_MAX_RETRIES", 3, minimum=0)
CADREFLOW_JOB_RETRY_BACKOFF = _env_int("CADREFLOW_JOB_RETRY_BACKOFF", 60, minimum=1)
CADREFLOW_JOB_RETRY_BACKOFF_MAX = _env_int("CADREFLOW_JOB_RETRY_BACKOFF_MAX", 3600, minimum=1)
# A running job renews its lease every third of this (heartbeat); a killed worker's job is taken over after it.
CADREFLOW_JOB_LEASE_SECONDS = _env_int("CADREFLOW_JOB_LEASE_SECONDS", 120, minimum=3)
# The outbox's sweep publishes again a job still waiting this long after it was published (or could not be).
CADREFLOW_JOB_REPUBLISH_AFTER_MINUTES = _env_int("CADREFLOW_JOB_REPUBLISH_AFTER_MINUTES", 5, minimum=1)
# The audit log's entries and checkpoints are authenticated with HMAC-SHA256 under a key the database does not
# hold (apps.audit.keys). CADREFLOW_AUDIT_HMAC_KEY is required when DEBUG is off (system check audit.E001);
# rotation: give the new key a new CADREFLOW_AUDIT_HMAC_KEY_ID and keep the old ones in
# CADREFLOW_AUDIT_HMAC_OLD_KEYS ("id:key,id:key") so that older entries still verify.
AUDIT_HMAC_KEY = env.str("CADREFLOW_AUDIT_HMAC_KEY", default="")
AUDIT_HMAC_KEY_ID = env.str("CADREFLOW_AUDIT_HMAC_KEY_ID", default="") or ("1" if AUDIT_HMAC_KEY else "dev")
if not AUDIT_HMAC_KEY and DEBUG:
    # development and tests only: derived from the (insecure in development) secret key
    import hashlib as _hashlib

    AUDIT_HMAC_KEY = _hashlib.sha256(b"cadreflow-audit-hmac:" + SECRET_KEY.encode()).hexdigest()
AUDIT_HMAC_KEYS = dict(
    item.split(":", 1) for item in env.list("CADREFLOW_AUDIT_HMAC_OLD_KEYS", default=[]) if ":" in item
)
if AUDIT_HMAC_KEY:
    AUDIT_HMAC_KEYS[AUDIT_HMAC_KEY_ID] = AUDIT_HMAC_KEY
# Signed checkpoints of the audit head (apps.audit.checkpoints) are written under this folder of private storage.
# Who gets each signed checkpoint by e-mail: a function returning addresses (the log itself knows no roles).
AUDIT_CHECKPOINT_RECIPIENTS = "apps.accounts.permissions.inspection_emails"
AUDIT_CHECKPOINT_DIR = env.str("CADREFLOW_AUDIT_CHECKPOINT_DIR", default="audit-checkpoints")
# Absolute links in notification e-mails.
CADREFLOW_BASE_URL = env.str("CADREFLOW_BASE_URL", default="http://127.0.0.1:8000")

# --- REST API -------------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    # tokens first: a request without credentials is then a 401 with ``WWW-Authenticate: Token`` (issue 12 §2);
    # the browser's session still works (with its CSRF check on writes)
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "apps.api.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "apps.api.schema.ApiAutoSchema",
    "DEFAULT_PAGINATION_CLASS": "apps.api.pagination.Pagination",
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "apps.api.filters.Ordering",
    ],
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.UserRateThrottle",
        "rest_framework.throttling.AnonRateThrottle",
    ],
    # per user (or per address when anonymous), counted in the cache (Redis in production)
    "DEFAULT_THROTTLE_RATES": {
        "user": env.str("CADREFLOW_API_RATE_USER", default="600/min"),
        "anon": env.str("CADREFLOW_API_RATE_ANON", default="30/min"),
    },
    "EXCEPTION_HANDLER": "apps.api.errors.exception_handler",
    "PAGE_SIZE": 50,
    "DATETIME_FORMAT": "iso-8601",
    "DATE_INPUT_FORMATS": ["iso-8601", "%d/%m/%Y"],
}
# Personal API tokens (django-rest-knox): shown once, stored as a SHA-512 digest, valid for TOKEN_TTL unless the
# owner chose another expiry when creating it; revoked from the profile page (apps.api.tokens)
REST_KNOX = {
    "TOKEN_TTL": timedelta(days=env.int("CADREFLOW_API_TOKEN_DAYS", default=90)),
    "TOKEN_PREFIX": "cf_",
    "AUTO_REFRESH": False,
    "TOKEN_LIMIT_PER_USER": 20,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "CadreFlow API",
    "DESCRIPTION": "Procedures, tasks and the registry of CadreFlow (docs/api.md). Every error answers "
    '`{"code", "message", "fields"}`; what the caller may not see is a 404.',
    "VERSION": "1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],  # the schema is not public
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "DecisionStatusEnum": "apps.decisions.models.Decision.Status",
        "ProcessStatusEnum": ["NEW", "DONE", "CANCELED"],
        "ViolationReportKindEnum": "apps.audit.models.ViolationReport.Kind",
        "ViolationReportStatusEnum": "apps.audit.models.ViolationReport.Status",
        "TargetStatusEnum": "apps.api.targets.TARGET_STATUSES",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "apps.api.schema.add_step_payloads",
    ],
}

VIEWFLOW = {}

# --- Security (production) ------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"  # nothing of ours is framed; check --deploy (security.W019) asks for DENY
SECURE_CONTENT_TYPE_NOSNIFF = True
# Content-Security-Policy on every response (django-csp): scripts only from our own origin, no inline script, no
# eval. Styles allow 'unsafe-inline': Viewflow's Material components set style attributes from their scripts.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = _env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = _env_int("DJANGO_SECURE_HSTS_SECONDS", 31536000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="WARNING")},
}

# The province the demo and the reports are about.
CADREFLOW_PROVINCE_NAME = env.str("CADREFLOW_PROVINCE_NAME", default="Bắc Ninh")
