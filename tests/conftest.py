"""Shared fixtures: a small province and one persona per role.

Personas: unit leader of A, unit leader of B, organisation-board reviewer (whole province), inspector (whole
province, read-only), admin (superuser), and the anonymous client.
"""

import os

import pytest
from django.test import Client

from apps.accounts.models import Role
from apps.accounts.services import grant_role

from . import parameter_reads
from .factories import OrgUnitFactory, UnitLevelFactory, UserFactory
from .parameter_reads import pytest_sessionfinish, pytest_sessionstart  # noqa: F401  (hooks)


@pytest.fixture(autouse=True)
def _urlconf_loaded():
    """Viewflow's Node.reverse() needs the viewset tree that ``site.urls`` builds."""
    import config.urls  # noqa: F401


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts in the default language (Vietnamese): a request in English (the locale middleware) or a
    test that activates a language leaves it active in its thread, and the next test on the same xdist worker then
    renders English (a report's target names came out as their English names)."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(scope="session", autouse=True)
def _fast_password_hashing():
    """PBKDF2's million rounds cost ~0.7 s per user made here; the suite makes hundreds. Tests (and the live
    server of the browser tests, which shares the process's settings) hash with MD5 instead."""
    from django.test import override_settings

    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture
def province(db):
    level = UnitLevelFactory(code="province", name="Cấp tỉnh", order=0)
    return OrgUnitFactory(code="bn", name="Tỉnh Bắc Ninh", level=level, parent=None)


@pytest.fixture
def unit_a(province):
    return OrgUnitFactory(code="snv", name="Sở Nội vụ", parent=province)


@pytest.fixture
def unit_b(province):
    return OrgUnitFactory(code="stc", name="Sở Tài chính", parent=province)


@pytest.fixture
def admin_user(db):
    return UserFactory(username="admin", is_staff=True, is_superuser=True)


def _persona(username, role, unit, admin_user):
    user = UserFactory(username=username)
    grant_role(user=user, role=role, unit=unit, include_descendants=True, actor=admin_user)
    return user


@pytest.fixture
def leader_a(unit_a, admin_user):
    return _persona("leader_a", Role.UNIT_LEADER, unit_a, admin_user)


@pytest.fixture
def leader_b(unit_b, admin_user):
    return _persona("leader_b", Role.UNIT_LEADER, unit_b, admin_user)


@pytest.fixture
def reviewer(province, admin_user):
    return _persona("reviewer", Role.ORG_BOARD, province, admin_user)


@pytest.fixture
def inspector(province, admin_user):
    return _persona("inspector", Role.INSPECTION, province, admin_user)


@pytest.fixture
def client_for():
    """``client_for(user)`` → a test client logged in as `user` (None: anonymous)."""

    def make(user=None):
        client = Client()
        if user is not None:
            client.force_login(user)
        return client

    return make


# --- Stage markers ----------------------------------------------------------------------------------------------
# Three markers name tests that need more than this process and SQLite (pyproject.toml [tool.pytest.ini_options]):
#   postgres       row locks, triggers, races: run when DATABASE_URL points at PostgreSQL (make test-postgres);
#   celery_worker  a real Celery worker on Redis and PostgreSQL: run only in the Celery stage, which sets
#                  CADREFLOW_CELERY_STAGE=1 (make celery-stage; .ci/celery-stage starts the worker and beat);
#   e2e            Debian's Chromium driven by Playwright: run when /usr/bin/chromium exists.
# Where a stage is not available its tests are DESELECTED here — counted, with the reason, in the terminal
# summary — never skipped one by one or passed silently. In CI (CI=true) e2e tests are never deselected: a missing
# browser makes them fail (tests/e2e/conftest.py).
# Debian's chromium; CADREFLOW_CHROMIUM only to try the missing-browser behaviour (CADREFLOW_CHROMIUM=/nowhere).
CHROMIUM = os.environ.get("CADREFLOW_CHROMIUM", "/usr/bin/chromium")
_DESELECTED = pytest.StashKey()


def _bench_is_fast():
    """The bench scripts' test runs in seconds once a migrated SQLite file is kept in bench/out (bench/_setup.py);
    CI runs it always (a fresh clone has no such file: about 50 s), so a bench script that breaks fails CI."""
    if os.environ.get("CADREFLOW_BENCH_TESTS") == "1" or os.environ.get("CI") == "true":
        return True
    from bench._setup import migrated_cache

    return migrated_cache().exists()


def _unavailable_stages():
    """{marker: why its tests cannot run in this session}."""
    from django.conf import settings

    on_postgres = settings.DATABASES["default"]["ENGINE"].startswith("django.db.backends.postgresql")
    celery_stage = os.environ.get("CADREFLOW_CELERY_STAGE") == "1"
    if celery_stage and not (on_postgres and settings.CELERY_BROKER_URL):
        raise pytest.UsageError(
            "the Celery stage needs DATABASE_URL=postgres://… and CELERY_BROKER_URL=redis://…"
        )
    unavailable = {}
    if not on_postgres:
        unavailable["postgres"] = "DATABASE_URL is not PostgreSQL (run: make test-postgres)"
    if not celery_stage:
        unavailable["celery_worker"] = "not the Celery stage (run: make celery-stage)"
    if on_postgres:
        unavailable["bench_script"] = "the bench scripts' test runs in the SQLite suite"
        # ~12 minutes of generated requests: once per CI run is enough (the schema and the views do not depend
        # on the database; the API's PostgreSQL behaviour — races, locks — has its own tests marked postgres)
        unavailable["schemathesis"] = "schemathesis runs in the SQLite suite"
    elif not _bench_is_fast():
        unavailable["bench_script"] = (
            "bench/steps.py would first migrate a scratch database (> 30 s): run it once "
            "(.venv/bin/python bench/steps.py --quick) or set CADREFLOW_BENCH_TESTS=1"
        )
    if not os.path.exists(CHROMIUM) and os.environ.get("CI") != "true":
        unavailable["e2e"] = f"WARNING: {CHROMIUM} is missing (apt-get install chromium); CI would fail these"
    return unavailable


def pytest_collection_modifyitems(config, items):
    unavailable = _unavailable_stages()
    kept, deselected, counts = [], [], {}
    for item in items:
        marker = next((name for name in unavailable if item.get_closest_marker(name)), None)
        if marker is None:
            kept.append(item)
        else:
            deselected.append(item)
            counts[marker] = counts.get(marker, 0) + 1
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = kept
    config.stash[_DESELECTED] = [(marker, count, unavailable[marker]) for marker, count in counts.items()]
    if hasattr(config, "workerinput"):  # an xdist worker: the controller prints the summary
        config.workeroutput["cadreflow_deselected"] = config.stash[_DESELECTED]
    _restore_seeded_rows_in_transactional_tests(items)


def _restore_seeded_rows_in_transactional_tests(items):
    """Every transactional test (``django_db(transaction=True)``, ``transactional_db``, ``live_server``) runs with
    ``serialized_rollback=True``.

    A transactional test ends by emptying every table. Without serialized rollback Django then re-creates content
    types and permissions (post_migrate) under new ids, and the next test *with* serialized rollback on the same
    worker fails restoring the original rows (duplicate django_content_type). With it everywhere, every such test
    also starts with the rows the migrations seeded (rule sets), whatever ran before it.
    """
    from django.test import TransactionTestCase
    from pytest_django.fixtures import validate_django_db

    for item in items:
        test_class = getattr(item, "cls", None)
        if test_class is not None and issubclass(test_class, TransactionTestCase):
            continue
        marker = item.get_closest_marker("django_db")
        transaction, reset_sequences, databases, serialized, available_apps = (
            validate_django_db(marker) if marker else (False, False, None, False, None)
        )
        fixtures = getattr(item, "fixturenames", ())
        transaction = transaction or "transactional_db" in fixtures or "live_server" in fixtures
        if transaction and not serialized and available_apps is None:
            item.add_marker(
                pytest.mark.django_db(
                    transaction=True,
                    reset_sequences=reset_sequences,
                    databases=databases,
                    serialized_rollback=True,
                ),
                append=False,
            )


@pytest.fixture(autouse=True)
def _sequences_past_restored_rows(request):
    """PostgreSQL, transactional tests: move every id sequence past the rows serialized rollback put back.

    A flush that restarts the sequences (``manage.py flush`` in a test) followed by a restored row with id 1 (the
    "system" user of a migration) would otherwise make the next insert collide (duplicate accounts_user_pkey).
    """
    marker = request.node.get_closest_marker("django_db")
    if marker is None or not marker.kwargs.get("serialized_rollback"):
        return
    request.getfixturevalue("transactional_db")
    from django.apps import apps
    from django.core.management.color import no_style
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    models = [m for m in apps.get_models(include_auto_created=True) if m._meta.managed and not m._meta.proxy]
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)


@pytest.hookimpl(optionalhook=True)  # an xdist hook
def pytest_testnodedown(node, error):
    """xdist controller: every worker collects the same tests, so any worker's counts are the run's."""
    reported = getattr(node, "workeroutput", {}).get("cadreflow_deselected")
    if reported is not None:
        node.config.stash[_DESELECTED] = reported
    parameter_reads.pytest_testnodedown(node, error)


def pytest_terminal_summary(terminalreporter, config):
    parameter_reads.pytest_terminal_summary(terminalreporter, config)
    for marker, count, reason in config.stash.get(_DESELECTED, []):
        terminalreporter.write_line(
            f"cadreflow: deselected {count} test(s) marked {marker}: {reason}", yellow=True
        )
