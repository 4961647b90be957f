"""gather_facts: the facts read from the registry, a bounded number of queries, and open reports from the
audit app (a missing selector is an error, never a zero)."""

import sys
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.audit.models import ViolationReport
from apps.cadres import eligibility
from apps.cadres.models import Discipline, PlanningEntry, PoliticalConclusion
from apps.core.rules import RuleViolation
from apps.rulesets.parameters import Params
from tests.factories import (
    AchievementFactory,
    AssetDeclarationFactory,
    CadreFactory,
    DisciplineFactory,
    EvaluationFactory,
    PlanningEntryFactory,
    PoliticalConclusionFactory,
    PositionFactory,
    TenureFactory,
)

ON = date(2026, 11, 26)


@pytest.fixture
def post(unit_a):
    return PositionFactory(unit=unit_a, rank=4, title="Phó Giám đốc Sở Nội vụ")


def build_record(cadre, unit, copies=1):
    """A complete record: `copies` of each kind of row, all of them counting."""
    PoliticalConclusionFactory(cadre=cadre, concluded_on=date(2026, 6, 1), reference="125-KL/TU")
    PoliticalConclusionFactory(
        cadre=cadre, concluded_on=date(2024, 6, 1), result=PoliticalConclusion.Result.DOES_NOT_MEET
    )
    for year in (2023, 2024, 2025):
        EvaluationFactory(cadre=cadre, year=year)
    for i in range(copies):
        AchievementFactory(
            cadre=cadre,
            achieved_on=date(2024, 3, 1 + i),
            recognised_by="UBND tỉnh",
            recognised_on=date(2024, 5, 1),
        )
        AchievementFactory(cadre=cadre, achieved_on=date(2025, 3, 1 + i))  # not recognised
        PlanningEntryFactory(cadre=cadre, position=PositionFactory(unit=unit, rank=4 + i))
        DisciplineFactory(
            cadre=cadre,
            kind=Discipline.Kind.REPRIMAND,
            effective_from=date(2019, 1, 1 + i),
            status=Discipline.Status.DECIDED,
        )
    PlanningEntryFactory(
        cadre=cadre,
        position=PositionFactory(unit=unit, rank=9),
        status=PlanningEntry.Status.REMOVED,
        removed_on=date(2025, 1, 1),
    )
    DisciplineFactory(cadre=cadre, kind=Discipline.Kind.WARNING, status=Discipline.Status.ANNULLED)
    TenureFactory(cadre=cadre, position=PositionFactory(unit=unit, rank=3), start_date=date(2022, 1, 1))
    AssetDeclarationFactory(
        cadre=cadre, year=2025, declared_on=date(2025, 12, 20), verified_on=date(2026, 2, 1)
    )
    AssetDeclarationFactory(cadre=cadre, year=2026, declared_on=date(2026, 11, 1))  # not verified yet


@pytest.fixture
def cadre(unit_a):
    cadre = CadreFactory(current_unit=unit_a, resume_verified_on=date(2026, 3, 1), home_province="Hà Nội")
    build_record(cadre, unit_a)
    return cadre


def test_the_facts_come_from_the_registry(cadre, post):
    facts = eligibility.gather_facts(cadre, post, ON, self_assessment_years=3)
    assert facts.cadre_id == cadre.pk and facts.birth_date == cadre.birth_date
    assert (facts.political_status, facts.political_result) == ("concluded", "meets")
    assert facts.political_date == date(2026, 6, 1) and facts.political_reference == "125-KL/TU"
    assert facts.evaluations == {2023: "good", 2024: "good", 2025: "good"}
    assert [a[2] for a in facts.achievements] == ["UBND tỉnh"]  # only the recognised one
    assert len(facts.planning) == 1 and facts.planning[0][1] == 4  # the removed entry is left out
    assert facts.current_post_rank == 3 and facts.current_post_start == date(2022, 1, 1)
    assert not facts.is_first_appointment
    assert [d[0] for d in facts.disciplines] == ["reprimand"]  # the annulled one is left out
    assert (facts.asset_declared_on, facts.asset_verified_on) == (date(2025, 12, 20), date(2026, 2, 1))
    assert facts.open_report_count == 0
    assert facts.self_assessment_years == 3


def test_a_complete_record_passes_every_check(cadre, post):
    facts = eligibility.gather_facts(cadre, post, ON, self_assessment_years=3)
    results = eligibility.evaluate(facts, eligibility.position_facts(post), Params.defaults(), ON)
    assert [r.code for r in results if not r.passed] == []
    eligibility.require_all_passed(results)


def test_a_conclusion_dated_after_the_day_judged_is_ignored(cadre, post):
    facts = eligibility.gather_facts(cadre, post, date(2026, 5, 1))
    assert facts.political_date == date(2024, 6, 1) and facts.political_result == "does_not_meet"


def test_a_pending_verification_is_reported_when_nothing_is_concluded(unit_a, post):
    cadre = CadreFactory(current_unit=unit_a)
    PoliticalConclusionFactory(
        cadre=cadre, status=PoliticalConclusion.Status.PENDING, result="", concluded_on=None
    )
    facts = eligibility.gather_facts(cadre, post, ON)
    assert facts.political_status == "pending" and facts.political_date is None
    assert facts.is_first_appointment and facts.current_post_rank is None


def test_an_open_report_is_counted(cadre, post):
    ViolationReport.objects.create(
        category=ViolationReport.Category.POST_BUYING,
        subject_cadre=cadre,
        subject_text=cadre.full_name,
        description="Phản ánh chạy chức",
        channel=ViolationReport.Channel.CITIZEN,
    )
    facts = eligibility.gather_facts(cadre, post, ON)
    assert facts.open_report_count == 1
    check = {
        r.code: r
        for r in eligibility.evaluate(facts, eligibility.position_facts(post), Params.defaults(), ON)
    }
    assert not check["open_report"].passed


def test_a_missing_report_selector_is_an_error_not_a_zero(cadre, post, monkeypatch):
    monkeypatch.setitem(sys.modules, "apps.audit.selectors", None)  # import now raises ImportError
    with pytest.raises(RuleViolation) as exc:
        eligibility.gather_facts(cadre, post, ON)
    assert exc.value.rule_code == "open_reports_unavailable"


def _queries(cadre, post):
    with CaptureQueriesContext(connection) as ctx:
        eligibility.gather_facts(cadre, post, ON)
    return len(ctx.captured_queries)


def test_the_number_of_queries_does_not_grow_with_the_record(unit_a, post):
    small = CadreFactory(current_unit=unit_a)
    build_record(small, unit_a, copies=1)
    large = CadreFactory(current_unit=unit_a)
    build_record(large, unit_a, copies=3)
    assert _queries(small, post) == _queries(large, post) == 8  # 6 prefetches, declaration, open reports
