"""The nomination rules without a database: list bounds (H19), the proposed surplus (H19, R1), the list's vote
order and the consistency of an election result."""

from datetime import date

import pytest

from apps.core.rules import RuleViolation
from apps.rulesets.parameters import Params
from workflows.nomination import rules


def code_of(func, *args, **kwargs):
    with pytest.raises(RuleViolation) as exc:
        func(*args, **kwargs)
    return exc.value.rule_code


NATIONAL = Params.defaults()  # surplus_required off
LOCAL = Params.defaults(surplus_required=True, min_candidates_per_post=2)


@pytest.mark.parametrize(
    ("seats", "bounds"),
    [(1, (2, 2)), (3, (4, 4)), (7, (8, 9)), (10, (11, 13)), (15, (17, 19)), (50, (55, 65))],
)
def test_the_list_carries_ten_to_thirty_percent_more_names_and_at_least_one(seats, bounds):
    assert rules.list_bounds(seats, NATIONAL) == bounds


def test_the_bounds_follow_the_rule_set():
    params = Params.defaults(election_surplus_min_percent=20, election_surplus_max_percent=20)
    assert rules.list_bounds(10, params) == (12, 12)


def test_a_proposal_needs_the_lists_fewest_names_and_under_the_local_rule_two_per_seat():
    assert code_of(rules.require_proposed_surplus, 3, 3, NATIONAL) == "election_surplus"
    rules.require_proposed_surplus(4, 3, NATIONAL)
    assert code_of(rules.require_proposed_surplus, 5, 3, LOCAL) == "surplus"
    rules.require_proposed_surplus(6, 3, LOCAL)


def test_seats_never_exceed_the_position_less_those_being_filled():
    rules.require_seats(3, 3, 0)
    assert code_of(rules.require_seats, 0, 3, 0) == "seats_required"
    assert code_of(rules.require_seats, 4, 3, 0) == "too_many_seats"
    assert code_of(rules.require_seats, 2, 3, 2) == "too_many_seats"


def test_the_election_must_be_ahead_and_its_result_recorded_once_held():
    today = date(2026, 5, 10)
    rules.require_election_ahead(today, today)
    assert code_of(rules.require_election_ahead, date(2026, 5, 9), today) == "election_in_past"
    rules.require_election_held(today, today)
    assert code_of(rules.require_election_held, date(2026, 5, 11), today) == "election_not_held"
    assert code_of(rules.require_election_held, None, today) == "held_on_required"


def test_the_list_goes_from_the_highest_votes_down_ties_are_the_boards_choice():
    rules.require_list_by_votes([30, 28, 25], [25, 20])
    assert code_of(rules.require_list_by_votes, [30, 28, 20], [25]) == "list_order"


def test_results_only_for_the_nominated_and_for_every_one_of_them():
    rules.require_results_for_nominated({1, 2}, {1, 2})
    assert code_of(rules.require_results_for_nominated, {1, 2, 3}, {1, 2}) == "not_nominated"
    assert code_of(rules.require_results_for_nominated, {1}, {1, 2}) == "result_missing"


HALF = "1/2"


def test_a_consistent_result_passes():
    rules.require_consistent_result({1: (True, 151), 2: (True, 200), 3: (False, 149)}, 2, 300, HALF)
    rules.require_consistent_result({1: (False, 100), 2: (False, 90)}, 2, 300, HALF)  # nobody elected


@pytest.mark.parametrize(
    ("results", "seats", "valid", "code"),
    [
        ({1: (True, 150), 2: (False, 10)}, 1, 300, "election_threshold"),  # exactly half is not more
        ({1: (True, 301), 2: (False, 10)}, 1, 300, "votes_exceed_ballots"),
        ({1: (True, 200), 2: (True, 190)}, 1, 300, "too_many_elected"),
        ({1: (True, 160), 2: (False, 200)}, 1, 300, "election_order"),  # the better one left out
        ({1: (True, 200), 2: (False, 160)}, 2, 300, "election_order"),  # above half, a seat left
        ({1: (True, -1)}, 1, 300, "bad_count"),
        ({1: (True, 10)}, 1, 0, "bad_count"),
    ],
)
def test_an_inconsistent_result_is_refused(results, seats, valid, code):
    assert code_of(rules.require_consistent_result, results, seats, valid, HALF) == code


def test_only_an_elected_position_is_nominated_for():
    class Position:
        title, is_elected, is_active = "Chủ tịch", False, True

    assert code_of(rules.require_elected_position, Position()) == "position_not_elected"
    Position.is_elected = True
    rules.require_elected_position(Position())
    Position.is_active = False
    assert code_of(rules.require_elected_position, Position()) == "position_inactive"


def test_a_result_listing_a_nominee_twice_is_refused():
    assert code_of(rules.require_results_for_nominated, [1, 1, 2], {1, 2}) == "duplicate_candidate"
