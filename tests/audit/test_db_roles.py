"""PostgreSQL only: production's two roles, set up by running deploy/postgres/roles.sql on the test database.

The application role (what DATABASE_URL logs in as) writes the audit log through the service but cannot UPDATE,
DELETE or TRUNCATE it, disable its triggers or switch triggers off for its session; ``migrate`` runs as the owner
(MIGRATE_DATABASE_URL). Run with ``DATABASE_URL=postgres://… pytest -m postgres tests/audit``.
"""

import shutil
import subprocess
import uuid
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from apps.audit import dbroles
from apps.audit.checkpoints import verify_log
from apps.audit.models import AuditEntry
from apps.audit.services import record

pytestmark = pytest.mark.postgres

ROLES_SQL = Path(__file__).resolve().parents[2] / "deploy" / "postgres" / "roles.sql"
INSUFFICIENT_PRIVILEGE = "42501"


def _psql(*args, sql=None):
    settings_dict = connection.settings_dict
    command = [
        shutil.which("psql") or "psql",
        "-X",
        "-q",
        "-v",
        "ON_ERROR_STOP=1",
        "-h",
        settings_dict["HOST"] or "127.0.0.1",
        "-p",
        str(settings_dict["PORT"] or 5432),
        "-U",
        settings_dict["USER"],
        "-d",
        settings_dict["NAME"],
        *args,
    ]
    if sql:
        command += ["-c", sql]
    return subprocess.run(command, check=True, capture_output=True, text=True, timeout=120)


def _url(role):
    s = connection.settings_dict
    return f"postgres://{role}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


@pytest.fixture
def roles(transactional_db, admin_user):
    """Runs the deploy script as the superuser with two fresh role names; afterwards hands everything back to
    the superuser and drops the roles."""
    suffix = uuid.uuid4().hex[:8]
    owner, app = f"cf_auditkey_owner_{suffix}", f"cf_auditkey_app_{suffix}"
    superuser = connection.settings_dict["USER"]
    record("test.before_roles", actor=admin_user)
    connection.close()
    _psql("-v", f"owner={owner}", "-v", f"app={app}", "-f", str(ROLES_SQL))
    try:
        yield owner, app
    finally:
        connection.close()
        connection.settings_dict["USER"] = superuser
        _psql(
            sql=f'REASSIGN OWNED BY "{owner}" TO "{superuser}"; DROP OWNED BY "{owner}"; DROP OWNED BY "{app}"; '
            f'DROP ROLE "{app}"; DROP ROLE "{owner}";'
        )


def _refused(sql):
    with pytest.raises(DatabaseError) as exc, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql)
    return exc.value.__cause__.sqlstate


def test_the_application_role_may_only_insert_and_select_the_audit_log(roles, admin_user, settings):
    owner, app = roles
    superuser = connection.settings_dict["USER"]
    # the processes connect as the application role; migrate switches to the owner (and narrows the rights again)
    connection.close()
    connection.settings_dict["USER"] = app
    settings.MIGRATE_DATABASE_URL = _url(owner)
    with (
        dbroles.connected_as(settings.MIGRATE_DATABASE_URL) as owner_connection,
        owner_connection.cursor() as c,
    ):
        c.execute("SELECT current_user")
        assert c.fetchone()[0] == owner
    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user, usesuper FROM pg_user WHERE usename = current_user")
        assert cursor.fetchone() == (app, False)

    # writing through the service works, and the log still verifies
    entry = record("test.as_app_role", actor=admin_user, data={"role": "app"})
    assert entry.mac and AuditEntry.objects.filter(seq=entry.seq).exists()
    # normal rights elsewhere
    from apps.accounts.models import User

    assert User.objects.filter(pk=admin_user.pk).update(first_name="Quản trị") == 1

    # refused by the privileges themselves (not only by the triggers): permission denied
    for sql in (
        "UPDATE audit_auditentry SET action = 'x' WHERE seq = 1",
        "DELETE FROM audit_auditentry WHERE seq = 1",
        "TRUNCATE audit_auditentry",
        "ALTER TABLE audit_auditentry DISABLE TRIGGER USER",
        "ALTER TABLE audit_auditentry DISABLE TRIGGER audit_auditentry_no_change",
        "DROP TRIGGER audit_auditentry_no_change ON audit_auditentry",
        "SET session_replication_role = replica",
        "ALTER TABLE audit_auditentry OWNER TO CURRENT_USER",
        f'SET ROLE "{owner}"',
        f'SET ROLE "{superuser}"',
    ):
        assert _refused(sql) == INSUFFICIENT_PRIVILEGE, sql

    assert list(AuditEntry.objects.order_by("seq").values_list("action", flat=True))[-1] == "test.as_app_role"
    assert AuditEntry.objects.filter(action="test.before_roles").exists()
    result = verify_log()
    assert result.ok, result
