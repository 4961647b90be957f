"""Working-day arithmetic (R12): weekends and the rule set's public holidays are skipped."""

from datetime import date, timedelta

import pytest

from apps.core.workdays import add_working_days, is_working_day, working_days_between
from apps.rulesets.parameters import Params

# Tết 2026 as seeded in the national rule set: Monday 16/02 – Friday 20/02.
TET_2026 = [date(2026, 2, d) for d in (16, 17, 18, 19, 20)]


def test_weekdays_are_working_days_and_weekends_are_not():
    assert is_working_day(date(2026, 11, 27), ())  # Friday
    assert not is_working_day(date(2026, 11, 28), ())  # Saturday
    assert not is_working_day(date(2026, 11, 29), ())  # Sunday
    assert is_working_day(date(2026, 11, 30), ())  # Monday


def test_a_public_holiday_on_a_weekday_is_not_a_working_day():
    assert not is_working_day(date(2026, 9, 2), [date(2026, 9, 2)])
    assert is_working_day(date(2026, 9, 3), [date(2026, 9, 2)])


def test_the_start_day_is_not_counted():
    # Monday + 1 working day = Tuesday
    assert add_working_days(date(2026, 11, 23), 1, ()) == date(2026, 11, 24)


def test_adding_skips_the_weekend():
    # Friday + 1 = Monday; Friday + 5 = next Friday
    assert add_working_days(date(2026, 11, 27), 1, ()) == date(2026, 11, 30)
    assert add_working_days(date(2026, 11, 27), 5, ()) == date(2026, 12, 4)


def test_starting_on_a_weekend_counts_from_the_next_monday():
    assert add_working_days(date(2026, 11, 28), 1, ()) == date(2026, 11, 30)


def test_adding_skips_tet():
    # Friday 13/02/2026 + 1 working day: the Tết week is off, so Monday 23/02
    assert add_working_days(date(2026, 2, 13), 1, TET_2026) == date(2026, 2, 23)
    # 15 working days after Thursday 12/02 (policy decision deadline, ND 170 Đ.33): 13/02 is day 1, the
    # weeks of 23/02 and 02/03 are days 2–11, 09/03–12/03 days 12–15: Thursday 12/03
    assert add_working_days(date(2026, 2, 12), 15, TET_2026) == date(2026, 3, 12)


def test_zero_days_returns_the_start():
    assert add_working_days(date(2026, 11, 28), 0, ()) == date(2026, 11, 28)


def test_negative_days_count_backwards():
    # 2 working days before Monday 30/11 = Thursday 26/11
    assert add_working_days(date(2026, 11, 30), -2, ()) == date(2026, 11, 26)
    assert add_working_days(date(2026, 2, 23), -1, TET_2026) == date(2026, 2, 13)


def test_between_counts_days_after_a_up_to_b():
    assert working_days_between(date(2026, 11, 23), date(2026, 11, 23), ()) == 0
    assert working_days_between(date(2026, 11, 23), date(2026, 11, 24), ()) == 1
    assert working_days_between(date(2026, 11, 27), date(2026, 11, 30), ()) == 1  # Fri -> Mon
    assert working_days_between(date(2026, 11, 27), date(2026, 11, 29), ()) == 0  # Fri -> Sun
    assert working_days_between(date(2026, 2, 13), date(2026, 2, 23), TET_2026) == 1


def test_between_is_negative_backwards():
    assert working_days_between(date(2026, 11, 30), date(2026, 11, 26), ()) == -2


def test_holidays_on_weekends_or_outside_the_range_do_not_count_twice():
    saturday_holiday = [date(2026, 11, 28), date(2027, 1, 1)]
    assert working_days_between(date(2026, 11, 27), date(2026, 12, 4), saturday_holiday) == 5


def test_between_is_the_inverse_of_add_over_two_years_of_real_holidays():
    holidays = Params.defaults().public_holidays or TET_2026
    start = date(2025, 12, 1)
    for offset in range(0, 400, 7):
        a = start + timedelta(days=offset)
        for n in (0, 1, 4, 15, 30, 90):
            assert working_days_between(a, add_working_days(a, n, holidays), holidays) == n


def test_counting_agrees_with_a_day_by_day_count():
    holidays = TET_2026 + [date(2026, 4, 27), date(2026, 4, 30), date(2026, 5, 1), date(2026, 9, 2)]
    a = date(2026, 1, 1)
    for length in range(0, 370, 11):
        b = a + timedelta(days=length)
        expected = sum(1 for i in range(1, length + 1) if is_working_day(a + timedelta(days=i), holidays))
        assert working_days_between(a, b, holidays) == expected


def test_a_year_without_holidays_has_261_working_days_in_2026():
    assert working_days_between(date(2025, 12, 31), date(2026, 12, 31), ()) == 261


def test_start_must_be_a_date():
    with pytest.raises(TypeError):
        add_working_days("2026-01-01", 1, ())
