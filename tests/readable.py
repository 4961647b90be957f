"""What a reader must never see in a rendered audit entry: a data key without a label, or a stored code as a value.

Used by the walk-throughs of the procedures (issue 11 §4): after a real procedure, every entry it wrote renders
with labelled keys and readable values, in Vietnamese and in English.
"""

import re

from django.utils import translation

from apps.audit.models import AuditEntry
from apps.audit.rendering import (
    BY_CADRE,
    HIDDEN,
    LABELS,
    REFERENCES,
    VALUE_RENDERERS,
    References,
    render_data,
)

#: a stored code: snake_case words ("appointed_elsewhere") or a dotted action code
CODE = re.compile(r"(?<![\w.-])[a-z]+(?:_[a-z]+)+(?![\w.-])|^[a-z_]+\.[a-z_]+$")
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


def _unlabelled_keys(data, found, where):
    for key, value in (data or {}).items():
        if key in HIDDEN or key in VALUE_RENDERERS or key == "fields":
            continue
        if key not in LABELS and key not in REFERENCES:
            found.add(f"{where}:{key}")
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, dict) and key not in REFERENCES and key not in BY_CADRE:
                _unlabelled_keys(item, found, f"{where}.{key}")
    return found


#: keys naming users: a user without a full name is shown by the username, which may look like a code ("leader_a")
USERNAMES = {key for key, (_label, model) in REFERENCES.items() if model == "accounts.User"}


def assert_readable(entries=None):
    """Every entry (default: all) has a label for each data key, and its rendered details show no code or ISO
    date in either language."""
    entries = list(AuditEntry.objects.order_by("seq") if entries is None else entries)
    assert entries
    unlabelled = set()
    for entry in entries:
        _unlabelled_keys(entry.data, unlabelled, entry.action)
    assert not unlabelled, f"data keys without a label: {sorted(unlabelled)}"
    for language in ("vi", "en"):
        with translation.override(language):
            refs = References([entry.data or {} for entry in entries])
            raw = [
                (entry.action, label, text)
                for entry in entries
                for key, value in (entry.data or {}).items()
                if key
                not in USERNAMES  # each key rendered alone, as the pages render it, to know whose text it is
                for label, text in render_data({key: value}, refs, entry.object_type)
                if CODE.search(str(text)) or ISO_DATE.search(str(text))
            ]
        assert not raw, f"raw codes or ISO dates ({language}): {raw}"
