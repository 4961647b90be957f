"""The import's queries do not grow with its rows (issue 14 §1, speed): records, their history rows and their audit
entries are written per sheet in batches, the rules are checked against what was read once."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.audit.models import AuditEntry
from apps.audit.verify import verify_chain
from apps.cadres.models import Achievement, Cadre, Evaluation, PlanningEntry, PoliticalConclusion, Tenure
from apps.imports.importer import run_import

from .workbooks import build

pytestmark = pytest.mark.django_db

RECORDS = (Cadre, Tenure, Evaluation, Achievement, PlanningEntry, PoliticalConclusion)


def province_of(n, first=0):
    """Two positions of a new unit and `n` cadres, each with a past tenure, an evaluation, an achievement, a
    planning entry and a political-standard conclusion (6 rows per cadre)."""
    sheets = {
        "units": [{"code": "snv", "name": "Sở Nội vụ", "level": "province", "parent": "bn"}],
        "positions": [
            {"unit": "snv", "title": "Chuyên viên", "authority": "bn", "seats": 100},
            {"unit": "snv", "title": "Trưởng phòng", "authority": "bn", "seats": 3},
        ],
    }
    for kind in ("cadres", "tenures", "evaluations", "achievements", "planning", "conclusions"):
        sheets[kind] = []
    for i in range(first, first + n):
        code = f"0010{i:08d}"
        sheets["cadres"].append(
            {
                "code": code,
                "full_name": f"Nguyễn Văn {i}",
                "birth_date": f"{1 + i % 28:02d}/05/1980",
                "gender": "Nam",
                "home_province": "Bắc Ninh",
                "current_unit": "snv",
            }
        )
        sheets["tenures"].append(
            {
                "cadre": code,
                "unit": "snv",
                "position": "Chuyên viên",
                "seat_number": i + 1,
                "start_date": "01/01/2015",
                "ended_on": "31/12/2019",
                "end_reason": "term_expired",
                "decision_number": f"{i}/QĐ",
                "decision_date": "15/12/2014",
            }
        )
        sheets["evaluations"].append({"cadre": code, "year": 2024, "rating": "good"})
        sheets["achievements"].append(
            {"cadre": code, "title": f"Đề án {i}", "achieved_on": "01/06/2024", "recognised_by": "UBND tỉnh"}
        )
        sheets["planning"].append(
            {
                "cadre": code,
                "unit": "snv",
                "position": "Trưởng phòng",
                "term": "2025-2030",
                "approved_on": "15/01/2025",
            }
        )
        sheets["conclusions"].append(
            {
                "cadre": code,
                "status": "concluded",
                "result": "meets",
                "issuer": "Ban BVCTNB",
                "reference": f"{i}-KL",
                "concluded_on": "01/11/2024",
            }
        )
    return build(sheets)


def queries_of_import(content, actor, *, dry_run=False):
    with CaptureQueriesContext(connection) as queries:
        report = run_import(io.BytesIO(content), "so-lieu.xlsx", actor=actor, dry_run=dry_run)
    assert report.ok, report.issues[:5]
    return len(queries), report


@pytest.mark.parametrize("dry_run", [True, False], ids=["dry-run", "apply"])
def test_the_queries_of_an_import_do_not_grow_with_its_rows(reviewer, dry_run):
    small, _ = queries_of_import(province_of(10), reviewer, dry_run=True)
    big, _ = queries_of_import(province_of(50), reviewer, dry_run=dry_run)
    # 40 more cadres are 240 more rows, 240 more history rows and 240 more audit entries: one query per row (or
    # per record) would add hundreds; batches of a sheet (SQLite's 999 parameters per INSERT) add a few
    assert big - small <= 8, (small, big)


def test_a_big_import_keeps_history_and_audit_per_record_at_batch_cost(reviewer):
    before = {model: model.history.count() for model in RECORDS}
    queries, report = queries_of_import(province_of(50), reviewer)
    assert report.applied
    for model in RECORDS:
        assert model.objects.count() == 50
        assert model.history.count() - before[model] == 50
        assert set(model.history.values_list("history_type", flat=True)) == {"+"}
    cadre = Cadre.objects.get(code="001000000007")
    row = cadre.history.get()
    assert (
        row.history_user == reviewer
        and row.full_name == "Nguyễn Văn 7"
        and row.birth_date == cadre.birth_date
    )
    tenure_row = Tenure.history.get(cadre=cadre)
    assert (
        tenure_row.position_id == cadre.tenures.get().position_id and tenure_row.id == cadre.tenures.get().pk
    )
    # one entry per record with its service's action, then the summary; the chain (hashes, MACs) verifies
    actions = list(AuditEntry.objects.order_by("seq").values_list("action", flat=True))
    for action in (
        "cadre.created",
        "tenure.past_recorded",
        "evaluation.added",
        "achievement.added",
        "planning.added",
        "political_conclusion.added",
    ):
        assert actions.count(action) == 50
    assert actions[-1] == "registry.imported"
    entry = AuditEntry.objects.get(action="cadre.created", object_id=str(cadre.pk))
    assert entry.actor == reviewer and entry.data["code"] == "001000000007"
    assert verify_chain().ok
    # the same file again: read, compared, nothing written
    again, report = queries_of_import(province_of(50), reviewer)
    assert report.changed == 0 and again < queries
