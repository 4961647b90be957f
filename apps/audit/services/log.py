"""Writing the audit log. Called by every service, inside the service's transaction.

The hash of an entry covers every stored field of it (sequence, time, actor id and label, action, object type,
id and label, procedure, data digest) and the previous entry's hash; ``apps.audit.verify`` recomputes it with
the same ``entry_hash``. The entry also stores ``mac``, the HMAC of its hash under the current key
(``apps.audit.keys``), and that key's id, so that a row appended by someone without the key fails verification.
"""

import hashlib
import json
from datetime import UTC

from django.db import connection, transaction
from django.utils import timezone

from apps.core.bulk_insert import insert_rows

from .. import keys
from ..models import AuditEntry

GENESIS_HASH = "0" * 64
_PG_LOCK_KEY = 7_305_001  # advisory lock id that serialises appends on PostgreSQL

#: the entry fields the hash covers, in hashing order (prev_hash first)
HASHED_FIELDS = (
    "prev_hash",
    "seq",
    "occurred_at",
    "actor_id",
    "actor_label",
    "action",
    "object_type",
    "object_id",
    "object_repr",
    "process_id",
    "data_digest",
)


def canonical_json(value):
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


def data_digest(data):
    return hashlib.sha256(canonical_json(data).encode()).hexdigest()


def _timestamp(value):
    """One spelling of an instant whatever the database returned it as (UTC, microseconds)."""
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def entry_hash(fields):
    """SHA-256 over the canonical JSON list of `fields` (a mapping with every name in ``HASHED_FIELDS``)."""
    values = [fields[name] for name in HASHED_FIELDS]
    values[HASHED_FIELDS.index("occurred_at")] = _timestamp(fields["occurred_at"])
    return hashlib.sha256(canonical_json(values).encode()).hexdigest()


def _lock_chain_and_read_clock():
    """Serialise appends and return the time to stamp the entry with.

    PostgreSQL: a transaction-scoped advisory lock (released at commit), then the database's clock, so that
    entries written by several web nodes are stamped by one clock in the order they were chained.
    Before the lock, the foreign keys written so far in the transaction are checked (``SET CONSTRAINTS ALL
    IMMEDIATE``, then back to deferred): those checks take key-share locks on the rows referred to, and taken at
    COMMIT — after this lock — they waited for a row another transaction had locked while it waited for this
    lock: a deadlock (issue 13). Row locks first, the chain's lock last, in every transaction.
    SQLite: transactions are IMMEDIATE (settings), so the writer already holds the database lock.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE; SET CONSTRAINTS ALL DEFERRED")
            cursor.execute("SELECT pg_advisory_xact_lock(%s), clock_timestamp()", [_PG_LOCK_KEY])
            return cursor.fetchone()[1]
    return timezone.now()


def describe(obj):
    if obj is None:
        return "", "", ""
    meta = obj._meta
    return f"{meta.app_label}.{meta.model_name}", str(obj.pk), str(obj)[:300]


def _actor_label(actor):
    if actor is None:
        return "system"
    if not getattr(actor, "is_authenticated", True):
        return "anonymous"
    return actor.get_username()[:200]


def record(action, obj=None, *, actor, data=None, process_id=None):
    """Append one entry: `actor` did `action` to `obj`; `data` is what changed (JSON-safe values).

    `actor` is a user, ``None`` for the system (a scheduled job) or an anonymous user (a citizen).

    Inside a caller's transaction (every service) the entry joins it without a savepoint: an error here is raised
    on and rolls the caller's work back with it, so a savepoint would only cost two round trips per entry.
    """
    key_id = keys.current_key_id()  # refuses before writing anything when no key is configured
    with transaction.atomic(savepoint=False):
        return _append(key_id, action, obj, actor=actor, data=data, process_id=process_id)


def _append(key_id, action, obj, *, actor, data, process_id):
    now = _lock_chain_and_read_clock()
    last = AuditEntry.objects.order_by("-seq").values_list("seq", "hash", "occurred_at").first()
    seq, prev_hash = (last[0] + 1, last[1]) if last else (1, GENESIS_HASH)
    # never earlier than the entry before it: a clock stepped back must not make the chain look reordered
    occurred_at = max(now, last[2]) if last else now
    object_type, object_id, object_repr = describe(obj)
    data = json.loads(canonical_json(data or {}))
    fields = {
        "prev_hash": prev_hash,
        "seq": seq,
        "occurred_at": occurred_at,
        "actor_id": getattr(actor, "pk", None),
        "actor_label": _actor_label(actor),
        "action": action,
        "object_type": object_type,
        "object_id": object_id,
        "object_repr": object_repr,
        "process_id": process_id,
        "data_digest": data_digest(data),
    }
    digest = entry_hash(fields)
    entry = AuditEntry(
        data=data, hash=digest, key_id=key_id, mac=keys.entry_mac(key_id, seq, digest), **fields
    )
    entry.save(force_insert=True)
    return entry


@transaction.atomic
def record_many(entries, *, actor, batch_size=500):
    """Append several entries at once, in order — the same entries as that many ``record`` calls (same chain,
    hashes and MACs), for a bulk write such as the registry import (``apps.imports``). `entries` is an iterable
    of ``(action, obj, data)``. Returns how many were appended."""
    key_id = keys.current_key_id()
    now = _lock_chain_and_read_clock()
    last = AuditEntry.objects.order_by("-seq").values_list("seq", "hash", "occurred_at").first()
    seq, prev_hash = (last[0], last[1]) if last else (0, GENESIS_HASH)
    occurred_at = max(now, last[2]) if last else now
    actor_id, actor_label = getattr(actor, "pk", None), _actor_label(actor)

    def rows():
        nonlocal seq, prev_hash
        for action, obj, data in entries:
            seq += 1
            object_type, object_id, object_repr = describe(obj)
            data = json.loads(canonical_json(data or {}))
            fields = {
                "prev_hash": prev_hash,
                "seq": seq,
                "occurred_at": occurred_at,
                "actor_id": actor_id,
                "actor_label": actor_label,
                "action": action,
                "object_type": object_type,
                "object_id": object_id,
                "object_repr": object_repr,
                "process_id": None,
                "data_digest": data_digest(data),
            }
            prev_hash = entry_hash(fields)
            yield {
                **fields,
                "data": data,
                "hash": prev_hash,
                "key_id": key_id,
                "mac": keys.entry_mac(key_id, seq, prev_hash),
            }

    # rows appended with executemany: no AuditEntry instance nor compiled INSERT per few dozen entries
    return insert_rows(AuditEntry, rows(), batch_size=batch_size)
