"""PostgreSQL only: the table's triggers, and appends from concurrent transactions.

Run with ``DATABASE_URL=postgres://… pytest -m postgres tests/audit``.
"""

import pytest
from django.db import DatabaseError, connection, transaction

from apps.audit.models import AuditEntry
from apps.audit.services import record
from apps.audit.verify import verify_chain
from tests.concurrency import run_at_once

# tests/conftest.py deselects (and counts) the `postgres` tests when DATABASE_URL is not PostgreSQL
pytestmark = pytest.mark.postgres


@pytest.mark.django_db
@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE audit_auditentry SET action = 'x' WHERE seq = 1",
        "DELETE FROM audit_auditentry WHERE seq = 1",
        "TRUNCATE audit_auditentry",
    ],
)
def test_the_table_refuses_update_delete_and_truncate(admin_user, sql):
    record("test.step", actor=admin_user, data={"n": 1})
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # else TRUNCATE stops at the pending FK check
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cur:
        cur.execute(sql)
    assert list(AuditEntry.objects.values_list("seq", "action")) == [(1, "test.step")]


@pytest.mark.django_db(transaction=True)
def test_appends_from_two_threads_keep_one_valid_chain(admin_user):
    per_thread = 40

    def append(name):
        for n in range(per_thread):
            with transaction.atomic():
                record("test.concurrent", actor=admin_user, data={"thread": name, "n": n})

    outcomes = run_at_once(lambda: append("a"), lambda: append("b"))
    assert [exc for _result, exc in outcomes] == [None, None]
    result = verify_chain()
    assert result.ok, result
    assert result.entries_checked == 2 * per_thread
    threads_seen = set(AuditEntry.objects.values_list("data__thread", flat=True))
    assert threads_seen == {"a", "b"}


@pytest.mark.django_db
def test_the_cadre_timeline_reads_the_audit_log_through_its_indexes(admin_user, unit_a):
    """Entries about a cadre are found by the (object type, id) index and the expression index on
    ``data -> 'cadre'`` (migration 0004), never by scanning the log: 3 000 entries about 300 other cadres."""
    from apps.inspection import timelines
    from tests.factories import CadreFactory

    cadre = CadreFactory(current_unit=unit_a)
    with transaction.atomic():
        for n in range(3000):
            record("test.other", actor=admin_user, data={"cadre": cadre.pk + 1 + n % 300, "n": n})
        record("test.about", cadre, actor=admin_user, data={"field": "x"})
        record("discipline.added", actor=admin_user, data={"cadre": cadre.pk})
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE audit_auditentry")
    audit_rows = timelines.cadre_sources(cadre)[0]
    assert sorted(row[3] for row in audit_rows) == ["discipline.added", "test.about"]
    plan = timelines.combined(timelines.cadre_sources(cadre)).explain()
    print(plan)
    assert "audit_entry_data_cadre_idx" in plan
    assert "audit_audit_object__3eefc4_idx" in plan
    assert "Seq Scan on audit_auditentry" not in plan
