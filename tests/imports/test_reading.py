"""The import's reader of XLSX rows (``reading.sheet_rows``, parsed from the sheet's XML for speed) gives what
openpyxl's own ``iter_rows(values_only=True)`` gives, for every kind of cell a spreadsheet program writes."""

import io
from datetime import date, datetime, time

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont

from apps.imports import reading


def _trimmed(row):
    row = list(row)
    while row and row[-1] is None:
        row.pop()
    return tuple(row)


def _fill(worksheet):
    worksheet.append(["code", "full_name", "birth_date", "seats", "share", "is_elected", "note"])
    worksheet.append(["001080000001", "Nguyễn Văn An", date(1975, 5, 17), 3, 12.5, True, "=A2"])
    worksheet.append(["001180000002", "Trần Thị Bình", datetime(1982, 3, 9, 8, 30), -2, 1e-7, False, None])
    worksheet.append([None, None, None, None, None, None, "cột G"])  # a row with one cell far right
    worksheet.append([])  # an empty row
    worksheet.append(["&<>\"'", "  khoảng trắng  ", "01/01/1980", 0, 3.0, None, time(7, 45)])


@pytest.mark.parametrize("write_only", [False, True], ids=["shared-strings", "inline-strings"])
def test_sheet_rows_reads_what_openpyxl_reads(write_only):
    book = Workbook(write_only=write_only)
    worksheet = book.create_sheet("Cán bộ")
    _fill(worksheet)
    if not write_only:
        worksheet["C9"] = 42  # rows 7 and 8 missing from the file
        worksheet["D9"] = CellRichText(["Rich ", TextBlock(InlineFont(b=True), "text")])
        worksheet["E9"].value = 45000
        worksheet["E9"].number_format = "DD/MM/YYYY"  # a serial number shown as a date
    out = io.BytesIO()
    book.save(out)
    opened = load_workbook(io.BytesIO(out.getvalue()), read_only=True, data_only=True)
    sheet = opened["Cán bộ"]
    expected = [_trimmed(row) for row in sheet.iter_rows(values_only=True)]
    got = [_trimmed(row) for row in reading.sheet_rows(opened, sheet)]
    assert got == expected
    assert got[1][:6] == ("001080000001", "Nguyễn Văn An", datetime(1975, 5, 17), 3, 12.5, True)
    assert got[3] == (None,) * 6 + ("cột G",) and got[4] == ()
    if not write_only:
        assert got[6] == got[7] == () and got[8][2:5] == (42, "Rich text", datetime(2023, 3, 15))


def test_a_workbook_not_opened_read_only_is_read_by_openpyxl():
    book = Workbook()
    _fill(book.active)
    assert [_trimmed(r) for r in reading.sheet_rows(book, book.active)] == [
        _trimmed(r) for r in book.active.iter_rows(values_only=True)
    ]
