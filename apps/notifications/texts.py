"""Notifications rendered in the reader's language: the event is stored, the words are made at read time.

``Text(msgid, **params)`` is a message still to be translated: its English msgid (marked with ``gettext_noop``
where it is written, so the catalogue has it) and its parameters, each a plain value, another ``Text`` or a lazy
translation (a step's title, a procedure's name). ``str(text)`` renders it in the active language; ``as_data()``
is what ``Notification.message`` keeps, and ``render(data)`` makes it again — in the reader's language — when the
list, the bell or the e-mail shows it. A notification written before this (no ``message``) shows its stored text.
"""

from django.utils.functional import Promise
from django.utils.translation import gettext, pgettext


class Text:
    def __init__(self, msgid, **params):
        self.msgid = msgid
        self.params = params

    def __str__(self):
        return render(self.as_data())

    def as_data(self):
        return {"msgid": self.msgid, "params": {name: _value(v) for name, v in self.params.items()}}


def _value(value):
    if isinstance(value, Text):
        return value.as_data()
    if isinstance(value, Promise):
        func, args = value.__reduce__()[1][:2]
        if func is gettext or getattr(func, "__name__", "") == "gettext":
            return {"msgid": args[0], "params": {}}
        if func is pgettext or getattr(func, "__name__", "") == "pgettext":
            return {"msgid": args[1], "context": args[0], "params": {}}
        return str(value)
    if isinstance(value, int | float | str) or value is None:
        return value
    return str(value)


def render(data):
    """The text of `data` (``Text.as_data()``) in the active language; a plain value as it is."""
    if not isinstance(data, dict):
        return "" if data is None else str(data)
    if "context" in data:
        template = pgettext(data["context"], data["msgid"])
    else:
        template = gettext(data["msgid"]) if data.get("msgid") else ""
    params = {name: render(value) for name, value in (data.get("params") or {}).items()}
    try:
        return template.format(**params) if params else template
    except (KeyError, IndexError, ValueError):  # a translation that lost a placeholder: the English words
        return data["msgid"].format(**params)
