"""The rotation's rules at their boundaries (65-QĐ/TW, H20): plain Python, the rule set's defaults."""

from datetime import date

import pytest

from apps.cadres.eligibility import retirement_date
from apps.core.rules import RuleViolation
from apps.rulesets.parameters import Params
from workflows.rotation import rules

P = Params.defaults()


def test_defaults_are_the_regulation():
    assert P.rotation_min_years_left == 10 and P.rotation_min_months == 36
    assert P.rotation_equivalent_post_required is True and P.rotation_return_notice_days == 90


def test_exactly_ten_years_left_passes_one_day_less_fails():
    born = date(1970, 6, 1)
    retires = retirement_date(born, "male", P)
    start = date(retires.year - 10, retires.month, retires.day)
    rules.require_years_left(born, "male", start, P)
    from datetime import timedelta

    with pytest.raises(RuleViolation) as exc:
        rules.require_years_left(born, "male", start + timedelta(days=2), P)
    assert exc.value.code == "rotation_too_old"


def test_years_left_is_a_parameter():
    born = date(1970, 6, 1)
    retires = retirement_date(born, "male", P)
    start = date(retires.year - 8, retires.month, retires.day)
    with pytest.raises(RuleViolation):
        rules.require_years_left(born, "male", start, P)
    rules.require_years_left(born, "male", start, Params.defaults(rotation_min_years_left=8))


@pytest.mark.parametrize("months,ok", [(35, False), (36, True), (60, True), (None, False)])
def test_period_boundary(months, ok):
    if ok:
        rules.require_period(months, P)
    else:
        with pytest.raises(RuleViolation) as exc:
            rules.require_period(months, P)
        assert exc.value.code == "rotation_too_short"


def test_equivalent_post_and_its_parameter():
    rules.require_equivalent_post(3, 3, P)
    with pytest.raises(RuleViolation) as exc:
        rules.require_equivalent_post(3, 4, P)
    assert exc.value.code == "rotation_not_equivalent"
    rules.require_equivalent_post(3, 4, Params.defaults(rotation_equivalent_post_required=False))


def test_vacancy_boundary():
    rules.require_vacancy(2, 1)
    with pytest.raises(RuleViolation) as exc:
        rules.require_vacancy(2, 2)
    assert exc.value.code == "rotation_no_vacancy"


def test_elsewhere_and_holding_a_post():
    with pytest.raises(RuleViolation) as exc:
        rules.require_elsewhere(4, 4)
    assert exc.value.code == "rotation_same_unit"
    rules.require_elsewhere(4, 5)
    with pytest.raises(RuleViolation):
        rules.require_holds_post(None)


def test_direction():
    assert rules.direction(3, 3) == rules.HORIZONTAL
    assert rules.direction(2, 3) == rules.VERTICAL


def test_return_due_at_the_notice_boundary():
    ends = date(2030, 3, 31)
    assert rules.return_is_due(ends, date(2029, 12, 31), P)  # exactly 90 days before
    assert not rules.return_is_due(ends, date(2029, 12, 30), P)
    assert rules.ends_on(date(2026, 1, 15), 36) == date(2029, 1, 15)
