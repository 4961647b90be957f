"""The Celery stage: tests that talk to the worker and beat that ``.ci/celery-stage`` starts.

``.ci/celery-stage`` (``make celery-stage``) creates the PostgreSQL database named by ``DATABASE_URL``, migrates
it, starts ``celery -A config worker`` and ``celery -A config beat`` on Redis (``CELERY_BROKER_URL``) against it,
and runs the tests marked ``celery_worker`` in this folder with ``CADREFLOW_CELERY_STAGE=1``. The worker cannot see
a database that pytest-django would create for the test session, so these tests run on **that same database**
(``django_db_setup`` below uses it as it is instead of creating ``test_…``). Tests here are transactional
(``@pytest.mark.django_db(transaction=True)``): their rows must be committed for the worker to see them, and the
database is emptied after each test; the rows the migrations seeded (rule sets) are put back before each test.

Tests marked ``celery_worker`` elsewhere start and stop a worker of their own (e.g. ``tests/jobs``); the stage runs
them in a second pytest run, on a test database pytest-django creates as usual.

Helpers: ``wait_until(predicate, what=…, timeout=…)`` polls until `predicate()` is truthy, else fails naming
`what`; the ``stage_worker`` fixture fails at once when no worker answers on the broker.
"""

import time

import pytest
from django.db import connection

WAIT_SECONDS = 60


@pytest.fixture(scope="session")
def django_db_setup(django_db_blocker):
    """Use the stage's database as it is (created and migrated by .ci/celery-stage); remember its seeded rows."""
    from django.core.management import call_command

    with django_db_blocker.unblock():
        if connection.vendor != "postgresql":
            pytest.fail("the Celery stage runs on PostgreSQL: use make celery-stage", pytrace=False)
        call_command("migrate", interactive=False, verbosity=0)  # a no-op when .ci/celery-stage did it
        connection._test_serialized_contents = connection.creation.serialize_db_to_string()
    yield


@pytest.fixture(autouse=True)
def _seeded_rows_back(django_db_serialized_rollback):
    """Each test starts with what the migrations seeded, although the test before it emptied the tables."""


@pytest.fixture
def stage_worker():
    """The worker's name; fails when no worker answers on the broker (it is started by .ci/celery-stage)."""
    from config.celery import app

    if app.conf.task_always_eager:
        pytest.fail(
            "tasks would run in this process: the Celery stage needs CELERY_BROKER_URL", pytrace=False
        )
    replies = app.control.ping(timeout=5)
    if not replies:
        pytest.fail(
            f"no Celery worker answers on {app.conf.broker_url}: run make celery-stage", pytrace=False
        )
    return next(iter(replies[0]))


def wait_until(predicate, *, what, timeout=WAIT_SECONDS, interval=0.25):
    """Poll `predicate` (reading the database afresh each time) until it returns something truthy."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"waited {timeout} s for {what}", pytrace=False)
        time.sleep(interval)
