"""Working days: the unit every procedural deadline is counted in (R12; ND 170 Đ.33 k.1, QĐ 727).

Saturdays and Sundays are not working days, nor are the public holidays a rule set lists (``public_holidays``,
Bộ luật Lao động 2019 Đ.112 and the Government's yearly notices of compensatory days off). Holidays are passed
in by the caller (``params.public_holidays``) so these functions stay pure and need no database.

Counting convention: the day a time limit starts from is not counted ("within 15 working days after receipt"
means the 15th working day after the day of receipt is the last allowed day).
"""

from datetime import date, timedelta

_SATURDAY = 5


def _holiday_set(holidays):
    if isinstance(holidays, (set, frozenset)):
        return holidays
    return frozenset(holidays or ())


def is_working_day(day, holidays=()):
    """A weekday (Monday–Friday) that is not a public holiday."""
    return day.weekday() < _SATURDAY and day not in _holiday_set(holidays)


def add_working_days(start, n, holidays=()):
    """The `n`-th working day after `start` (`start` itself is not counted); with a negative `n`, the
    `|n|`-th working day before it. ``n == 0`` returns `start` unchanged."""
    if not isinstance(start, date):
        raise TypeError("start must be a date")
    holidays = _holiday_set(holidays)
    step = 1 if n >= 0 else -1
    remaining = abs(n)
    day = start
    while remaining:
        day += timedelta(days=step)
        if is_working_day(day, holidays):
            remaining -= 1
    return day


def _weekdays_up_to(day):
    """Weekdays from an arbitrary fixed Monday (0001-01-01 is a Monday) up to and including `day`."""
    weeks, rest = divmod(day.toordinal(), 7)  # toordinal() counts days from 0001-01-01 inclusive
    return weeks * 5 + min(rest, 5)


def working_days_between(a, b, holidays=()):
    """Working days after `a` up to and including `b` (negative when `b` is before `a`).

    The inverse of ``add_working_days``: ``working_days_between(a, add_working_days(a, n)) == n``.
    """
    if b < a:
        return -working_days_between(b, a, holidays)
    weekdays = _weekdays_up_to(b) - _weekdays_up_to(a)
    off = sum(1 for h in _holiday_set(holidays) if a < h <= b and h.weekday() < _SATURDAY)
    return weekdays - off
