"""Measuring targets without the web layer: exact numerators, denominators, shares and statuses."""

from datetime import date
from decimal import Decimal

import pytest

from apps.organisation.models import UnitLevel
from apps.targets.measures import Status, evaluate, measure, measure_by_level, years_before
from apps.targets.models import Target

from ..factories import TargetFactory
from .conftest import ON


def goal(**kw):
    return Target(metric="female", **kw)


@pytest.mark.parametrize(
    ("num", "den", "share", "status"),
    [
        (1, 10, Decimal("10.0"), Status.MET),
        (1, 11, Decimal("9.1"), Status.BELOW),
        (3, 20, Decimal("15.0"), Status.MET),
        (4, 25, Decimal("16.0"), Status.ABOVE),
        (0, 0, None, Status.NO_DATA),
    ],
)
def test_it_evaluates_a_range_goal_exactly(num, den, share, status):
    assert evaluate(goal(goal_min=Decimal(10), goal_max=Decimal(15)), num, den) == (share, status)


def test_a_share_a_hair_below_the_goal_is_below_even_when_it_rounds_to_it():
    # 299/1000 = 29.9%, 2999/10000 rounds to 30.0% but is below 30
    assert evaluate(goal(goal_min=Decimal(30)), 2999, 10000) == (Decimal("30.0"), Status.BELOW)


def test_it_evaluates_an_at_least_one_goal():
    target = goal(goal_min_count=1)
    assert evaluate(target, 0, 5) == (Decimal("0.0"), Status.BELOW)
    assert evaluate(target, 1, 5) == (Decimal("20.0"), Status.MET)
    assert evaluate(target, 0, 0) == (None, Status.NO_DATA)


def test_years_before_keeps_the_calendar_day():
    assert years_before(date(2025, 12, 31), 40) == date(1985, 12, 31)
    assert years_before(date(2024, 2, 29), 1) == date(2023, 2, 28)


def test_it_counts_women_among_the_holders_on_the_day(registry):
    # holders of rank >= 5: head A (F), deputy A (M), deputy A (F), head B (M; two posts, counted once)
    result = measure(TargetFactory(metric="female", min_rank=5), ON)
    assert (result.numerator, result.denominator, result.share, result.status) == (
        2,
        4,
        Decimal("50.0"),
        "above",
    )


def test_a_tenure_ending_on_the_day_counts_and_one_starting_the_next_day_does_not(registry):
    target = TargetFactory(metric="female", min_rank=5)
    assert measure(target, date(2025, 12, 30)).denominator == 5
    assert measure(target, date(2026, 1, 1)).denominator == 5  # the ended one out, the new one in
    assert measure(target, date(2026, 1, 1)).numerator == 3


def test_it_counts_cadres_under_the_age_limit_on_the_day(registry):
    # head A born 1/6/1990 (35), head B born 1/6/1987 (38): under 40; deputies 45 and 50
    result = measure(TargetFactory(metric="under_age", age_limit=40, min_rank=5), ON)
    assert (result.numerator, result.denominator, result.status) == (2, 4, "above")
    result = measure(TargetFactory(metric="under_age", age_limit=38, min_rank=5), ON)
    assert (result.numerator, result.share, result.status) == (1, Decimal("25.0"), "above")


def test_a_cadre_exactly_at_the_age_limit_is_not_under_it(registry):
    target = TargetFactory(metric="under_age", age_limit=38, min_rank=7, goal_min=0, goal_max=100)
    # head B turns 38 on 1/6/2025: under 38 the day before, not on the day
    assert measure(target, date(2025, 5, 31), unit=registry["unit_b"]).numerator == 1
    assert measure(target, date(2025, 6, 1), unit=registry["unit_b"]).numerator == 0


def test_it_counts_foreign_language_users_from_the_target_level(registry):
    b1 = measure(
        TargetFactory(
            metric="foreign_language", language_min_level="B1", min_rank=5, goal_min=30, goal_max=None
        ),
        ON,
    )
    assert (b1.numerator, b1.denominator, b1.status) == (2, 4, "met")
    b2 = measure(
        TargetFactory(
            metric="foreign_language", language_min_level="B2", min_rank=5, goal_min=30, goal_max=None
        ),
        ON,
    )
    assert (b2.numerator, b2.denominator, b2.share, b2.status) == (1, 4, Decimal("25.0"), "below")


def test_it_measures_one_unit_and_its_subtree(registry, province):
    target = TargetFactory(metric="female", min_rank=5)
    in_a = measure(target, ON, unit=registry["unit_a"])
    assert (in_a.numerator, in_a.denominator, in_a.share) == (2, 3, Decimal("66.7"))
    in_b = measure(target, ON, unit=registry["unit_b"])
    assert (in_b.numerator, in_b.denominator, in_b.share) == (0, 1, Decimal("0.0"))
    assert measure(target, ON, unit=province).denominator == 4


def test_the_readers_scope_limits_the_units_counted(registry):
    target = TargetFactory(metric="female", min_rank=5)
    assert measure(target, ON, unit_ids=[registry["unit_b"].pk]).denominator == 1


def test_the_population_follows_titles_kinds_levels_rank_and_election(registry, communes):
    assert (
        measure(TargetFactory(metric="female", min_rank=None, title_prefixes="Giám đốc"), ON).denominator == 2
    )
    assert (
        measure(TargetFactory(metric="female", min_rank=None, title_prefixes="Giám đốc, Phó"), ON).denominator
        == 4
    )
    assert (
        measure(TargetFactory(metric="female", min_rank=None, unit_level_codes="commune"), ON).denominator
        == 6
    )
    assert measure(TargetFactory(metric="female", min_rank=None, unit_kinds="party"), ON).denominator == 6
    assert measure(TargetFactory(metric="female", min_rank=None, unit_kinds="state"), ON).denominator == 5
    elected = measure(TargetFactory(metric="female", min_rank=None, elected=True), ON)
    assert (elected.numerator, elected.denominator) == (3, 3)


def test_chosen_positions_replace_the_filters(registry):
    target = TargetFactory(metric="female", min_rank=7, unit_level_codes="commune")
    target.positions.set([registry["deputy_a"]])
    result = measure(target, ON)
    assert (result.numerator, result.denominator) == (1, 2)


def test_it_counts_non_local_holders_by_commune_or_province(registry, communes):
    result = measure(
        TargetFactory(metric="non_local", min_rank=None, unit_level_codes="commune", goal_min=100), ON
    )
    assert (result.numerator, result.denominator, result.share, result.status) == (
        2,
        6,
        Decimal("33.3"),
        "below",
    )
    secretaries = TargetFactory(metric="non_local", min_rank=None, title_prefixes="Bí thư", goal_min=100)
    assert (measure(secretaries, ON).numerator, measure(secretaries, ON).denominator) == (1, 3)


def test_a_cadre_from_another_province_is_non_local_in_a_provincial_unit(registry):
    head_b = registry["unit_b"].positions.get(rank=7).tenures.get()
    head_b.cadre.home_province = "Hà Nội"
    head_b.cadre.save()
    result = measure(TargetFactory(metric="non_local", min_rank=5, goal_min=0), ON)
    assert (result.numerator, result.denominator) == (1, 4)


def test_a_per_unit_target_counts_the_units_with_at_least_one(registry, communes):
    target = TargetFactory(
        metric="non_local", aggregation="units", min_rank=None, unit_level_codes="commune", goal_min=100
    )
    result = measure(target, ON)
    assert (result.numerator, result.denominator, result.share, result.status) == (
        2,
        3,
        Decimal("66.7"),
        "below",
    )


def test_no_holder_is_no_data(registry):
    result = measure(TargetFactory(metric="female", min_rank=None, unit_level_codes="district"), ON)
    assert (result.numerator, result.denominator, result.share, result.status) == (0, 0, None, "no_data")


def test_it_measures_every_level_in_one_query(registry, communes, django_assert_num_queries):
    target = Target.objects.prefetch_related("positions").get(
        pk=TargetFactory(metric="female", min_rank=None).pk
    )
    department, commune = UnitLevel.objects.get(code="department"), UnitLevel.objects.get(code="commune")
    with django_assert_num_queries(1):
        levels = measure_by_level(target, ON)
    assert {k: (m.numerator, m.denominator) for k, m in levels.items()} == {
        department.pk: (3, 5),
        commune.pk: (3, 6),
    }
    per_unit = Target.objects.prefetch_related("positions").get(
        pk=TargetFactory(metric="non_local", aggregation="units", min_rank=None).pk
    )
    with django_assert_num_queries(1):
        levels = measure_by_level(per_unit, ON)
    assert {k: (m.numerator, m.denominator) for k, m in levels.items()} == {
        department.pk: (0, 2),
        commune.pk: (2, 3),
    }


def test_one_measurement_is_one_query(registry, django_assert_num_queries):
    target = Target.objects.prefetch_related("positions").get(pk=TargetFactory().pk)
    with django_assert_num_queries(1):
        measure(target, ON)


def test_it_counts_holders_who_held_an_earlier_post(province, admin_user):
    """Standing committee members: one was a district secretary (ended), one a district vice-chair (a title
    outside the earlier posts), one becomes district secretary only after the date."""
    from ..factories import OrgUnitFactory, PositionFactory, UnitLevelFactory
    from .conftest import holder

    district = OrgUnitFactory(code="h1", level=UnitLevelFactory(code="district", name="Cấp huyện", order=2))
    btv = OrgUnitFactory(code="btv", name="Ban Thường vụ Tỉnh ủy", level=province.level, parent=province)
    member = PositionFactory(unit=btv, title="Ủy viên Ban Thường vụ Tỉnh ủy", rank=8, seats=3)
    secretary = PositionFactory(unit=district, title="Bí thư Huyện ủy", rank=7)
    vice = PositionFactory(unit=district, title="Phó Chủ tịch Ủy ban nhân dân huyện", rank=5)
    target = TargetFactory(
        metric="held_post",
        min_rank=None,
        title_prefixes="Ủy viên Ban Thường vụ Tỉnh ủy",
        prior_level_codes="district",
        prior_title_prefixes="Bí thư, Phó Bí thư, Chủ tịch",
        goal_min=100,
        goal_max=None,
    )
    a = holder(member, start=date(2025, 10, 1)).cadre
    b = holder(member, start=date(2025, 10, 1), seat_number=2).cadre
    c = holder(member, start=date(2025, 10, 1), seat_number=3).cadre
    from ..factories import TenureFactory

    TenureFactory(cadre=a, position=secretary, start_date=date(2020, 1, 1), ended_on=date(2025, 6, 30))
    TenureFactory(cadre=b, position=vice, start_date=date(2020, 1, 1), ended_on=date(2025, 6, 30))
    TenureFactory(cadre=c, position=secretary, start_date=date(2026, 1, 1), seat_number=1)
    result = measure(target, ON)
    assert (result.numerator, result.denominator, result.share, result.status) == (
        1,
        3,
        Decimal("33.3"),
        "below",
    )
    assert measure(target, date(2026, 2, 1)).numerator == 2
