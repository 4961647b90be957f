"""The key that authenticates the audit log, which the database does not hold.

The hash chain (``services.log.entry_hash``) catches an altered, removed or reordered entry, but anyone who can
write to the table can append an entry with a correctly computed hash. So each entry also carries
``mac = HMAC-SHA256(key, "entry:<seq>:<hash>")`` under the key named by its ``key_id``: the entry's hash covers
its content and the previous entry's hash, so one valid MAC vouches for the whole chain up to it, and a row
forged without the key fails verification. Checkpoints of the head are signed the same way (``checkpoint_mac``).

Keys come from the environment (settings ``AUDIT_HMAC_KEYS`` id -> key, ``AUDIT_HMAC_KEY_ID`` the current one).
Rotation: a new id for the new key, the old ids kept in ``CADREFLOW_AUDIT_HMAC_OLD_KEYS`` so older entries still
verify. In production the key is required (system check ``audit.E001``); development derives one.
"""

import hashlib
import hmac

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

MIN_KEY_LENGTH = 32


class UnknownKey(Exception):
    """An entry or checkpoint names a key id that is not configured."""


def current_key_id():
    key_id = getattr(settings, "AUDIT_HMAC_KEY_ID", "")
    if not key_id or key_id not in keys():
        raise ImproperlyConfigured(
            "The audit log's key is not configured: set CADREFLOW_AUDIT_HMAC_KEY (and CADREFLOW_AUDIT_HMAC_KEY_ID)"
        )
    return key_id


def keys():
    return getattr(settings, "AUDIT_HMAC_KEYS", None) or {}


def _key(key_id):
    try:
        return keys()[key_id].encode()
    except KeyError:
        raise UnknownKey(key_id) from None


def _mac(key_id, message):
    return hmac.new(_key(key_id), message.encode(), hashlib.sha256).hexdigest()


def entry_mac(key_id, seq, entry_hash):
    return _mac(key_id, f"cadreflow-audit-entry:{seq}:{entry_hash}")


def checkpoint_mac(key_id, seq, head_hash, created_at):
    return _mac(key_id, f"cadreflow-audit-checkpoint:{seq}:{head_hash}:{created_at}")


def matches(expected, given):
    return hmac.compare_digest(expected, given or "")


@checks.register(checks.Tags.security, deploy=False)
def check_audit_key(app_configs=None, **kwargs):
    """audit.E001: no key with DEBUG off (entries could be forged); audit.E002: a key too short to be secret."""
    errors = []
    if not settings.DEBUG and not getattr(settings, "AUDIT_HMAC_KEY", ""):
        errors.append(
            checks.Error(
                "CADREFLOW_AUDIT_HMAC_KEY is not set: the audit log cannot be authenticated.",
                hint="Generate one with: python -c 'import secrets; print(secrets.token_urlsafe(48))' and keep it "
                "outside the database (environment or secret store).",
                id="audit.E001",
            )
        )
    for key_id, key in keys().items():
        if not settings.DEBUG and len(key) < MIN_KEY_LENGTH:
            errors.append(
                checks.Error(
                    f"The audit log key {key_id!r} is shorter than {MIN_KEY_LENGTH} characters.",
                    id="audit.E002",
                )
            )
    return errors
