"""Writing the audit log. Called by every service, inside the service's transaction."""

import hashlib
import json

from django.db import connection, transaction
from django.utils import timezone

from .models import AuditEntry

GENESIS_HASH = "0" * 64
_PG_LOCK_KEY = 7_305_001  # advisory lock id that serialises appends on PostgreSQL


def canonical_json(value):
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


def entry_hash(prev_hash, seq, occurred_at, actor_id, action, object_type, object_id, data_digest):
    payload = canonical_json(
        [prev_hash, seq, occurred_at.isoformat(), actor_id, action, object_type, object_id, data_digest]
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def _lock_chain():
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_PG_LOCK_KEY])
    # SQLite: transactions are IMMEDIATE (settings), so the writer already holds the database lock.


def describe(obj):
    if obj is None:
        return "", "", ""
    meta = obj._meta
    return f"{meta.app_label}.{meta.model_name}", str(obj.pk), str(obj)[:300]


@transaction.atomic
def record(action, obj=None, *, actor, data=None, process_id=None):
    """Append one entry: `actor` did `action` to `obj`; `data` is what changed (JSON-safe values)."""
    _lock_chain()
    last = AuditEntry.objects.order_by("-seq").values_list("seq", "hash").first()
    seq, prev_hash = (last[0] + 1, last[1]) if last else (1, GENESIS_HASH)
    object_type, object_id, object_repr = describe(obj)
    data = json.loads(canonical_json(data or {}))
    digest = hashlib.sha256(canonical_json(data).encode()).hexdigest()
    occurred_at = timezone.now()
    actor_id = getattr(actor, "pk", None)
    entry = AuditEntry(
        seq=seq,
        occurred_at=occurred_at,
        actor_id=actor_id,
        actor_label=(actor.get_username() if actor is not None else "system")[:200],
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr,
        process_id=process_id,
        data=data,
        data_digest=digest,
        prev_hash=prev_hash,
        hash=entry_hash(prev_hash, seq, occurred_at, actor_id, action, object_type, object_id, digest),
    )
    entry.save(force_insert=True)
    return entry
