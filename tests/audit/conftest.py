import pytest

from apps.audit import guards


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"


@pytest.fixture
def tamper():
    """``tamper(sql, params)`` runs raw SQL on the audit table with its triggers lifted, as an intruder with
    database access would."""
    from django.db import connection

    def run(sql, params=()):
        with guards.suspended(connection), connection.cursor() as cursor:
            cursor.execute(sql, params)

    return run
