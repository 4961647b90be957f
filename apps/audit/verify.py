"""Walking the audit chain and naming the first broken entry.

Used by ``manage.py audit_verify`` and by the inspection pages' "verify now" job: one implementation.
The walk reads the log in `seq` order in keyset batches (``seq > last`` … ``LIMIT batch``), so memory stays
constant whatever the size of the log and no cursor is held open between batches.
"""

import time
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

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
}

_COLUMNS = ("data", "hash", *[name for name in HASHED_FIELDS])


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

    @property
    def problem_text(self):
        return str(PROBLEMS.get(self.problem, ""))


def _batches(batch_size):
    last_seq = 0
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


def _check_expected_head(entry, expected):
    """The head an inspector wrote down, ``(seq, hash)``, must still be in the chain unchanged."""
    if expected and entry["seq"] == expected[0] and entry["hash"] != expected[1]:
        return entry["seq"], "head_mismatch", f"hash {entry['hash'][:12]}… ≠ written-down {expected[1][:12]}…"
    return None


def verify_chain(batch_size=2000, progress=None, expected_head=None):
    """Walk the whole chain; stop at the first broken entry. `progress(checked)` is called per batch.

    `expected_head` is a ``(seq, hash)`` pair written down earlier: removing or rewriting the newest entries
    leaves a chain that is intact in itself, so only a head kept outside the system reveals it.
    """
    started = time.perf_counter()
    previous, checked, pending = None, 0, None

    def result(ok, broken=None, problem="", detail=""):
        return VerificationResult(
            ok=ok,
            entries_checked=checked,
            head_seq=previous["seq"] if previous else None,
            head_hash=previous["hash"] if previous else GENESIS_HASH,
            elapsed=time.perf_counter() - started,
            broken_seq=broken,
            problem=problem,
            detail=detail,
        )

    # `pending` lags one entry behind the reader so each check can peek at the entry after it
    for batch in _batches(batch_size):
        for entry in batch:
            if pending is not None:
                failure = check_entry(pending, previous, entry) or _check_expected_head(
                    pending, expected_head
                )
                if failure:
                    return result(False, *failure)
                previous, checked = pending, checked + 1
            pending = entry
        if progress:
            progress(checked)
    if pending is not None:
        failure = check_entry(pending, previous) or _check_expected_head(pending, expected_head)
        if failure:
            return result(False, *failure)
        previous, checked = pending, checked + 1
    if expected_head and (previous is None or previous["seq"] < expected_head[0]):
        detail = f"the chain ends at #{previous['seq'] if previous else 0}"
        return result(False, expected_head[0], "missing_entry", detail)
    return result(True)
