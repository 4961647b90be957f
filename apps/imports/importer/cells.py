"""The import's cells: the typed value of one cell of the workbook (dates dd/mm/yyyy, “Có”/“Không”, choices by their
label)."""

import re
from datetime import date, datetime

from django.utils import translation
from django.utils.translation import gettext as _

from apps.core.spreadsheets import FORMULA_STARTS

from ..sheets import BOOL, CADRE, CHOICE, CODES, DATE, INT, LEVEL, TEXT, UNIT
from .report import RowError

_DATE = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*$")
_TRUE = {"1", "x", "true", "yes", "có", "co", "c", "y"}
_FALSE = {"0", "false", "no", "không", "khong", "k", "n"}


def _text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime | date):
        return value.strftime("%d/%m/%Y")
    text = str(value).strip()
    if text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
        text = text[1:]  # the apostrophe our exports put before text a spreadsheet would run as a formula
    return text


_CHOICES = {}


def _choice_lookup(column):
    """{spelling: value} of a choice column: its values and its labels in Vietnamese and English (built once)."""
    language = translation.get_language()
    key = (id(column), language)
    if key not in _CHOICES:
        lookup = {}
        for value, label in column.choices.choices:
            lookup[str(value).lower()] = value
            for lang in ("en", "vi", language):
                with translation.override(lang):
                    lookup.setdefault(" ".join(str(label).lower().split()), value)
        _CHOICES[key] = lookup
    return _CHOICES[key]


def _choice_value(column, text):
    wanted = " ".join(text.lower().split())
    lookup = _choice_lookup(column)
    if wanted in lookup:
        return lookup[wanted]
    raise RowError(
        column.key,
        _("Unknown value; expected one of: {values}.").format(
            values=", ".join(str(label) for _value, label in column.choices.choices)
        ),
        text,
    )


def parse_cell(column, value):
    """The typed value of one cell; raises ``RowError`` for a required cell left empty or a malformed one."""
    if isinstance(value, str):
        value = value.strip()
    if value is None or value == "":
        if column.required:
            raise RowError(column.key, _("This cell is required."))
        if column.kind == CODES:
            return []
        return column.default
    if column.kind in (TEXT, UNIT, LEVEL, CADRE):
        return _text(value)
    if column.kind == DATE:
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        match = _DATE.match(str(value))
        if match:
            day, month, year = (int(part) for part in match.groups())
            try:
                return date(year, month, day)
            except ValueError:
                pass
        raise RowError(column.key, _("Not a date in the form dd/mm/yyyy."), _text(value))
    if column.kind == INT:
        if isinstance(value, bool):
            raise RowError(column.key, _("Not a whole number."), _text(value))
        if isinstance(value, int):
            return value
        if isinstance(value, float) and value.is_integer():
            return int(value)
        text = _text(value)
        if re.fullmatch(r"-?\d+", text):
            return int(text)
        raise RowError(column.key, _("Not a whole number."), text)
    if column.kind == BOOL:
        if isinstance(value, bool):
            return value
        text = _text(value).lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        raise RowError(column.key, _("Expected “Có” or “Không”."), _text(value))
    if column.kind == CHOICE:
        return _choice_value(column, _text(value))
    if column.kind == CODES:
        return [code.strip() for code in re.split(r"[;,\n]", _text(value)) if code.strip()]
    raise ValueError(column.kind)
