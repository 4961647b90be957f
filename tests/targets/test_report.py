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


@pytest.fixture
def movements(targets, communes, registry):
    """In 2025: two cadres in the planning (a young woman, a man of 50), two rotations into communes (a man from
    another commune, a woman from a district) and a revoked one; one rotation of 2024 (another year)."""
    from apps.decisions.models import Decision
    from tests.factories import (
        CadreFactory,
        OrgUnitFactory,
        PlanningEntryFactory,
        PositionFactory,
        UnitLevelFactory,
    )

    from .test_movements import _rotation

    post = PositionFactory(unit=registry["unit_a"], rank=8, title="Giám đốc Sở (quy hoạch)")
    young_woman = CadreFactory(gender="female", birth_date=date(1992, 1, 1))
    PlanningEntryFactory(cadre=young_woman, position=post, approved_on=date(2025, 1, 15))
    PlanningEntryFactory(
        cadre=CadreFactory(birth_date=date(1975, 1, 1)), position=post, approved_on=date(2025, 1, 15)
    )
    province = registry["unit_a"].parent
    district = OrgUnitFactory(code="h1", parent=province, level=UnitLevelFactory(code="district", order=2))
    from_district = PositionFactory(unit=district, rank=3)
    into = [
        PositionFactory(unit=commune, rank=3, title=f"Phó Chủ tịch xã {i}")
        for i, commune in enumerate(communes)
    ]
    from_commune = PositionFactory(unit=communes[2], rank=3, title="Công chức xã 3")
    _rotation(CadreFactory(), from_commune, into[0], year=2025)
    _rotation(CadreFactory(gender="female"), from_district, into[1], year=2025)
    _rotation(
        CadreFactory(gender="female"), from_district, into[2], year=2025, status=Decision.Status.REVOKED
    )
    _rotation(CadreFactory(gender="female"), from_district, into[2], year=2024)


def test_the_report_holds_the_planning_shares_and_rotations_of_the_dashboard(movements, client_for, reviewer):
    report = build_report(2025, ON)
    assert [(m.target.code, m.numerator, m.denominator) for m in report.planning] == [
        ("planning-young", 1, 2),
        ("planning-women", 1, 2),
    ]
    assert [(key, count) for key, _label, count in report.rotations] == [
        ("total", 2),
        ("between_communes", 1),
        ("women_district_to_commune", 1),
    ]
    # the same figures as the dashboard of that year
    page = client_for(reviewer).get(reverse("targets:targets:index"), {"year": 2025}).context
    assert [(m.numerator, m.denominator) for m in page["planning_measurements"]] == [(1, 2), (1, 2)]
    assert [count for _key, _label, count in page["rotations"]] == [2, 1, 1]

    book = load_workbook(io.BytesIO(render_xlsx(report)))
    rows = {
        row[0]: row for row in book.worksheets[0].iter_rows(min_row=5, values_only=True) if row and row[0]
    }
    assert rows["planning-young"][5:8] == (1, 2, 50) and rows["planning-young"][1].startswith("Cán bộ trẻ")
    assert (
        rows["planning-women"][5:8] == (1, 2, 50) and rows["planning-women"][2] == 25
    )  # the goal, at least %
    assert rows["rotation-total"][5] == 2
    assert rows["rotation-between-communes"][1:6:4] == ("Luân chuyển giữa các xã", 1)
    assert rows["rotation-women-district-to-commune"][5] == 1
    assert rows["t-women"][5:7] == (5, 10)  # the targets unchanged above them

    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(render_pdf(report))).pages)
    flat = " ".join(text.split())
    for expected in (
        "Cán bộ trẻ",
        "Cán bộ nữ trong quy hoạch",
        "1/2",
        "Luân chuyển giữa các xã",
        "Luân chuyển cán bộ nữ từ cấp huyện về cấp xã",
    ):
        assert expected in flat, expected
    assert "5/10" in flat


def test_the_downloaded_report_counts_the_rotations_of_its_year_only(movements, client_for, reviewer):
    response = client_for(reviewer).get(reverse("targets:targets:report-xlsx", args=[2024]))
    rows = {
        row[0]: row
        for row in load_workbook(io.BytesIO(response.content))
        .worksheets[0]
        .iter_rows(min_row=5, values_only=True)
        if row and row[0]
    }
    assert rows["rotation-total"][5] == 1 and rows["rotation-women-district-to-commune"][5] == 1
    # the planning shares as the dashboard of that year shows them (none when no rule set was in force)
    dashboard = client_for(reviewer).get(reverse("targets:targets:index"), {"year": 2024}).context
    shown = [(m.target.code, m.numerator, m.denominator) for m in dashboard["planning_measurements"]]
    assert [
        (code, *rows[code][5:7]) for code in ("planning-young", "planning-women") if code in rows
    ] == shown
    assert all(numerator == 0 for _code, numerator, _denominator in shown)
