"""Settings come from the environment: bad values stop start-up, the defaults are the embedded setup.

Each case starts a fresh interpreter (``django.setup()`` in a subprocess) with an environment of its own, so that
nothing of this test process's settings — or of a CI stage's ``DATABASE_URL`` / ``CELERY_BROKER_URL`` — leaks in.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent
GOOD_SECRET = "r7Gq2vKx9pLm4TzW8bNc3YhD6sFj1QaE5uVo0iXk-cadreflow"  # 50 characters
PRODUCTION = {
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": GOOD_SECRET,
    "DJANGO_ALLOWED_HOSTS": "cadreflow.example.vn",
    "CADREFLOW_AUDIT_HMAC_KEY": "audit-" + "k" * 44,
}
# Variables this project reads; the parent's values are dropped so that each case sets exactly what it tests.
OWN_PREFIXES = ("DJANGO_", "DATABASE_", "CELERY_", "CADREFLOW_", "REDIS_", "EMAIL_", "DEFAULT_FROM_EMAIL")

SETUP = "import django; django.setup()"
DUMP = """
import json, django
django.setup()
from django.conf import settings
from config.celery import app
db = settings.DATABASES["default"]
print(json.dumps({
    "engine": db["ENGINE"], "options": db.get("OPTIONS", {}), "conn_max_age": db.get("CONN_MAX_AGE"),
    "settings_eager": settings.CELERY_TASK_ALWAYS_EAGER, "app_eager": app.conf.task_always_eager,
    "broker": settings.CELERY_BROKER_URL,
}))
"""


def run_python(code, **env_overrides):
    env = {key: value for key, value in os.environ.items() if not key.startswith(OWN_PREFIXES)}
    env["DJANGO_SETTINGS_MODULE"] = "config.settings"
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "-c", code], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120
    )


def dump(**env_overrides):
    result = run_python(DUMP, **env_overrides)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize(
    "env, named",
    [
        ({"DJANGO_DEBUG": "maybe"}, "DJANGO_DEBUG"),
        ({"DJANGO_DEBUG": "false", "DJANGO_SECRET_KEY": ""}, "DJANGO_SECRET_KEY"),
        ({"DJANGO_DEBUG": "false", "DJANGO_SECRET_KEY": "too-short-for-production"}, "DJANGO_SECRET_KEY"),
        ({"DATABASE_URL": "mysql://cadreflow:secret@127.0.0.1:3306/cadreflow"}, "DATABASE_URL"),
        ({"DATABASE_CONN_MAX_AGE": "-1"}, "DATABASE_CONN_MAX_AGE"),
        (
            {"DATABASE_URL": "postgres://postgres@127.0.0.1:5432/cadreflow", "DATABASE_CONN_MAX_AGE": "-1"},
            "DATABASE_CONN_MAX_AGE",
        ),
        ({"DATABASE_CONN_MAX_AGE": "a minute"}, "DATABASE_CONN_MAX_AGE"),
        ({**PRODUCTION, "DJANGO_SECURE_HSTS_SECONDS": "-5"}, "DJANGO_SECURE_HSTS_SECONDS"),
    ],
    ids=[
        "debug-maybe",
        "no-secret",
        "short-secret",
        "mysql",
        "negative-conn-age",
        "negative-conn-age-pg",
        "conn-age-words",
        "hsts",
    ],
)
def test_a_bad_value_stops_start_up_with_improperly_configured(env, named):
    result = run_python(SETUP, **env)
    assert result.returncode != 0
    assert "django.core.exceptions.ImproperlyConfigured" in result.stderr
    assert named in result.stderr.strip().splitlines()[-1]


def test_a_good_production_environment_starts():
    result = run_python(SETUP, **PRODUCTION)
    assert result.returncode == 0, result.stderr


def test_a_good_production_environment_passes_check_deploy():
    result = run_python(
        "from django.core.management import execute_from_command_line;"
        "execute_from_command_line(['manage.py', 'check', '--deploy', '--fail-level', 'WARNING'])",
        **PRODUCTION,
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_debug_off_with_the_development_defaults_fails_check_deploy():
    """The control for the test above: ``check --deploy`` does find problems when there are some."""
    result = run_python(
        "from django.core.management import execute_from_command_line;"
        "execute_from_command_line(['manage.py', 'check', '--deploy', '--fail-level', 'WARNING'])",
        **{**PRODUCTION, "DJANGO_SECURE_SSL_REDIRECT": "false", "DJANGO_SECURE_HSTS_SECONDS": "0"},
    )
    assert result.returncode != 0
    assert "security.W008" in result.stderr  # SECURE_SSL_REDIRECT off
    assert "security.W004" in result.stderr  # no HSTS


def test_debug_off_without_the_audit_key_fails_the_checks():
    """Without the audit log's key entries could be forged: ``check`` (so ``migrate`` too) refuses production."""
    result = run_python(
        "from django.core.management import execute_from_command_line;"
        "execute_from_command_line(['manage.py', 'check'])",
        **{**PRODUCTION, "CADREFLOW_AUDIT_HMAC_KEY": ""},
    )
    assert result.returncode != 0
    assert "audit.E001" in result.stderr


def test_the_default_database_is_sqlite_with_immediate_transactions_and_a_busy_timeout():
    settings = dump()
    assert settings["engine"] == "django.db.backends.sqlite3"
    assert settings["options"]["transaction_mode"] == "IMMEDIATE"
    assert settings["options"]["timeout"] >= 5


def test_postgresql_keeps_connections_for_the_configured_age():
    settings = dump(DATABASE_URL="postgres://postgres@127.0.0.1:5432/cadreflow", DATABASE_CONN_MAX_AGE="30")
    assert settings["engine"] == "django.db.backends.postgresql"
    assert settings["conn_max_age"] == 30
    assert "transaction_mode" not in settings["options"]


def test_without_a_broker_celery_runs_tasks_in_process():
    settings = dump()
    assert settings["broker"] == ""
    assert settings["settings_eager"] is True
    assert settings["app_eager"] is True


def test_with_a_broker_celery_sends_tasks_to_it():
    settings = dump(CELERY_BROKER_URL="redis://127.0.0.1:6379/15")
    assert settings["broker"] == "redis://127.0.0.1:6379/15"
    assert settings["settings_eager"] is False
    assert settings["app_eager"] is False
