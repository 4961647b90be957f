"""Issue 9 point 15: how recognised achievements are counted is an explicit rule-set parameter
(``achievement_rule_mode``: ``any_in_window`` — the behaviour until now and the default — or ``each_year``, with
``achievements_per_year``). Rule tests at the boundaries, no database."""

from datetime import date

import pytest

from apps.cadres.eligibility import check_achievements
from apps.cadres.facts import CandidateFacts
from apps.core.rules import RuleViolation
from apps.rulesets.parameters import Params, parse_value

ON = date(2026, 6, 15)  # window = 2023, 2024, 2025 with achievement_years = 3


def facts(*days):
    return CandidateFacts(
        birth_date=date(1980, 1, 1),
        gender="male",
        evaluations={2023: "good", 2024: "good", 2025: "good"},
        achievements=[(day, "Sáng kiến", "UBND tỉnh") for day in days],
        self_assessment_years=3,
    )


def test_the_default_mode_is_the_old_behaviour_one_anywhere_in_the_window():
    params = Params.defaults()
    assert params.achievement_rule_mode == "any_in_window"
    assert check_achievements(facts(date(2024, 5, 1)), params, ON).passed
    assert not check_achievements(facts(), params, ON).passed


def test_any_in_window_counts_from_the_first_day_of_the_window_only():
    params = Params.defaults(min_recognised_achievements=2)
    assert check_achievements(facts(date(2023, 1, 1), date(2026, 6, 15)), params, ON).passed
    # one day before the window does not count; one day after the day judged neither
    assert not check_achievements(facts(date(2022, 12, 31), date(2026, 6, 15)), params, ON).passed
    assert not check_achievements(facts(date(2023, 1, 1), date(2026, 6, 16)), params, ON).passed


def test_each_year_needs_one_in_every_year_of_the_window():
    params = Params.defaults(achievement_rule_mode="each_year")
    every_year = facts(date(2023, 12, 31), date(2024, 1, 1), date(2025, 7, 1))
    assert check_achievements(every_year, params, ON).passed
    # three achievements, but two of them in 2024 and none in 2023: refused, naming the year
    bunched = facts(date(2024, 1, 1), date(2024, 12, 31), date(2025, 7, 1))
    result = check_achievements(bunched, params, ON)
    assert not result.passed and "2023" in result.reason
    # the same facts pass the old rule
    assert check_achievements(bunched, Params.defaults(min_recognised_achievements=3), ON).passed


def test_each_year_counts_per_year_and_ignores_the_current_year():
    params = Params.defaults(achievement_rule_mode="each_year", achievements_per_year=2)
    two_each = [date(y, m, 1) for y in (2023, 2024, 2025) for m in (3, 9)]
    assert check_achievements(facts(*two_each), params, ON).passed
    assert not check_achievements(facts(*two_each[:-1], date(2026, 1, 1)), params, ON).passed


def test_the_mode_accepts_only_its_two_values():
    assert parse_value("achievement_rule_mode", "each_year") == "each_year"
    with pytest.raises(RuleViolation) as exc:
        parse_value("achievement_rule_mode", "most_years")
    assert exc.value.rule_code == "bad_parameter"
