"""Walking the audit chain and naming the first broken entry.

Used by ``manage.py audit_verify`` and by the inspection pages' "verify now" job: one implementation.
The walk reads the log in `seq` order in keyset batches (``seq > last`` … ``LIMIT batch``), so memory stays
constant whatever the size of the log and no cursor is held open between batches.

Three things are checked: the chain (each entry's hash over its content and the previous hash), the key (each
entry's HMAC under a key outside the database, ``apps.audit.keys``: a row appended without the key fails), and
the heads kept outside the table (signed checkpoints, ``apps.audit.checkpoints``, and a head written down by an
inspector: removing the newest entries leaves a chain that is intact in itself, only an outside head reveals it).

Entries written before the key existed carry no MAC ("legacy"). They may only come before the first
authenticated entry, whose MAC vouches for them through the chain; when no authenticated entry or checkpoint
follows them they are reported as unauthenticated, not passed silently.
"""

import time
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from . import keys
from .models import AuditEntry
from .services.log import GENESIS_HASH, HASHED_FIELDS, data_digest, entry_hash

#: problem code -> what it means (the first problem found on the first broken entry is reported)
PROBLEMS = {
    "missing_entry": _("entries are missing before this one (sequence gap): removed rows"),
    "broken_link": _(
        "its previous-hash does not match the entry before it: an entry was removed, inserted or moved"
    ),
    "out_of_order": _("it is out of order: dated before the entry it follows, or swapped with a neighbour"),
    "data_altered": _("its data no longer matches its data digest: the data was altered"),
    "metadata_altered": _(
        "its hash no longer matches its content: who, what, when, the object or the digest was altered"
    ),
    "head_mismatch": _(
        "it differs from the head hash written down for it: the newest entries were rewritten"
    ),
    "unauthenticated": _(
        "it carries no authentication code although entries before it do: it was written without the key"
    ),
    "mac_invalid": _("its authentication code is wrong: it was written or changed without the key"),
    "unknown_key": _(
        "it names a key that is not configured: forged, or an old key was removed from the settings"
    ),
    "checkpoint_invalid": _(
        "the newest checkpoint's signature is wrong: the checkpoint file was forged or altered"
    ),
}

_COLUMNS = ("data", "hash", "key_id", "mac", *[name for name in HASHED_FIELDS])


@dataclass
class VerificationResult:
    ok: bool
    entries_checked: int
    head_seq: int | None
    head_hash: str
    elapsed: float
    broken_seq: int | None = None
    problem: str = ""
    detail: str = ""
    #: walked from the start (0) or after this entry (``--from-checkpoint``)
    started_after: int = 0
    #: entries without a MAC (written before the key existed) that were walked
    legacy_entries: int = 0
    #: legacy entries that no later authenticated entry or checkpoint vouches for
    unauthenticated_entries: int = 0
    #: the checkpoint the log was checked against, if any
    checkpoint_seq: int | None = None

    @property
    def problem_text(self):
        return str(PROBLEMS.get(self.problem, ""))


def _batches(batch_size, after_seq=0):
    last_seq = after_seq
    while True:
        rows = list(
            AuditEntry.objects.filter(seq__gt=last_seq).order_by("seq").values_list(*_COLUMNS)[:batch_size]
        )
        if not rows:
            return
        yield [dict(zip(_COLUMNS, row, strict=True)) for row in rows]
        last_seq = rows[-1][_COLUMNS.index("seq")]


def check_entry(entry, previous, following=None):
    """``(broken seq, problem, detail)`` for the first problem with `entry` given the entry before it
    (``None`` at the start), or ``None`` when it is sound.

    A gap names the first missing sequence number. `following` (the next entry, when known) only sharpens
    the diagnosis of a broken link: when the next entry links to `previous`, the two were swapped.
    """
    expected_seq = previous["seq"] + 1 if previous else 1
    expected_prev = previous["hash"] if previous else GENESIS_HASH
    seq = entry["seq"]
    if seq != expected_seq:
        return expected_seq, "missing_entry", f"expected #{expected_seq}, found #{seq}"
    if entry["prev_hash"] != expected_prev:
        if following is not None and following["prev_hash"] == expected_prev:
            detail = f"#{following['seq']} links to #{expected_seq - 1}; #{seq} does not"
            return seq, "out_of_order", detail
        return seq, "broken_link", f"prev_hash {entry['prev_hash'][:12]}… ≠ {expected_prev[:12]}…"
    if previous and entry["occurred_at"] < previous["occurred_at"]:
        detail = f"{entry['occurred_at'].isoformat()} < {previous['occurred_at'].isoformat()}"
        return seq, "out_of_order", detail
    if data_digest(entry["data"]) != entry["data_digest"]:
        return seq, "data_altered", "data digest mismatch"
    if entry_hash(entry) != entry["hash"]:
        return seq, "metadata_altered", "hash mismatch"
    return None


def check_mac(entry, authenticated_before):
    """``(seq, problem, detail)`` when `entry`'s MAC is wrong, or missing although an entry before it
    (`authenticated_before`) had one; ``None`` when sound or a legacy entry of the leading part."""
    seq = entry["seq"]
    if not entry["mac"]:
        if authenticated_before:
            return seq, "unauthenticated", "no authentication code"
        return None
    try:
        expected = keys.entry_mac(entry["key_id"], seq, entry["hash"])
    except keys.UnknownKey:
        return seq, "unknown_key", f"key id {entry['key_id']!r}"
    if not keys.matches(expected, entry["mac"]):
        return seq, "mac_invalid", f"key id {entry['key_id']!r}"
    return None


def _check_expected_heads(entry, heads):
    """A head kept outside the table, ``(seq, hash)``, must still be in the chain unchanged."""
    expected = heads.get(entry["seq"])
    if expected is not None and entry["hash"] != expected:
        return entry["seq"], "head_mismatch", f"hash {entry['hash'][:12]}… ≠ kept {expected[:12]}…"
    return None


def _start_row(seq):
    row = AuditEntry.objects.filter(seq=seq).values_list(*_COLUMNS).first()
    return dict(zip(_COLUMNS, row, strict=True)) if row else None


def verify_chain(batch_size=2000, progress=None, expected_head=None, checkpoint=None, from_checkpoint=False):
    """Walk the chain; stop at the first broken entry. `progress(checked)` is called per batch.

    `expected_head` (written down by an inspector) and `checkpoint` (a signed checkpoint whose signature the
    caller checked) are ``(seq, hash)`` pairs kept outside the table: each must still be in the chain unchanged.
    The checkpoint also vouches for the legacy entries up to it. With `from_checkpoint` only the entries after
    the checkpoint are walked, after checking that its entry is still there with that hash.
    """
    started = time.perf_counter()
    heads = {}
    if expected_head:
        heads[expected_head[0]] = expected_head[1]
    if checkpoint:
        heads[checkpoint[0]] = checkpoint[1]
    previous, checked, pending = None, 0, None
    state = {"authenticated": False, "legacy": 0, "legacy_last": 0, "last_mac": 0}
    start_seq = checkpoint[0] if checkpoint and from_checkpoint else 0

    def result(ok, broken=None, problem="", detail=""):
        vouched = max(state["last_mac"], checkpoint[0] if checkpoint and not broken else 0)
        legacy_first = state["legacy_last"] - state["legacy"] + 1
        unauthenticated = (
            max(0, state["legacy_last"] - max(vouched, legacy_first - 1)) if state["legacy"] else 0
        )
        return VerificationResult(
            ok=ok,
            entries_checked=checked,
            head_seq=previous["seq"] if previous else None,
            head_hash=previous["hash"] if previous else GENESIS_HASH,
            elapsed=time.perf_counter() - started,
            broken_seq=broken,
            problem=problem,
            detail=detail,
            started_after=start_seq,
            legacy_entries=state["legacy"],
            unauthenticated_entries=0 if broken else unauthenticated,
            checkpoint_seq=checkpoint[0] if checkpoint else None,
        )

    if start_seq:
        # the entries up to the checkpoint are not walked: the kept heads among them are looked up one by one
        for seq in sorted((seq for seq in heads if seq <= start_seq), reverse=True):
            row = _start_row(seq)
            if row is None:
                return result(False, seq, "missing_entry", f"entry #{seq}, kept outside the table, is gone")
            failure = _check_expected_heads(row, heads)
            if failure:
                return result(False, *failure)
        previous = _start_row(start_seq)
        state["authenticated"] = bool(previous["mac"])
        if previous["mac"]:
            state["last_mac"] = start_seq

    def check(entry, following=None):
        failure = (
            check_entry(entry, previous, following)
            or check_mac(entry, state["authenticated"])
            or _check_expected_heads(entry, heads)
        )
        if failure is None:
            if entry["mac"]:
                state["authenticated"], state["last_mac"] = True, entry["seq"]
            else:
                state["legacy"], state["legacy_last"] = state["legacy"] + 1, entry["seq"]
        return failure

    # `pending` lags one entry behind the reader so each check can peek at the entry after it
    for batch in _batches(batch_size, start_seq):
        for entry in batch:
            if pending is not None:
                failure = check(pending, entry)
                if failure:
                    return result(False, *failure)
                previous, checked = pending, checked + 1
            pending = entry
        if progress:
            progress(checked)
    if pending is not None:
        failure = check(pending)
        if failure:
            return result(False, *failure)
        previous, checked = pending, checked + 1
    newest_kept = max(heads, default=0)
    if newest_kept and (previous is None or previous["seq"] < newest_kept):
        detail = f"the chain ends at #{previous['seq'] if previous else 0}"
        return result(False, newest_kept, "missing_entry", detail)
    return result(True)
