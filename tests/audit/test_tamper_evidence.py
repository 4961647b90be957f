"""Issue 8 §4: the audit log's entries are authenticated with a key the database does not hold, and its head is
checkpointed outside the table, so a forged entry and the removal of the newest entries fail verification."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command

from apps.audit import checkpoints, keys
from apps.audit.checkpoints import verify_log
from apps.audit.models import AuditEntry, ChainVerification
from apps.audit.services import record
from apps.audit.services.log import HASHED_FIELDS, data_digest, entry_hash

pytestmark = pytest.mark.django_db

OTHER_KEY = "x" * 48


@pytest.fixture
def chain(admin_user, unit_a):
    for n in range(1, 7):
        record("test.step", unit_a, actor=admin_user, data={"n": n})
    return list(AuditEntry.objects.order_by("seq"))


def forge_next(*, key_id="", mac_key=None, data=None):
    """Append an entry the way an intruder with write access to the table would: correct sequence, link, time,
    digest and hash — but without the audit key (no MAC, or one under a key of their own)."""
    head = AuditEntry.objects.order_by("-seq").first()
    data = data or {"n": "forged"}
    fields = {name: getattr(head, name) for name in HASHED_FIELDS}
    fields.update(
        seq=head.seq + 1,
        prev_hash=head.hash,
        occurred_at=head.occurred_at + timedelta(seconds=1),
        action="cadre.decision_signed",
        data_digest=data_digest(data),
    )
    digest = entry_hash(fields)
    mac = ""
    if mac_key is not None:
        import hashlib
        import hmac

        message = f"cadreflow-audit-entry:{fields['seq']}:{digest}".encode()
        mac = hmac.new(mac_key.encode(), message, hashlib.sha256).hexdigest()
    AuditEntry(data=data, hash=digest, key_id=key_id, mac=mac, **fields).save(force_insert=True)
    return fields["seq"], digest


def fails_at(seq, problem, **options):
    with pytest.raises(CommandError) as exc:
        call_command("audit_verify", **options)
    assert exc.value.returncode == 1
    assert f"entry #{seq}: {problem}" in str(exc.value)


# --- the key ----------------------------------------------------------------------------------------------


def test_every_entry_carries_a_mac_under_the_current_key(chain, settings):
    assert {entry.key_id for entry in chain} == {settings.AUDIT_HMAC_KEY_ID}
    assert all(entry.mac == keys.entry_mac(entry.key_id, entry.seq, entry.hash) for entry in chain)


def test_a_valid_log_passes(chain, capsys):
    call_command("audit_verify")
    out = capsys.readouterr().out
    assert "entries checked: 6" in out
    assert "audit chain intact" in out
    assert "unauthenticated" not in out


def test_a_forged_entry_with_a_correct_hash_and_no_mac_fails(chain):
    seq, digest = forge_next()
    assert verify_log(use_checkpoint=False).problem == "unauthenticated"
    fails_at(seq, "unauthenticated")
    # writing the forged head down does not bless it either
    fails_at(seq, "unauthenticated", expect_head=f"{seq}:{digest}")


def test_a_forged_entry_with_a_mac_under_another_key_fails(chain, settings):
    seq, _digest = forge_next(key_id=settings.AUDIT_HMAC_KEY_ID, mac_key=OTHER_KEY)
    fails_at(seq, "mac_invalid")


def test_a_forged_entry_naming_an_unknown_key_fails(chain):
    seq, _digest = forge_next(key_id="intruder", mac_key=OTHER_KEY)
    fails_at(seq, "unknown_key")


def test_an_altered_row_still_fails(chain, tamper):
    tamper("UPDATE audit_auditentry SET object_repr = %s WHERE seq = 4", ["Sở khác"])
    fails_at(4, "metadata_altered")


def test_a_mac_copied_from_another_entry_fails(chain, tamper):
    tamper("UPDATE audit_auditentry SET mac = %s WHERE seq = 5", [chain[1].mac])
    fails_at(5, "mac_invalid")


def test_record_refuses_without_a_key_and_writes_nothing(settings, admin_user):
    settings.AUDIT_HMAC_KEYS = {}
    with pytest.raises(ImproperlyConfigured):
        record("test.step", actor=admin_user)
    assert AuditEntry.objects.count() == 0


def test_the_system_check_requires_a_key_in_production(settings):
    settings.DEBUG = False
    settings.AUDIT_HMAC_KEY = ""
    settings.AUDIT_HMAC_KEYS = {}
    assert [error.id for error in keys.check_audit_key()] == ["audit.E001"]
    settings.AUDIT_HMAC_KEY = "short"
    settings.AUDIT_HMAC_KEYS = {"1": "short"}
    assert [error.id for error in keys.check_audit_key()] == ["audit.E002"]
    settings.AUDIT_HMAC_KEY = OTHER_KEY
    settings.AUDIT_HMAC_KEYS = {"1": OTHER_KEY}
    assert keys.check_audit_key() == []
    with pytest.raises(CommandError, match="audit.E001"):
        settings.AUDIT_HMAC_KEY = ""
        call_command("check", "--deploy")


# --- rotation ---------------------------------------------------------------------------------------------


def test_rotated_keys_keep_older_entries_verifiable(settings, admin_user):
    settings.AUDIT_HMAC_KEYS = {"2025": "a" * 40}
    settings.AUDIT_HMAC_KEY_ID = "2025"
    for n in range(3):
        record("test.step", actor=admin_user, data={"n": n})
    settings.AUDIT_HMAC_KEYS = {"2025": "a" * 40, "2026": "b" * 40}
    settings.AUDIT_HMAC_KEY_ID = "2026"
    for n in range(3):
        record("test.step", actor=admin_user, data={"n": n})
    assert list(AuditEntry.objects.values_list("key_id", flat=True)) == ["2025"] * 3 + ["2026"] * 3
    assert verify_log().ok
    # the old key dropped from the settings: its entries can no longer be authenticated
    settings.AUDIT_HMAC_KEYS = {"2026": "b" * 40}
    result = verify_log()
    assert (result.ok, result.broken_seq, result.problem) == (False, 1, "unknown_key")
    # the old id given another key: every old entry's MAC is wrong
    settings.AUDIT_HMAC_KEYS = {"2025": "c" * 40, "2026": "b" * 40}
    assert (verify_log().broken_seq, verify_log().problem) == (1, "mac_invalid")


# --- entries written before the key ------------------------------------------------------------------------


def _strip_macs(tamper, up_to):
    """Make entries 1..up_to look as they were written before this version: no key id, no MAC."""
    tamper("UPDATE audit_auditentry SET key_id = '', mac = '' WHERE seq <= %s", [up_to])


def test_legacy_entries_before_the_first_authenticated_one_are_vouched_for_by_it(chain, tamper, capsys):
    _strip_macs(tamper, 3)
    result = verify_log()
    assert (result.ok, result.legacy_entries, result.unauthenticated_entries) == (True, 3, 0)
    call_command("audit_verify")
    assert (
        "vouched for through the chain by a later authenticated entry or a checkpoint: 3"
        in capsys.readouterr().out
    )


def test_a_log_of_legacy_entries_only_is_reported_unauthenticated_until_a_checkpoint(chain, tamper, capsys):
    _strip_macs(tamper, 6)
    result = verify_log()
    assert (result.ok, result.legacy_entries, result.unauthenticated_entries) == (True, 6, 6)
    call_command("audit_verify")
    assert "unauthenticated legacy entries: 6" in capsys.readouterr().out
    call_command("audit_checkpoint", no_email=True)
    result = verify_log()
    assert (result.ok, result.unauthenticated_entries, result.checkpoint_seq) == (True, 0, 6)


def test_a_legacy_looking_entry_after_an_authenticated_one_fails(chain, tamper):
    tamper("UPDATE audit_auditentry SET key_id = '', mac = '' WHERE seq = 4")
    fails_at(4, "unauthenticated")


@pytest.mark.django_db(transaction=True)
def test_migrating_an_existing_log_keeps_its_rows_as_legacy_entries_and_its_guards(admin_user):
    """Migration 0006 on a log written before it (SQLite rebuilds the table): the rows stay as they were, without a
    MAC, the append-only triggers are back, and the log verifies with its legacy entries reported."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    from apps.audit import guards

    for n in range(3):
        record("test.before_the_key", actor=admin_user, data={"n": n})
    hashes = list(AuditEntry.objects.values_list("hash", flat=True))
    triggers = guards.installed(connection)
    MigrationExecutor(connection).migrate([("audit", "0005_timeline_exports")])
    assert guards.installed(connection) == triggers
    MigrationExecutor(connection).migrate([("audit", "0006_entry_key_and_mac")])
    assert guards.installed(connection) == triggers
    assert list(AuditEntry.objects.values_list("hash", "key_id", "mac")) == [(h, "", "") for h in hashes]
    result = verify_log()
    assert (result.ok, result.legacy_entries, result.unauthenticated_entries) == (True, 3, 3)
    record("test.after_the_key", actor=admin_user)
    result = verify_log()
    assert (result.ok, result.legacy_entries, result.unauthenticated_entries) == (True, 3, 0)


# --- checkpoints ------------------------------------------------------------------------------------------


def test_removing_the_newest_entries_after_a_checkpoint_fails_by_default(chain, tamper):
    call_command("audit_checkpoint", no_email=True)
    tamper("DELETE FROM audit_auditentry WHERE seq >= 5")
    fails_at(6, "missing_entry")
    fails_at(6, "missing_entry", from_checkpoint=True)
    call_command("audit_verify", no_checkpoint=True)  # the shortened chain is consistent in itself


def test_truncation_then_new_entries_fails_at_the_checkpoint(chain, tamper, admin_user):
    call_command("audit_checkpoint", no_email=True)
    tamper("DELETE FROM audit_auditentry WHERE seq >= 5")
    for n in range(3):
        record("test.after", actor=admin_user, data={"n": n})  # the chain grows past #6 again, validly MAC'd
    fails_at(6, "head_mismatch")
    fails_at(6, "head_mismatch", from_checkpoint=True)


def test_from_checkpoint_walks_only_the_newer_entries_and_still_catches_their_tampering(
    chain, tamper, admin_user, capsys
):
    call_command("audit_checkpoint", no_email=True)
    for n in range(4):
        record("test.after", actor=admin_user, data={"n": n})
    call_command("audit_verify", from_checkpoint=True)
    out = capsys.readouterr().out
    assert "from checkpoint: #6" in out
    assert "entries checked: 4" in out
    forged_seq, _digest = forge_next()
    fails_at(forged_seq, "unauthenticated", from_checkpoint=True)


def test_from_checkpoint_still_checks_an_older_written_down_head(chain, tamper, admin_user):
    written_down = f"3:{chain[2].hash}"
    call_command("audit_checkpoint", no_email=True)
    call_command("audit_verify", from_checkpoint=True, expect_head=written_down)
    fails_at(3, "head_mismatch", from_checkpoint=True, expect_head=f"3:{'a' * 64}")


def test_the_checkpoint_file_is_signed_and_a_forged_one_fails_verification(chain, settings):
    checkpoint, name, written = checkpoints.create_checkpoint()
    assert written and (checkpoint.seq, checkpoint.hash) == (6, chain[-1].hash)
    assert checkpoints.stored_names() == [name]
    stored = checkpoints.read(name)
    assert stored == checkpoint and stored.signature_ok()
    # an intruder rewrites the log's head and writes a checkpoint that matches it, without the key
    forged = checkpoints.Checkpoint(7, "f" * 64, "2099-01-01T00:00:00.000000Z", stored.key_id, "0" * 64)
    from django.core.files.base import ContentFile

    from apps.core.storage import private_storage

    private_storage.save(f"{settings.AUDIT_CHECKPOINT_DIR}/{forged.file_name}", ContentFile(forged.to_json()))
    with pytest.raises(CommandError) as exc:
        call_command("audit_verify")
    assert "checkpoint_invalid" in str(exc.value)
    with pytest.raises(CommandError):  # and nothing is signed over it
        call_command("audit_checkpoint", no_email=True)


def test_an_unmoved_head_writes_no_second_checkpoint(chain, admin_user):
    first = checkpoints.create_checkpoint()
    again = checkpoints.create_checkpoint()
    assert again[2] is False and again[1] == first[1]
    record("test.after", actor=admin_user)
    third = checkpoints.create_checkpoint()
    assert third[2] is True and third[0].seq == 7
    assert len(checkpoints.stored_names()) == 2


def test_a_broken_log_is_not_signed(chain, tamper):
    tamper("UPDATE audit_auditentry SET action = 'x' WHERE seq = 3")
    with pytest.raises(CommandError) as exc:
        call_command("audit_checkpoint")
    assert "entry #3" in str(exc.value)
    assert checkpoints.stored_names() == []
    assert mail.outbox == []


def test_the_checkpoint_is_e_mailed_to_the_inspection_commission_once(chain, inspector, leader_a, settings):
    outcome = checkpoints.publish()
    assert outcome["written"] and outcome["emailed"] == 1
    assert [message.to for message in mail.outbox] == [[inspector.email]]
    head = AuditEntry.objects.order_by("-seq").first()  # the fixtures' role grants are audited too
    assert f"--expect-head {head.seq}:{head.hash}" in mail.outbox[0].body
    # the job runs again the same day: the head has not moved, nothing is sent twice
    assert checkpoints.publish()["emailed"] == 0
    assert len(mail.outbox) == 1


def test_a_failed_e_mail_is_sent_by_the_next_run(chain, inspector, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionRefusedError("smtp down")

    monkeypatch.setattr(checkpoints, "send_mass_mail", broken)
    with pytest.raises(ConnectionRefusedError):
        checkpoints.publish()
    assert len(checkpoints.stored_names()) == 1  # the file is written whatever the mail does
    monkeypatch.undo()
    outcome = checkpoints.publish()
    assert (outcome["written"], outcome["emailed"]) == (False, 1)
    assert len(mail.outbox) == 1


def test_the_daily_beat_job_publishes_a_checkpoint(chain, inspector, settings):
    from apps.core.jobs import job_task

    entry = settings.CELERY_BEAT_SCHEDULE["publish-audit-checkpoint"]
    job_task(entry["task"]).delay()
    assert len(checkpoints.stored_names()) == 1
    assert len(mail.outbox) == 1


def test_verify_now_checks_against_the_checkpoint(
    chain, tamper, inspector, django_capture_on_commit_callbacks
):
    from apps.audit.services.verification import request_verification

    checkpoints.create_checkpoint()
    tamper("DELETE FROM audit_auditentry WHERE seq = 6")
    with django_capture_on_commit_callbacks(execute=True):
        run = request_verification(actor=inspector)
    run.refresh_from_db()
    assert (run.status, run.broken_seq, run.problem) == (ChainVerification.Status.FAILED, 6, "missing_entry")
