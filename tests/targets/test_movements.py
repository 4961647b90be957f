"""The planning shares and the rotation counts of the targets dashboard (issue 14 §2–§3)."""

from datetime import date

import pytest

from apps.cadres.models import PlanningEntry
from apps.decisions.models import Decision
from apps.rulesets.parameters import Params
from apps.targets.movements import planning_measurements, rotation_counts
from tests.factories import (
    CadreFactory,
    OrgUnitFactory,
    PlanningEntryFactory,
    PositionFactory,
    TenureFactory,
    UnitLevelFactory,
)

ON = date(2026, 6, 30)
pytestmark = pytest.mark.django_db


def test_planning_shares_against_the_parameters(unit_a, unit_b):
    post = PositionFactory(unit=unit_a, rank=6)
    other = PositionFactory(unit=unit_b, rank=6)
    young_woman = CadreFactory(gender="female", birth_date=date(1990, 1, 1))
    PlanningEntryFactory(cadre=young_woman, position=post, approved_on=date(2025, 1, 1))
    PlanningEntryFactory(cadre=young_woman, position=other, approved_on=date(2025, 1, 1))  # counted once
    for birth in (date(1986, 7, 1), date(1986, 6, 29), date(1975, 1, 1)):  # 39 (young), 40, 51 on ON
        PlanningEntryFactory(
            cadre=CadreFactory(birth_date=birth), position=post, approved_on=date(2025, 1, 1)
        )
    PlanningEntryFactory(
        cadre=CadreFactory(gender="female"), position=post, status=PlanningEntry.Status.REMOVED
    )
    PlanningEntryFactory(cadre=CadreFactory(gender="female"), position=post, approved_on=date(2026, 7, 1))
    young, women = planning_measurements(Params.defaults(), ON)
    assert (young.numerator, young.denominator, young.status) == (2, 4, "met")  # 50 % ≥ 15 %
    assert (women.numerator, women.denominator, women.status) == (1, 4, "met")  # 25 % ≥ 25 %
    young, women = planning_measurements(Params.defaults(target_planning_female_percent=26), ON)
    assert women.status == "below"
    young, women = planning_measurements(Params.defaults(), ON, unit=unit_b)
    assert (women.numerator, women.denominator) == (1, 1)


def _rotation(cadre, from_post, to_post, *, status=Decision.Status.SIGNED, year=2026):
    from apps.rulesets.models import RuleSet

    decision = Decision.objects.create(
        kind=Decision.Kind.ROTATION,
        status=status,
        effective_from=date(year, 3, 1),
        authority=to_post.authority,
        cadre=cadre,
        position=to_post,
        rule_set=RuleSet.objects.first(),
        grounds="Căn cứ 65-QĐ/TW",
        cadre_name=cadre.full_name,
        cadre_birth_date=cadre.birth_date,
        position_title=to_post.title,
        unit_name=to_post.unit.name,
        authority_name=to_post.authority.name,
        authority_kind="state",
        body_name="UBND",
    )
    TenureFactory(
        cadre=cadre,
        position=from_post,
        start_date=date(2020, 1, 1),
        ended_on=date(year, 2, 28),
        ended_by_decision=decision,
    )
    return decision


def test_rotation_counts_between_communes_and_women_from_district(province):
    commune = UnitLevelFactory(code="commune", name="Cấp xã", order=3)
    district = UnitLevelFactory(code="district", name="Cấp huyện", order=2)
    c1, c2 = (OrgUnitFactory(code=f"x{i}", parent=province, level=commune) for i in (1, 2))
    d1 = OrgUnitFactory(code="h1", parent=province, level=district)
    p1, p2, pd = (PositionFactory(unit=u, rank=3) for u in (c1, c2, d1))
    man, woman, other_woman = CadreFactory(), CadreFactory(gender="female"), CadreFactory(gender="female")
    _rotation(man, p1, p2)  # between communes
    _rotation(woman, pd, p1)  # a woman from district to commune
    _rotation(other_woman, pd, p2, status=Decision.Status.REVOKED)  # revoked: not counted
    _rotation(CadreFactory(gender="female"), pd, p2, year=2025)  # another year
    assert rotation_counts(2026) == {"total": 2, "between_communes": 1, "women_district_to_commune": 1}
    assert rotation_counts(2026, unit=c2)["total"] == 1
