"""Shared by the bench scripts: Django set up with ``bench.settings`` (CadreFlow plus the reference flow), a scratch
database named ``cf_bench…`` on PostgreSQL (a temporary file or memory on SQLite), the load average, the RESULT
line. Not a benchmark itself (``bench/all.py`` skips the files starting with ``_``)."""

import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup(*, settings="bench.settings"):
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = settings
    os.environ.setdefault("CADREFLOW_AUDIT_HMAC_KEY", "bench-" + "k" * 42)
    os.environ.setdefault("CADREFLOW_AUDIT_HMAC_KEY_ID", "bench")
    import django

    django.setup()


def create_scratch_db(suffix, *, migrate=True):
    """A throw-away database (Django's test database machinery): ``cf_bench_<suffix>`` on PostgreSQL. With
    ``migrate=False`` the tables are created from the models at once (seconds instead of a minute of migrations;
    for the quick runs)."""
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    test = connection.settings_dict.setdefault("TEST", {})
    if connection.vendor == "postgresql":
        test["NAME"] = f"cf_bench_{suffix}"
    if not migrate:
        test["MIGRATE"] = False
    return connection.creation.create_test_db(verbosity=0, autoclobber=True)


def destroy_scratch_db(old_name):
    from django.db import connection

    connection.creation.destroy_test_db(old_name, verbosity=0)


def load():
    """The machine's load average (1, 5, 15 min): the machine is shared, every figure is printed beside it."""
    return [round(x, 2) for x in os.getloadavg()]


def vendor():
    from django.db import connection

    return connection.vendor


def result(figures):
    print("RESULT " + json.dumps(figures, ensure_ascii=False), flush=True)


def median(values):
    import statistics

    return statistics.median(values) if values else None


def pct(values, p):
    values = sorted(values)
    if not values:
        return None
    k = min(len(values) - 1, max(0, round(p / 100 * (len(values) - 1))))
    return values[k]
