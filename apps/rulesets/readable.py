"""Rule values as a person reads them ("Years of recognised, concrete achievements required: 3 years"), for the
history and timelines that show a procedure's snapshot of its rule set (registered with ``apps.audit.rendering``)."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from apps.audit.rendering import plain

from .parameters import PARAMETERS

UNITS = {
    "_years": lambda n: ngettext("%(n)s year", "%(n)s years", n) % {"n": n},
    "_months": lambda n: ngettext("%(n)s month", "%(n)s months", n) % {"n": n},
    "_days": lambda n: ngettext("%(n)s day", "%(n)s days", n) % {"n": n},
}


def _value(key, value):
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, int):
        for suffix, unit in UNITS.items():
            if key.endswith(suffix):
                return unit(value)
    return plain(value)


def rule_values(snapshot):
    """``[(label, text)]`` for a snapshot ``{parameter: value}``; unknown parameters keep their key."""
    if not isinstance(snapshot, dict):
        return _value("", snapshot)
    shown = []
    for key, value in snapshot.items():
        param = PARAMETERS.get(key)
        label = str(param.label) if param is not None else key.replace("_", " ")
        shown.append((label, _value(key, value)))
    return shown
