"""Database triggers that make the audit table refuse UPDATE, DELETE (and TRUNCATE on PostgreSQL).

Installed by migration ``0002_append_only_triggers``. The ORM refuses too (``AuditEntryQuerySet``); the triggers
catch raw SQL and other programs. They do not stop the database owner, who can drop them: the hash chain and
the head hash written down outside the system are what make tampering *evident*. Production should also run
the application as a role that is not the table's owner and has only INSERT/SELECT on it.

``suspended(connection)`` lifts the guards inside one transaction; only ``manage.py flush`` (which empties every
table of a development or test database) and the tamper tests use it.
"""

from contextlib import contextmanager

from django.db import transaction

TABLE = "audit_auditentry"
MESSAGE = "the audit log is append-only"

_PG_INSTALL = [
    f"""
    CREATE OR REPLACE FUNCTION {TABLE}_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION '{MESSAGE}: % refused on %', TG_OP, TG_TABLE_NAME
            USING ERRCODE = 'restrict_violation';
    END
    $$
    """,
    f"DROP TRIGGER IF EXISTS {TABLE}_no_change ON {TABLE}",
    f"""CREATE TRIGGER {TABLE}_no_change BEFORE UPDATE OR DELETE ON {TABLE}
        FOR EACH ROW EXECUTE FUNCTION {TABLE}_refuse_change()""",
    f"DROP TRIGGER IF EXISTS {TABLE}_no_truncate ON {TABLE}",
    f"""CREATE TRIGGER {TABLE}_no_truncate BEFORE TRUNCATE ON {TABLE}
        FOR EACH STATEMENT EXECUTE FUNCTION {TABLE}_refuse_change()""",
]
_PG_REMOVE = [
    f"DROP TRIGGER IF EXISTS {TABLE}_no_change ON {TABLE}",
    f"DROP TRIGGER IF EXISTS {TABLE}_no_truncate ON {TABLE}",
    f"DROP FUNCTION IF EXISTS {TABLE}_refuse_change()",
]
_SQLITE_INSTALL = [
    f"""CREATE TRIGGER IF NOT EXISTS {TABLE}_no_update BEFORE UPDATE ON {TABLE}
        BEGIN SELECT RAISE(ABORT, '{MESSAGE}: UPDATE refused'); END""",
    f"""CREATE TRIGGER IF NOT EXISTS {TABLE}_no_delete BEFORE DELETE ON {TABLE}
        BEGIN SELECT RAISE(ABORT, '{MESSAGE}: DELETE refused'); END""",
]
_SQLITE_REMOVE = [
    f"DROP TRIGGER IF EXISTS {TABLE}_no_update",
    f"DROP TRIGGER IF EXISTS {TABLE}_no_delete",
]


def _statements(vendor, install):
    if vendor == "postgresql":
        return _PG_INSTALL if install else _PG_REMOVE
    if vendor == "sqlite":
        return _SQLITE_INSTALL if install else _SQLITE_REMOVE
    raise NotImplementedError(f"no append-only guard for {vendor}")


def install(connection):
    with connection.cursor() as cursor:
        for sql in _statements(connection.vendor, install=True):
            cursor.execute(sql)


def remove(connection):
    with connection.cursor() as cursor:
        for sql in _statements(connection.vendor, install=False):
            cursor.execute(sql)


def installed(connection):
    """Names of the guard triggers present on the audit table."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = %s::regclass AND NOT tgisinternal AND tgenabled <> 'D'",
                [TABLE],
            )
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s", [TABLE])
        return sorted(row[0] for row in cursor.fetchall())


@contextmanager
def suspended(connection):
    """Lift the guards for the enclosed statements, in one transaction that puts them back (or rolls back)."""
    with transaction.atomic(using=connection.alias):
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # ALTER TABLE refuses while deferred foreign-key checks of this transaction are pending
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute(f"ALTER TABLE {TABLE} DISABLE TRIGGER USER")
            else:
                remove(connection)
        yield
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(f"ALTER TABLE {TABLE} ENABLE TRIGGER USER")
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            else:
                install(connection)
