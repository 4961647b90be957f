"""Signed checkpoints of the audit log's head, kept outside the table.

Removing the newest entries leaves a chain that is intact in itself; only a head kept elsewhere reveals it. Every
day (``audit.publish_checkpoint``, or ``manage.py audit_checkpoint``) the head — sequence and hash — is

1. verified first (the entries since the last checkpoint), so a tampered head is never signed;
2. signed with the audit key (HMAC, ``apps.audit.keys.checkpoint_mac``): a checkpoint file written by someone
   without the key is refused;
3. written as a JSON file to private storage (``AUDIT_CHECKPOINT_DIR``,
   ``checkpoint-<seq, 12 digits>-<UTC time>.json``: the names sort oldest to newest);
4. e-mailed to the inspection commission (every active user holding the inspection role), who keep it outside
   the system; a ``.sent`` marker next to the file records that it went out, so a failed e-mail is retried.

``audit_verify`` checks the log against the newest checkpoint by default (``verify_log``): its entry must still be
there with that hash, so the truncation of the newest entries fails verification; ``--from-checkpoint`` walks
only the entries after it.
"""

import json
import logging
import posixpath
import time
from dataclasses import asdict, dataclass
from datetime import UTC, datetime

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.mail import send_mass_mail
from django.utils import translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from apps.core.storage import private_storage

from . import keys
from .verify import VerificationResult, verify_chain

logger = logging.getLogger(__name__)

FORMAT = "cadreflow-audit-checkpoint/1"
_PREFIX = "checkpoint-"
_SENT = ".sent"


class CheckpointInvalid(Exception):
    """The newest checkpoint file cannot be read or its signature is wrong."""


class ChainBroken(Exception):
    """The log failed verification: no checkpoint is signed over a broken chain."""

    def __init__(self, result):
        super().__init__(
            f"audit chain broken at entry #{result.broken_seq}: {result.problem} ({result.detail})"
        )
        self.result = result


@dataclass(frozen=True)
class Checkpoint:
    seq: int
    hash: str
    created_at: str
    key_id: str
    mac: str
    format: str = FORMAT

    @classmethod
    def sign(cls, seq, head_hash, created_at=None):
        key_id = keys.current_key_id()
        created_at = created_at or datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        return cls(
            seq, head_hash, created_at, key_id, keys.checkpoint_mac(key_id, seq, head_hash, created_at)
        )

    @classmethod
    def from_json(cls, text):
        try:
            fields = json.loads(text)
            checkpoint = cls(
                seq=int(fields["seq"]),
                hash=str(fields["hash"]),
                created_at=str(fields["created_at"]),
                key_id=str(fields["key_id"]),
                mac=str(fields["mac"]),
                format=str(fields["format"]),
            )
        except (ValueError, KeyError, TypeError) as exc:
            raise CheckpointInvalid(f"unreadable checkpoint: {exc}") from None
        if checkpoint.format != FORMAT:
            raise CheckpointInvalid(f"unknown checkpoint format {checkpoint.format!r}")
        return checkpoint

    def to_json(self):
        return json.dumps(asdict(self), indent=2, sort_keys=True) + "\n"

    @property
    def head(self):
        return self.seq, self.hash

    @property
    def file_name(self):
        stamp = self.created_at.replace("-", "").replace(":", "").replace(".", "")
        return f"{_PREFIX}{self.seq:012d}-{stamp}.json"

    def signature_ok(self):
        try:
            expected = keys.checkpoint_mac(self.key_id, self.seq, self.hash, self.created_at)
        except keys.UnknownKey:
            return False
        return keys.matches(expected, self.mac)


def _path(name):
    return posixpath.join(settings.AUDIT_CHECKPOINT_DIR, name)


def stored_names():
    """Checkpoint file names, oldest first."""
    if not private_storage.exists(settings.AUDIT_CHECKPOINT_DIR):
        return []
    files = private_storage.listdir(settings.AUDIT_CHECKPOINT_DIR)[1]
    return sorted(name for name in files if name.startswith(_PREFIX) and name.endswith(".json"))


def read(name):
    with private_storage.open(_path(name), "rb") as handle:
        return Checkpoint.from_json(handle.read().decode("utf-8", errors="replace"))


def newest():
    """``(name, checkpoint)`` of the newest checkpoint file, or ``(None, None)``; raises ``CheckpointInvalid`` when
    it cannot be read or its signature is wrong."""
    names = stored_names()
    if not names:
        return None, None
    checkpoint = read(names[-1])
    if not checkpoint.signature_ok():
        raise CheckpointInvalid(f"{names[-1]}: wrong signature (key id {checkpoint.key_id!r})")
    return names[-1], checkpoint


def verify_log(
    batch_size=2000, progress=None, expected_head=None, from_checkpoint=False, use_checkpoint=True
):
    """What ``audit_verify`` and "verify now" run: the chain, the MACs, and the newest signed checkpoint (and a
    written-down head). A forged or unreadable newest checkpoint fails verification."""
    checkpoint = None
    if use_checkpoint:
        try:
            checkpoint = newest()[1]
        except CheckpointInvalid as exc:
            return VerificationResult(
                ok=False,
                entries_checked=0,
                head_seq=None,
                head_hash="",
                elapsed=0.0,
                problem="checkpoint_invalid",
                detail=str(exc),
            )
    return verify_chain(
        batch_size=batch_size,
        progress=progress,
        expected_head=expected_head,
        checkpoint=checkpoint.head if checkpoint else None,
        from_checkpoint=from_checkpoint and checkpoint is not None,
    )


def create_checkpoint():
    """Verify the entries since the last checkpoint, then sign and store the head. Returns ``(checkpoint, name,
    written)``; ``written`` is false when the head has not moved since the newest checkpoint. ``(None, None,
    False)`` for an empty log. Raises ``ChainBroken`` (nothing is signed) when verification fails."""
    started = time.perf_counter()
    result = verify_log(from_checkpoint=True)
    if not result.ok:
        raise ChainBroken(result)
    if result.head_seq is None:
        return None, None, False
    name, last = newest()
    if last is not None and last.head == (result.head_seq, result.head_hash):
        return last, name, False
    checkpoint = Checkpoint.sign(result.head_seq, result.head_hash)
    name = private_storage.save(_path(checkpoint.file_name), ContentFile(checkpoint.to_json().encode()))
    logger.info(
        "audit checkpoint #%s %s written to %s (%.2f s)",
        checkpoint.seq,
        checkpoint.hash,
        name,
        time.perf_counter() - started,
    )
    return checkpoint, posixpath.basename(name), True


def inspection_recipients():
    """E-mail addresses of the inspection commission: ``settings.AUDIT_CHECKPOINT_RECIPIENTS`` names the function
    (``apps.accounts.permissions.inspection_emails``): the log is below the accounts and knows no roles."""
    return list(import_string(settings.AUDIT_CHECKPOINT_RECIPIENTS)())


def _message(checkpoint):
    subject = _("Audit log checkpoint: entry #{seq}").format(seq=checkpoint.seq)
    body = _(
        "The audit log of CadreFlow was verified and its newest entry signed.\n\n"
        "Entry: #{seq}\nHash: {hash}\nSigned at (UTC): {created_at}\nKey: {key_id}\nSignature: {mac}\n\n"
        "Keep this e-mail outside the system. To check that no entry up to this one was removed or changed, an "
        "administrator runs:\n\n    manage.py audit_verify --expect-head {seq}:{hash}\n\n"
        "The checkpoint file (JSON) follows.\n\n{json}"
    ).format(json=checkpoint.to_json(), **asdict(checkpoint))
    return subject, body


def email_checkpoint(checkpoint):
    """Send `checkpoint` to the inspection commission; returns the number of recipients."""
    recipients = inspection_recipients()
    if not recipients:
        logger.warning("audit checkpoint #%s: no inspection commission member with an e-mail", checkpoint.seq)
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        subject, body = _message(checkpoint)
    send_mass_mail([(subject, body, settings.DEFAULT_FROM_EMAIL, [email]) for email in recipients])
    return len(recipients)


def publish():
    """Create the checkpoint (when the head moved) and e-mail the newest one if it has not gone out yet. Returns
    what it did (the job's record). An e-mail failure raises after the file is written; the retry sends it."""
    checkpoint, name, written = create_checkpoint()
    if checkpoint is None:
        return {"checkpoint": None}
    outcome = {"checkpoint": checkpoint.seq, "hash": checkpoint.hash, "file": name, "written": written}
    marker = _path(name + _SENT)
    if private_storage.exists(marker):
        return {**outcome, "emailed": 0}
    sent = email_checkpoint(checkpoint)
    if sent:
        private_storage.save(marker, ContentFile(f"{datetime.now(UTC).isoformat()} {sent}\n".encode()))
    return {**outcome, "emailed": sent}
