"""Formula injection (CWE-1236): text that a spreadsheet would run as a formula comes out of every CSV and XLSX the
product writes as text — the timeline CSV (the download and the background export share its writer) and the
targets spreadsheet."""

import csv
import io
from datetime import UTC, date, datetime

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from apps.core.spreadsheets import safe_cell
from apps.inspection.timelines.entries import Entry
from apps.inspection.timelines.export import timeline_csv
from tests.factories import TargetFactory

HYPERLINK = '=HYPERLINK("http://evil.example/x","Xem chi tiết")'


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_a_cell_starting_like_a_formula_gets_an_apostrophe(start):
    assert safe_cell(start + "1+1") == "'" + start + "1+1"


@pytest.mark.parametrize("value", ["Ý kiến đồng ý", "", None, 12, -3, 2.5, "1 = 1"])
def test_other_cells_are_left_alone(value):
    assert safe_cell(value) == value


def test_a_comment_starting_with_hyperlink_comes_out_of_the_timeline_csv_as_text():
    entry = Entry(
        when=datetime(2026, 3, 2, 8, 0, tzinfo=UTC),
        kind="audit",
        action="step.comment",
        actor="leader_a",
        subject=HYPERLINK,
        summary=HYPERLINK,
        changes=[("Ý kiến", "", "x")],
    )

    body = timeline_csv("@SUM(A1:A9)", [entry]).decode("utf-8-sig")

    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0] == ["'@SUM(A1:A9)"]
    assert rows[2][4] == "'" + HYPERLINK
    assert rows[2][6] == "'" + HYPERLINK
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


@pytest.mark.django_db
def test_a_target_named_as_a_formula_is_a_text_cell_in_the_spreadsheet(client_for, reviewer, settings):
    settings.LANGUAGE_CODE = "vi"
    TargetFactory(code="evil", name=HYPERLINK, name_en=HYPERLINK)
    year = date.today().year - 1

    response = client_for(reviewer).get(reverse("targets:targets:report-xlsx", args=[year]))

    assert response.status_code == 200
    book = load_workbook(
        io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content)
    )
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    named = [cell for cell in cells if cell.value == "'" + HYPERLINK]
    assert named, "the target's row is missing"
    assert all(cell.data_type == "s" for cell in named)
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
