"""The hash chain: audit_verify passes an intact log and names the first entry someone tampered with."""

from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from apps.audit import guards
from apps.audit.models import AuditEntry, AuditLogIsAppendOnly
from apps.audit.services import record
from apps.audit.services.log import HASHED_FIELDS, entry_hash
from apps.audit.verify import verify_chain

pytestmark = pytest.mark.django_db


@pytest.fixture
def chain(admin_user, unit_a):
    for n in range(1, 7):
        record("test.step", unit_a, actor=admin_user, data={"n": n, "note": "bước " + str(n)})
    return list(AuditEntry.objects.order_by("seq"))


def verify_fails_at(seq, problem):
    with pytest.raises(CommandError) as exc:
        call_command("audit_verify")
    assert exc.value.returncode == 1
    assert f"entry #{seq}:" in str(exc.value)
    result = verify_chain()
    assert (result.ok, result.broken_seq, result.problem) == (False, seq, problem)


def test_an_intact_chain_passes_and_prints_count_head_and_time(chain, capsys):
    call_command("audit_verify", batch_size=4)  # batches of 4 over 6 entries: crosses a batch boundary
    out = capsys.readouterr().out
    assert "entries checked: 6" in out
    assert f"head: #6 {chain[-1].hash}" in out
    assert "elapsed:" in out


def test_an_empty_log_passes():
    result = verify_chain()
    assert result.ok and result.entries_checked == 0 and result.head_seq is None


def test_each_entry_links_to_the_previous_one(chain):
    assert chain[0].prev_hash == "0" * 64
    assert all(b.prev_hash == a.hash for a, b in zip(chain, chain[1:], strict=False))
    assert [e.seq for e in chain] == [1, 2, 3, 4, 5, 6]


def test_altered_data_is_named(chain, tamper):
    tamper("UPDATE audit_auditentry SET data = %s WHERE seq = 3", ['{"n": 99, "note": "bước 3"}'])
    verify_fails_at(3, "data_altered")


def test_data_altered_together_with_its_digest_is_still_caught(chain, tamper):
    from apps.audit.services import data_digest

    forged = {"n": 99}
    tamper(
        "UPDATE audit_auditentry SET data = %s, data_digest = %s WHERE seq = 4",
        ['{"n": 99}', data_digest(forged)],
    )
    verify_fails_at(4, "metadata_altered")


@pytest.mark.parametrize(
    "column, value",
    [
        ("action", "test.other"),
        ("actor_label", "someone-else"),
        ("object_repr", "Sở khác"),
        ("process_id", 42),
    ],
)
def test_altered_metadata_is_named(chain, tamper, column, value):
    tamper(f"UPDATE audit_auditentry SET {column} = %s WHERE seq = 5", [value])
    verify_fails_at(5, "metadata_altered")


def test_a_deleted_entry_is_named(chain, tamper):
    tamper("DELETE FROM audit_auditentry WHERE seq = 3")
    verify_fails_at(3, "missing_entry")


def test_a_deleted_entry_with_the_rest_renumbered_is_caught(chain, tamper):
    tamper("DELETE FROM audit_auditentry WHERE seq = 3")
    for seq in (4, 5, 6):
        tamper("UPDATE audit_auditentry SET seq = %s WHERE seq = %s", [seq - 1, seq])
    verify_fails_at(3, "broken_link")


def test_swapped_entries_are_named(chain, tamper):
    tamper("UPDATE audit_auditentry SET seq = 1000 WHERE seq = 3")
    tamper("UPDATE audit_auditentry SET seq = 3 WHERE seq = 4")
    tamper("UPDATE audit_auditentry SET seq = 4 WHERE seq = 1000")
    verify_fails_at(3, "out_of_order")


def test_a_backdated_entry_appended_with_a_valid_hash_is_named(chain, tamper, admin_user):
    head = chain[-1]
    fields = {name: getattr(head, name) for name in HASHED_FIELDS}
    fields.update(seq=7, prev_hash=head.hash, occurred_at=chain[1].occurred_at - timedelta(days=1))
    forged_hash = entry_hash(fields)
    tamper(
        "INSERT INTO audit_auditentry (seq, occurred_at, actor_id, actor_label, action, object_type, object_id,"
        " object_repr, process_id, data, data_digest, prev_hash, hash)"
        " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
        [
            7,
            fields["occurred_at"],
            admin_user.pk,
            head.actor_label,
            head.action,
            head.object_type,
            head.object_id,
            head.object_repr,
            None,
            '{"n": 6, "note": "bước 6"}',
            head.data_digest,
            head.hash,
            forged_hash,
        ],
    )
    verify_fails_at(7, "out_of_order")


def test_removing_the_newest_entries_is_caught_with_the_written_down_head(chain, tamper):
    written_down = f"{chain[-1].seq}:{chain[-1].hash}"
    tamper("DELETE FROM audit_auditentry WHERE seq >= 5")
    call_command("audit_verify")  # the shortened chain is consistent in itself…
    with pytest.raises(CommandError) as exc:  # …but not with the head the inspector wrote down
        call_command("audit_verify", expect_head=written_down)
    assert "entry #6:" in str(exc.value)


def test_a_rewritten_head_differs_from_the_written_down_one(chain, tamper):
    with pytest.raises(CommandError) as exc:
        call_command("audit_verify", expect_head=f"6:{'a' * 64}")
    assert "entry #6: head_mismatch" in str(exc.value)


def test_the_written_down_head_must_be_well_formed(chain):
    with pytest.raises(CommandError):
        call_command("audit_verify", expect_head="6:abc")


# --- append-only ------------------------------------------------------------------------------------------


def test_the_database_refuses_update_and_delete(chain):
    assert guards.installed(connection)
    for sql in ("UPDATE audit_auditentry SET action = 'x' WHERE seq = 2", "DELETE FROM audit_auditentry"):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
    assert AuditEntry.objects.count() == 6
    assert AuditEntry.objects.get(seq=2).action == "test.step"
    assert verify_chain().ok


def test_the_orm_refuses_changes(chain):
    entry = AuditEntry.objects.get(seq=2)
    entry.action = "test.changed"
    refused = [
        entry.save,
        entry.delete,
        lambda: AuditEntry.objects.filter(seq=2).update(action="x"),
        lambda: AuditEntry.objects.filter(seq=2).delete(),
        lambda: AuditEntry.objects.all().delete(),
        lambda: AuditEntry.objects.bulk_update([entry], ["action"]),
        lambda: AuditEntry.objects.update_or_create(seq=2, defaults={"action": "x"}),
    ]
    for attempt in refused:
        with pytest.raises(AuditLogIsAppendOnly):
            attempt()
    assert AuditEntry.objects.get(seq=2).action == "test.step"
    assert AuditEntry.objects.count() == 6


def test_a_user_named_in_the_log_cannot_be_deleted(chain, admin_user):
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        admin_user.delete()


def test_a_citizen_is_recorded_as_anonymous_and_a_job_as_system():
    from django.contrib.auth.models import AnonymousUser

    assert record("test.public", actor=AnonymousUser()).actor_label == "anonymous"
    assert record("test.job", actor=None).actor_label == "system"
    assert verify_chain().ok


@pytest.mark.django_db(transaction=True)
def test_flush_empties_the_log_and_keeps_the_guards(admin_user):
    record("test.step", actor=admin_user)
    call_command("flush", interactive=False)
    assert AuditEntry.objects.count() == 0
    assert len(guards.installed(connection)) == 2


# --- admin ------------------------------------------------------------------------------------------------


def test_the_admin_lists_and_filters_entries_read_only(chain, admin_user, client_for):
    client = client_for(admin_user)
    listing = client.get("/admin/audit/auditentry/?action=test.step")
    assert listing.status_code == 200
    assert b"test.step" in listing.content
    entry = chain[2]
    assert client.get(f"/admin/audit/auditentry/{entry.pk}/change/").status_code == 200  # view only
    assert client.get("/admin/audit/auditentry/add/").status_code == 403
    assert client.post(f"/admin/audit/auditentry/{entry.pk}/change/", {"action": "x"}).status_code == 403
    assert client.post(f"/admin/audit/auditentry/{entry.pk}/delete/", {"post": "yes"}).status_code == 403
    bulk = client.post(
        "/admin/audit/auditentry/",
        {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"},
    )
    assert bulk.status_code in (200, 302)
    assert AuditEntry.objects.count() == 6
    assert AuditEntry.objects.get(pk=entry.pk).action == "test.step"
    assert verify_chain().ok
