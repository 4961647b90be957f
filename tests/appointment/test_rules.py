"""The appointment procedure's seat rules, without a database: every refusal by its rule code."""

from types import SimpleNamespace

import pytest

from apps.core.rules import RuleViolation
from workflows.appointment import rules


def code_of(call, *args, **kwargs):
    with pytest.raises(RuleViolation) as exc:
        call(*args, **kwargs)
    return exc.value.rule_code


def candidate(status="selected"):
    return SimpleNamespace(status=status, cadre="Nguyễn Văn An")


def test_the_final_vote_picks_at_most_as_many_winners_as_seats():
    rules.require_winners_within_seats(2, 2)
    rules.require_winners_within_seats(0, 1)
    assert code_of(rules.require_winners_within_seats, 3, 2) == "too_many_winners"


def test_one_decision_per_seat_of_the_proposal():
    rules.require_seat_left(1, 2)
    assert code_of(rules.require_seat_left, 2, 2) == "all_seats_decided"
    assert code_of(rules.require_seat_left, 1, 1) == "all_seats_decided"


def test_a_second_decision_for_the_same_candidate_is_refused():
    rules.require_no_decision_yet(candidate(), False)
    assert code_of(rules.require_no_decision_yet, candidate(), True) == "already_decided"
    assert code_of(rules.require_no_decision_yet, candidate("appointed"), False) == "already_decided"


def test_only_a_waiting_winner_gets_a_decision_or_is_dropped():
    rules.require_winner(candidate("selected"))
    for status in ("eliminated", "failed_verification", "appointed", "dropped"):
        assert code_of(rules.require_winner, candidate(status)) == "not_selected", status


def test_dropping_a_winner_needs_the_reason():
    rules.require_drop_reason("Đồng chí xin rút")
    assert code_of(rules.require_drop_reason, "  ") == "reason_required"
    assert code_of(rules.require_drop_reason, None) == "reason_required"
