"""The yearly report as a real PDF and spreadsheet: they open, and they hold the targets' names and figures."""

import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from apps.targets.documents import render_pdf, render_xlsx
from apps.targets.models import Target
from apps.targets.report import build_report
from apps.targets.selectors import report_date

from ..factories import TargetFactory
from .conftest import ON


@pytest.fixture
def targets(registry, communes):
    """Only two targets active (the seeded ones switched off), with short names that survive text extraction."""
    Target.objects.update(is_active=False)
    women = TargetFactory(code="t-women", name="Nữ lãnh đạo", order=1, metric="female", min_rank=5)
    local = TargetFactory(
        code="t-nonlocal",
        name="Không phải người địa phương",
        order=2,
        metric="non_local",
        min_rank=None,
        unit_level_codes="commune",
        goal_min=100,
        goal_max=None,
    )
    return women, local


def test_the_report_date_is_the_years_end_or_today():
    today = date(2026, 11, 27)
    assert report_date(2025, today) == date(2025, 12, 31)
    assert report_date(2026, today) == today


def test_the_report_measures_the_whole_scope_and_each_level(targets, communes):
    report = build_report(2025, ON)
    assert [(m.target.code, m.numerator, m.denominator, m.status) for m in report.rows] == [
        ("t-women", 5, 10, "above"),  # 2 of 4 department leaders, 3 of 6 commune holders
        ("t-nonlocal", 2, 6, "below"),
    ]
    by_level = {
        s.level.code: [(t.code, m and (m.numerator, m.denominator)) for t, m in s.rows] for s in report.levels
    }
    assert by_level == {
        "department": [("t-women", (2, 4)), ("t-nonlocal", None)],
        "commune": [("t-women", (3, 6)), ("t-nonlocal", (2, 6))],
    }


def test_the_pdf_opens_and_holds_the_names_and_figures(targets):
    pdf = PdfReader(io.BytesIO(render_pdf(build_report(2025, ON))))
    text = "\n".join(page.extract_text() for page in pdf.pages)
    for expected in (
        "Nữ lãnh đạo",
        "Không phải người địa phương",
        "31/12/2025",
        "5/10",
        "50,0%",
        "2/4",
        "3/6",
        "2/6",
        "33,3%",
        "10–15%",
        "≥ 100%",
    ):
        assert expected in text, expected


def test_the_same_report_gives_the_same_pdf_bytes(targets):
    assert render_pdf(build_report(2025, ON)) == render_pdf(build_report(2025, ON))


def test_the_spreadsheet_holds_numbers_in_its_cells(targets):
    book = load_workbook(io.BytesIO(render_xlsx(build_report(2025, ON))))
    assert len(book.sheetnames) == 3  # all levels, then department and commune
    rows = {row[0]: row for row in book.worksheets[0].iter_rows(min_row=5, values_only=True)}
    assert rows["t-women"][1:8] == ("Nữ lãnh đạo", 10, 15, None, 5, 10, 50)
    assert rows["t-nonlocal"][5:8] == (2, 6, 33.3)
    commune = {row[0]: row for row in book.worksheets[2].iter_rows(min_row=5, values_only=True)}
    assert commune["t-women"][5:8] == (3, 6, 50)
    department = {row[0]: row for row in book.worksheets[1].iter_rows(min_row=5, values_only=True)}
    assert department["t-nonlocal"][5:8] == (0, 0, None)


def test_the_download_is_the_unit_leaders_own_unit(client_for, leader_a, targets):
    response = client_for(leader_a).get(reverse("targets:targets:report-xlsx", args=[2025]))
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('targets-2025-snv.xlsx"')
    book = load_workbook(io.BytesIO(response.content))
    rows = {row[0]: row for row in book.worksheets[0].iter_rows(min_row=5, values_only=True)}
    assert rows["t-women"][5:7] == (2, 3)  # unit A only, on 31/12/2025
    assert rows["t-nonlocal"][5:7] == (0, 0)


def test_the_pdf_download_is_a_pdf(client_for, reviewer, targets):
    response = client_for(reviewer).get(reverse("targets:targets:report-pdf", args=[2025]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "5/10" in text and "Tỉnh Bắc Ninh" in text


def test_a_per_unit_target_is_counted_in_units_in_the_pdf(targets):
    Target.objects.filter(code="t-nonlocal").update(aggregation="units")
    text = "\n".join(
        p.extract_text() for p in PdfReader(io.BytesIO(render_pdf(build_report(2025, ON)))).pages
    )
    assert "2/3" in text  # two of the three communes have a non-local holder
