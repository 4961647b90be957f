"""Date arithmetic of eligibility: months, and the statutory retirement date (Bộ luật Lao động 2019 Đ.169;
ND 135/2020 Đ.3–4; HD 06-HD/BTCTW)."""

import calendar
from datetime import date, timedelta


def add_months(day, months):
    """The same day `months` months later (earlier when negative), clamped to the month's last day."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _full_months(start, end):
    """Whole months from `start` to `end`, and the days left over."""
    months = (end.year - start.year) * 12 + (end.month - start.month)
    if add_months(start, months) > end:
        months -= 1
    return months, (end - add_months(start, months)).days


def retirement_age_months(year, gender, params):
    """Statutory retirement age, in months, of people who reach it in `year` (Bộ luật Lao động 2019 Đ.169;
    ND 135/2020 Đ.4): from the base year it rises by a step each year up to the final age; before the base year
    the pre-roadmap age (base − one step: 60 for men, 55 for women) applied."""
    if gender == "female":
        base, step, top = (
            params.retirement_female_base_months,
            params.retirement_female_step_months,
            params.retirement_female_max_months,
        )
    else:
        base, step, top = (
            params.retirement_male_base_months,
            params.retirement_male_step_months,
            params.retirement_male_max_months,
        )
    if year < params.retirement_base_year:
        return base - step
    return min(base + step * (year - params.retirement_base_year), top)


def retirement_date(birth_date, gender, params):
    """The day the cadre retires: the end of the month in which they reach the retirement age that applies
    in the year they reach it (ND 135/2020 Đ.3: "kết thúc ngày cuối cùng của tháng đủ tuổi nghỉ hưu").

    The age rises each year by less than twelve months, so the first year Y in which a person turns the age
    A(Y) is well defined: e.g. a man born 15/03/1966 turns 61y9m (the 2027 age) on 15/12/2027 and retires on
    31/12/2027; one born 15/04/1966 would turn 61y9m only in 2028, when the age is 62, and retires 30/04/2028.
    """
    year = birth_date.year
    while True:
        reached = add_months(birth_date, retirement_age_months(year, gender, params))
        if reached.year <= year:
            break
        year += 1
    last_day = calendar.monthrange(reached.year, reached.month)[1]
    return reached.replace(day=last_day)


def needs_extension(birth_date, gender, term_end, params):
    """H17: fewer than `extension_years_to_retirement` years remain to retirement when the term ends, so the
    term is extended to retirement instead of a reappointment (ND 115 Đ.49; ND 138 Đ.53)."""
    first_day_retired = retirement_date(birth_date, gender, params) + timedelta(days=1)
    return add_months(term_end, 12 * params.extension_years_to_retirement) > first_day_retired
