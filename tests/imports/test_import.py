"""The registry import (issue 14 §1): all or nothing, every problem by row and column, idempotent, round trip."""

import io
from datetime import date

import pytest
from openpyxl import load_workbook

from apps.audit.models import AuditEntry
from apps.audit.verify import verify_chain
from apps.cadres.models import (
    Achievement,
    Cadre,
    Discipline,
    Evaluation,
    PlanningEntry,
    PoliticalConclusion,
    Tenure,
)
from apps.cadres.services import update_cadre
from apps.imports import writing
from apps.imports.importer import run_import
from apps.organisation.models import OrgUnit, Position

from . import workbooks
from .workbooks import TODAY, YESTERDAY, build, dmy, good_sheets

pytestmark = pytest.mark.django_db

MODELS = (
    OrgUnit,
    Position,
    Cadre,
    Tenure,
    PlanningEntry,
    Evaluation,
    Achievement,
    Discipline,
    PoliticalConclusion,
)


def state():
    counts = [model.objects.count() for model in MODELS]
    histories = [model.history.count() for model in MODELS]
    return counts, histories, AuditEntry.objects.count()


def run(content, *, actor, name="so-lieu.xlsx", dry_run=False):
    return run_import(io.BytesIO(content), name, actor=actor, dry_run=dry_run)


def where(report):
    return {(i.sheet, i.row, i.column) for i in report.issues}


def test_the_good_workbook_imports_and_importing_it_again_changes_nothing(reviewer):
    content = build(good_sheets())
    before = state()
    dry = run(content, actor=reviewer, dry_run=True)
    assert dry.ok, dry.issues
    assert state() == before  # a dry run writes nothing
    assert dry.counts["cadres"]["created"] == 3

    report = run(content, actor=reviewer)
    assert report.ok and report.applied
    assert report.counts["units"] == {"rows": 3, "created": 3, "updated": 0, "unchanged": 0}
    old, new = OrgUnit.objects.get(code="xa-cu"), OrgUnit.objects.get(code="xa-moi")
    assert old.successor == new and not old.is_active and old.dissolved_on == date(2025, 6, 30)
    assert new.path == "bn/xa-moi/"
    an = Cadre.objects.get(code="001080000001")
    assert an.birth_date == date(1975, 5, 17) and an.current_unit.code == "snv"
    binh = Cadre.objects.get(code="001180000002")
    assert binh.gender == "female" and binh.education_level == "master"
    current = Tenure.objects.get(cadre=an, ended_on__isnull=True)
    assert current.position.title == "Giám đốc Sở" and current.decision_number == "77/QĐ-UBND"
    assert Tenure.objects.filter(cadre=an).count() == 3
    # history names the importer; the audit log has one entry per record and the summary with the file's hash
    assert an.history.first().history_user == reviewer
    summary = AuditEntry.objects.get(action="registry.imported")
    assert summary.actor_id == reviewer.pk and summary.data["sha256"] == report.sha256
    assert AuditEntry.objects.filter(action="tenure.past_recorded").count() == 2
    assert AuditEntry.objects.filter(action="tenure.imported").count() == 1
    assert AuditEntry.objects.filter(action="cadre.created").count() == 3
    assert verify_chain().ok  # the entries appended in bulk chain and authenticate like any other

    after = state()
    again = run(content, actor=reviewer)
    assert again.ok
    assert again.changed == 0
    counts, histories, audit = state()
    assert (counts, histories) == after[:2]
    assert audit == after[2] + 1  # only the summary entry of the second import


def test_one_bad_row_per_kind_of_error_is_each_reported_and_nothing_is_written(reviewer):
    sheets = good_sheets()
    cadre = dict(sheets["cadres"][0])
    sheets["cadres"] += [
        {**cadre, "code": "BAD-DATE", "birth_date": "31/02/1980"},  # row 6
        {**cadre, "code": "BAD-UNIT", "current_unit": "khong-co"},  # row 7
        {**cadre, "full_name": "Trùng số định danh"},  # row 8: the identity number of row 3
        {**cadre, "code": "FUTURE", "birth_date": dmy(date(TODAY.year + 1, 1, 1))},  # row 9
    ]
    sheets["tenures"] += [
        {  # row 6: no such position in the unit
            "cadre": "001180000002",
            "unit": "snv",
            "position": "Chánh Văn phòng",
            "start_date": "01/01/2020",
            "ended_on": "01/01/2021",
        },
        {  # row 7: overlaps row 3 (seat 1 of Phó Giám đốc Sở, 2015–2020)
            "cadre": "001180000002",
            "unit": "snv",
            "position": "Phó Giám đốc Sở",
            "seat_number": 1,
            "start_date": "01/01/2018",
            "ended_on": "31/12/2019",
        },
    ]
    content = build(sheets)
    # a wrong header: an unknown column key in the hidden row of the evaluations sheet
    workbook = load_workbook(io.BytesIO(content))
    worksheet = (
        workbook["Đánh giá, xếp loại"]
        if "Đánh giá, xếp loại" in workbook.sheetnames
        else workbook.worksheets[5]
    )
    worksheet["E1"] = "diem_so"
    worksheet["E2"] = "Điểm số"
    out = io.BytesIO()
    workbook.save(out)
    before = state()

    report = run(out.getvalue(), actor=reviewer)

    assert not report.applied
    assert state() == before
    cadres, tenures, evaluations = (worksheet_name(k) for k in ("cadres", "tenures", "evaluations"))
    by_place = {(i.sheet, i.row, i.column): i.message for i in report.issues}
    assert (cadres, 6, "C") in by_place  # birth_date
    assert "dd/mm/yyyy" in by_place[(cadres, 6, "C")]
    assert (cadres, 7, "H") in by_place  # current_unit
    assert (cadres, 8, "A") in by_place  # duplicated code
    assert (cadres, 9, "C") in by_place  # born in the future
    assert (tenures, 6, "C") in by_place  # unknown position
    assert (tenures, 7, "E") in by_place  # overlap → the start date
    assert (evaluations, 1, "E") in by_place  # wrong header
    assert report.issue_count == 7, report.issues


def worksheet_name(kind):
    from apps.imports.sheets import BY_KIND

    return str(BY_KIND[kind].title)[:31]


def test_a_tenure_overlapping_one_already_in_the_registry_is_refused(reviewer):
    assert run(build(good_sheets()), actor=reviewer).ok
    before = state()
    overlapping = {
        "cadre": "001180000002",
        "unit": "snv",
        "position": "Giám đốc Sở",
        "start_date": "01/01/2021",
        "ended_on": dmy(YESTERDAY),
    }
    report = run(build({"tenures": [overlapping]}), actor=reviewer)
    assert where(report) == {(worksheet_name("tenures"), 3, "E")}
    assert "cannot overlap" in report.issues[0].message or report.issues[0].message
    assert state() == before


def test_a_current_tenure_needs_its_decision(reviewer):
    sheets = good_sheets()
    sheets["tenures"][2]["decision_number"] = None
    report = run(build(sheets), actor=reviewer)
    assert where(report) == {(worksheet_name("tenures"), 5, "I")}
    assert Tenure.objects.count() == 0


def test_an_unreadable_file_and_a_file_of_50_mb_are_refused(reviewer):
    before = state()
    garbage = run(b"PK\x03\x04 not really a workbook", actor=reviewer)
    assert garbage.issue_count == 1 and garbage.issues[0].row == 0
    text = run(b"\x00\x01\x02binary", actor=reviewer, name="so-lieu.csv")
    assert text.issue_count == 1
    big = run(b"x" * (50 * 1024 * 1024), actor=reviewer, name="lon.csv")
    assert big.issue_count == 1 and "50" in big.issues[0].message
    assert state() == before


def test_a_sheet_without_its_key_row_is_read_by_its_headers_and_csv_works_too(reviewer):
    sheets = good_sheets()
    content = build({k: sheets[k] for k in ("units", "positions")}, key_row=False)
    headers_only = run(content, actor=reviewer)
    assert headers_only.ok, headers_only.issues
    assert Position.objects.filter(unit__code="snv").count() == 2
    csv_text = writing.csv_for(writing.CADRES, [])  # headers only, then rows by key
    lines = [csv_text.rstrip("\n")]
    lines.append("001080000009,Phạm Thị Dung,02/02/1990,Nữ,Kinh,Bắc Ninh,,snv,,Có,,,,,,,,,,")
    report = run("\n".join(lines).encode("utf-8"), actor=reviewer, name="can-bo.csv")
    assert report.ok, report.issues
    assert Cadre.objects.get(code="001080000009").gender == "female"


def test_a_cadre_that_changed_is_updated_through_its_service(reviewer):
    assert run(build(good_sheets()), actor=reviewer).ok
    sheets = good_sheets()
    sheets["cadres"][1]["job_title"] = "Phó Giám đốc Sở"
    report = run(build(sheets), actor=reviewer)
    assert report.ok and report.counts["cadres"]["updated"] == 1 and report.changed == 1
    assert AuditEntry.objects.filter(action="cadre.updated").count() == 1


def test_a_record_that_differs_from_the_registry_is_reported_not_overwritten(reviewer):
    assert run(build(good_sheets()), actor=reviewer).ok
    sheets = good_sheets()
    sheets["evaluations"][0]["rating"] = "completed"
    report = run(build(sheets), actor=reviewer)
    assert where(report) == {(worksheet_name("evaluations"), 3, "A")}
    assert Evaluation.objects.get(cadre__code="001180000002").rating == "good"


def test_export_then_import_changes_nothing(reviewer, admin_user):
    assert run(build(good_sheets()), actor=reviewer).ok
    cuong = Cadre.objects.get(code="001080000003")
    update_cadre(cuong, actor=admin_user, job_title='=HYPERLINK("http://x","Xem")')
    before = state()
    exported = writing.save(writing.full_export())
    report = run(exported, actor=reviewer, name="xuat.xlsx")
    assert report.ok, report.issues
    assert report.changed == 0
    assert report.rows > 0
    counts, histories, audit = state()
    assert (counts, histories) == before[:2] and audit == before[2] + 1
    # the formula-like text went out with its apostrophe and came back as it was
    workbook = load_workbook(io.BytesIO(exported))
    values = [c.value for row in workbook[worksheet_name("cadres")].iter_rows() for c in row]
    assert '\'=HYPERLINK("http://x","Xem")' in values


def test_the_template_has_every_sheet_with_a_hidden_key_row():
    workbook = load_workbook(io.BytesIO(writing.save(writing.template_workbook())))
    for kind in (
        "units",
        "positions",
        "cadres",
        "tenures",
        "planning",
        "evaluations",
        "achievements",
        "disciplines",
        "conclusions",
    ):
        worksheet = workbook[worksheet_name(kind)]
        assert worksheet.row_dimensions[1].hidden
        assert worksheet["A1"].value in ("code", "unit", "cadre")


assert workbooks  # the module is shared with the page tests
