"""Reading an uploaded workbook (XLSX) or one sheet (CSV) into rows of raw cell values keyed by column key.

Nothing here knows the registry: it finds each sheet's kind, maps its columns (by the hidden key row, or by the
Vietnamese headers when the key row is missing), and reports a wrong sheet, a wrong or missing column and an
unreadable file as ``Issue`` rows, like every other problem of the import.
"""

import csv
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePath

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from .sheets import BY_KIND, FIRST_DATA_ROW, HEADER_ROW, KEY_ROW, SHEETS

README_TITLES = ("readme", "huong-dan")


@dataclass
class Issue:
    """One problem, where it is: the sheet as named in the file, the row number, the column's letter and header."""

    sheet: str
    row: int
    column: str
    header: str
    message: str
    value: str = ""

    def as_dict(self):
        return {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "header": self.header,
            "message": self.message,
            "value": self.value,
        }


@dataclass
class RawSheet:
    sheet: object  # sheets.Sheet
    name: str  # as named in the file
    letters: dict = field(default_factory=dict)  # column key -> column letter
    rows: list = field(default_factory=list)  # (row number, {key: raw value})
    originals: list = field(default_factory=list)  # (row number, [cell values as in the file])
    header_values: list = field(default_factory=list)
    key_row: bool = False  # the sheet has the template's key row above its headers


class Unreadable(Exception):
    pass


def _norm(value):
    return " ".join(str(value or "").strip().lower().split())


def _names(sheet):
    names = {_norm(sheet.kind), _norm(sheet.title)}
    with translation.override("vi"):
        names.add(_norm(sheet.title))
    with translation.override("en"):
        names.add(_norm(sheet.title))
    return names


def _labels(column):
    labels = {_norm(column.label), _norm(column.key)}
    for language in ("vi", "en"):
        with translation.override(language):
            labels.add(_norm(column.label))
    return labels


def sheet_for_name(name):
    wanted = _norm(name)
    for sheet in SHEETS:
        if wanted in _names(sheet):
            return sheet
    return None


def is_key_row(sheet, values):
    """Is this first row the hidden row of column keys (rather than the headers of a sheet without it)?"""
    keys = {column.key for column in sheet.columns}
    cells = [_norm(value) for value in values if _norm(value)]
    as_keys = sum(1 for cell in cells if cell in keys)
    as_labels = sum(
        1 for cell in cells if cell not in keys and any(cell in _labels(column) for column in sheet.columns)
    )
    return as_keys > as_labels


def _map_columns(raw, first, second, issues):
    """Map the column positions of `raw` from its first two rows; returns the row the data starts on."""
    sheet = raw.sheet
    keys = {column.key for column in sheet.columns}
    first_norm = [_norm(value) for value in first]
    if is_key_row(sheet, first):
        header_row, start, cells = KEY_ROW, FIRST_DATA_ROW, first_norm
        raw.header_values = list(second)
        raw.key_row = True
    else:  # no key row: the headers are on the first row
        header_row, start = KEY_ROW, HEADER_ROW
        raw.header_values = list(first)
        cells = []
        for value in first_norm:
            match = next((c.key for c in sheet.columns if value and value in _labels(c)), value)
            cells.append(match)
    positions = {}
    for index, key in enumerate(cells):
        if not key:
            continue
        letter = get_column_letter(index + 1)
        if key not in keys:
            issues.append(
                Issue(raw.name, header_row, letter, str(first[index] or ""), _("Unknown column."), str(key))
            )
        elif key in positions:
            issues.append(
                Issue(
                    raw.name, header_row, letter, str(first[index] or ""), _("This column is repeated."), key
                )
            )
        else:
            positions[key] = index
            raw.letters[key] = letter
    for column in sheet.columns:
        if column.required and column.key not in positions:
            issues.append(
                Issue(
                    raw.name,
                    header_row,
                    "",
                    str(column.label),
                    _("The required column “{header}” is missing.").format(header=column.label),
                )
            )
    return positions, start


def _collect(raw, rows, issues):
    rows = iter(rows)
    first = next(rows, None)
    if first is None:
        return
    first = list(first)
    second = []
    positions = None
    if is_key_row(raw.sheet, first):
        second = list(next(rows, None) or [])
    positions, start = _map_columns(raw, first, second, issues)
    for number, values in enumerate(rows, start=start):
        values = list(values)
        if not any(value not in (None, "") and str(value).strip() for value in values):
            continue
        cells = {key: (values[index] if index < len(values) else None) for key, index in positions.items()}
        raw.rows.append((number, cells))
        raw.originals.append((number, values))


_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_ROW, _CELL, _VALUE, _INLINE = f"{_MAIN}row", f"{_MAIN}c", f"{_MAIN}v", f"{_MAIN}is"
_TEXT, _RUN = f"{_MAIN}t", f"{_MAIN}r"


def sheet_rows(workbook, worksheet):
    """The rows of a read-only worksheet as tuples of values: what ``worksheet.iter_rows(values_only=True)``
    gives (numbers, shared and inline strings, booleans, dates by their cell style, the cached values of
    formulas; an empty tuple for a row missing from the file), parsed straight from the sheet's XML — openpyxl
    builds a cell object per cell, most of the time an import of ten thousand cadres took. Falls back to openpyxl
    when the workbook is not one openpyxl opened read-only."""
    try:
        source = worksheet._get_source()
        shared = worksheet._shared_strings
        date_formats, timedelta_formats = workbook._date_formats, workbook._timedelta_formats
        epoch = workbook.epoch
    except AttributeError:
        yield from worksheet.iter_rows(values_only=True)
        return
    from openpyxl.utils.cell import column_index_from_string
    from openpyxl.utils.datetime import from_excel, from_ISO8601
    from openpyxl.worksheet._reader import _cast_number
    from openpyxl.xml.functions import iterparse

    columns = {}  # "AB" -> 28

    def column_of(reference):
        letters = reference.rstrip("0123456789")
        if letters not in columns:
            columns[letters] = column_index_from_string(letters)
        return columns[letters]

    def value_of(cell):
        kind = cell.get("t", "n")
        if kind == "inlineStr":
            child = cell.find(_INLINE)
            if child is None:
                return None
            plain = child.find(_TEXT)
            texts = [plain.text or ""] if plain is not None else []
            texts += [run.findtext(_TEXT) or "" for run in child.iterfind(_RUN)]
            return "".join(texts)
        value = cell.findtext(_VALUE) or None
        if value is None:
            return None
        if kind == "n":
            value = _cast_number(value)
            style = int(cell.get("s") or 0)
            if style in date_formats:
                try:
                    return from_excel(value, epoch, timedelta=style in timedelta_formats)
                except (OverflowError, ValueError):
                    return "#VALUE!"
            return value
        if kind == "s":
            return shared[int(value)]
        if kind == "b":
            return bool(int(value))
        if kind == "d":
            return from_ISO8601(value)
        return value  # "str" (a formula's text), "e" (an error)

    with source:
        expected = 1
        for _event, element in iterparse(source):
            if element.tag != _ROW:
                continue
            number = int(element.get("r") or expected)
            while expected < number:  # rows missing from the file
                yield ()
                expected += 1
            values = []
            for cell in element:
                if cell.tag != _CELL:
                    continue
                reference = cell.get("r")
                column = column_of(reference) if reference else len(values) + 1
                if column > len(values) + 1:
                    values.extend([None] * (column - len(values) - 1))
                values.append(value_of(cell))
            element.clear()
            expected = number + 1
            yield tuple(values)


def read_xlsx(fileobj, issues, filename=""):
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(fileobj, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as exc:
        raise Unreadable(str(exc)) from exc
    found = []
    try:
        for worksheet in workbook.worksheets:
            if _norm(worksheet.title) in README_TITLES or _norm(worksheet.title) == _norm(_("Instructions")):
                continue
            sheet = sheet_for_name(worksheet.title)
            if sheet is None:
                issues.append(
                    Issue(
                        worksheet.title,
                        0,
                        "",
                        "",
                        _("Unknown sheet: expected one of {names}.").format(
                            names=", ".join(f"“{s.title}”" for s in SHEETS)
                        ),
                    )
                )
                continue
            if any(raw.sheet is sheet for raw in found):
                issues.append(Issue(worksheet.title, 0, "", "", _("This kind of sheet is repeated.")))
                continue
            raw = RawSheet(sheet, worksheet.title)
            _collect(raw, sheet_rows(workbook, worksheet), issues)
            found.append(raw)
    finally:
        workbook.close()
    return found


def _csv_sheet(filename, first_row):
    sheet = sheet_for_name(PurePath(filename or "").stem)
    if sheet is not None:
        return sheet
    cells = {_norm(value) for value in first_row}
    best, best_score = None, 0
    for candidate in SHEETS:
        score = sum(1 for column in candidate.columns if cells & _labels(column))
        required = all(cells & _labels(column) for column in candidate.columns if column.required)
        if required and score > best_score:
            best, best_score = candidate, score
    return best


def read_csv(fileobj, issues, filename=""):
    data = fileobj.read()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise Unreadable(_("The CSV file is not UTF-8 text.")) from exc
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = [[cell if cell != "" else None for cell in row] for row in csv.reader(io.StringIO(text), dialect)]
    if not rows:
        return []
    name = PurePath(filename or "data.csv").stem
    sheet = _csv_sheet(filename, rows[0])
    if sheet is None:
        issues.append(
            Issue(name, 1, "", "", _("The columns of this CSV file match none of the template's sheets."))
        )
        return []
    raw = RawSheet(sheet, name)
    _collect(raw, rows, issues)
    return [raw]


def read(fileobj, filename, issues):
    """The sheets of the file (XLSX by content, otherwise CSV); raises ``Unreadable``."""
    fileobj.seek(0)
    head = fileobj.read(4)
    fileobj.seek(0)
    if head.startswith(b"PK\x03\x04"):
        return read_xlsx(fileobj, issues, filename)
    if PurePath(filename or "").suffix.lower() == ".csv":
        return read_csv(fileobj, issues, filename)
    raise Unreadable(_("The file is neither an Excel workbook (.xlsx) nor a CSV file."))


__all__ = ["BY_KIND", "Issue", "RawSheet", "Unreadable", "read"]
