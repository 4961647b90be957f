"""Audit app services: the only writers of the audit log and of violation reports.

``record(action, obj=None, *, actor, data=None, process_id=None)`` is what every other app's services call.
"""

from .log import GENESIS_HASH, canonical_json, data_digest, entry_hash, record, record_many

__all__ = ["GENESIS_HASH", "canonical_json", "data_digest", "entry_hash", "record", "record_many"]
