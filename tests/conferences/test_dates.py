"""Issue 9 point 11: each conference of a procedure is dated on or after the procedure's start and the previous
step's conference (``rules.require_held_in_order``). Rule tests, no database."""

from datetime import date

import pytest

from apps.conferences import rules
from apps.core.rules import RuleViolation

START = date(2026, 12, 7)


def test_on_the_start_day_and_after_the_previous_step_is_accepted():
    rules.require_held_in_order(START, started_on=START, previous_on=None)
    rules.require_held_in_order(date(2026, 12, 9), started_on=START, previous_on=date(2026, 12, 9))
    rules.require_held_in_order(START)  # a conference outside a procedure


def test_a_day_before_the_start_is_refused():
    with pytest.raises(RuleViolation) as exc:
        rules.require_held_in_order(date(2026, 12, 6), started_on=START)
    assert exc.value.rule_code == "held_before_start"


def test_a_day_before_the_previous_step_is_refused():
    with pytest.raises(RuleViolation) as exc:
        rules.require_held_in_order(date(2026, 12, 8), started_on=START, previous_on=date(2026, 12, 9))
    assert exc.value.rule_code == "held_before_previous_step"
