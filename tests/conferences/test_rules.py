"""Conference rules (R1, R5, H1–H5, H19) without a database: every boundary asserted by rule code."""

from fractions import Fraction

import pytest

from apps.conferences import rules, steps
from apps.conferences.rules import (
    ADVANCES,
    NOT_SELECTED,
    SELECTED,
    SURPLUS,
    election_list_surplus,
    election_surplus_bounds,
    legal_denominator,
    nomination_outcome,
    require_consistent_counts,
    require_quorum,
    require_surplus,
    vote_outcome,
)
from apps.conferences.steps import StepSpec, step_by_code
from apps.core.rules import RuleViolation
from apps.rulesets.parameters import Params

HALF = Fraction(1, 2)


def code_of(call, *args, **kwargs):
    with pytest.raises(RuleViolation) as exc:
        call(*args, **kwargs)
    return exc.value.rule_code


# --- counts -----------------------------------------------------------------------------------------------


def test_consistent_counts_pass():
    require_consistent_counts(15, 12, 12, 12, 11, [6, 5])


def test_everyone_present_and_every_ballot_valid_passes():
    require_consistent_counts(10, 10, 10, 10, 10, [10], ballot_kind="motion")


def test_attendance_cannot_exceed_convened():
    assert code_of(require_consistent_counts, 10, 11, 11, 11, 11, []) == "attendance_exceeds_convened"


def test_valid_ballots_cannot_exceed_attendance():
    assert code_of(require_consistent_counts, 10, 8, 8, 8, 9, []) == "valid_exceeds_present"


def test_issued_cannot_exceed_present():
    assert code_of(require_consistent_counts, 10, 8, 9, 8, 8, []) == "issued_exceeds_present"


def test_returned_cannot_exceed_issued():
    assert code_of(require_consistent_counts, 10, 8, 7, 8, 7, []) == "returned_exceeds_issued"


def test_valid_cannot_exceed_returned():
    assert code_of(require_consistent_counts, 10, 8, 8, 6, 7, []) == "valid_exceeds_returned"


def test_a_tally_cannot_exceed_valid_ballots():
    assert code_of(require_consistent_counts, 10, 9, 9, 9, 8, [9, 0]) == "tally_exceeds_valid"


def test_a_tally_equal_to_valid_ballots_is_allowed():
    require_consistent_counts(10, 9, 9, 9, 8, [8, 0])


def test_nomination_tallies_together_cannot_exceed_one_name_per_seat():
    # 8 valid ballots naming one person: 5 + 4 = 9 names is impossible
    assert code_of(require_consistent_counts, 10, 9, 9, 9, 8, [5, 4]) == "tallies_exceed_ballots"
    # with two seats each ballot names two people: 16 names allowed
    require_consistent_counts(10, 9, 9, 9, 8, [5, 4], seats=2)
    assert code_of(require_consistent_counts, 10, 9, 9, 9, 8, [8, 8, 1], seats=2) == "tallies_exceed_ballots"


def test_confidence_tallies_may_each_be_high_but_agree_plus_disagree_is_bounded():
    require_consistent_counts(10, 9, 9, 9, 8, [(8, 0), (7, 1)], ballot_kind="confidence")
    assert (
        code_of(require_consistent_counts, 10, 9, 9, 9, 8, [(5, 4)], ballot_kind="confidence")
        == "tally_exceeds_valid"
    )


def test_motion_tallies_are_per_candidate():
    require_consistent_counts(10, 9, 9, 9, 8, [8, 8], ballot_kind="motion")


@pytest.mark.parametrize(
    "counts",
    [(-1, 0, 0, 0, 0), (10, -1, 0, 0, 0), (10, 5, -1, 0, 0), (10, 5, 5, -1, 0), (10, 5, 5, 5, -1)],
)
def test_negative_numbers_are_refused(counts):
    assert code_of(require_consistent_counts, *counts, []) == "negative_count"


def test_a_negative_tally_is_refused():
    assert code_of(require_consistent_counts, 10, 9, 9, 9, 8, [-1]) == "negative_count"
    assert (
        code_of(require_consistent_counts, 10, 9, 9, 9, 8, [(3, -1)], ballot_kind="confidence")
        == "negative_count"
    )


def test_non_integers_are_refused():
    assert code_of(require_consistent_counts, 10, 9.5, 9, 9, 8, []) == "bad_count"
    assert code_of(require_consistent_counts, 10, True, 1, 1, 1, []) == "bad_count"


def test_nobody_convened_is_refused():
    assert code_of(require_consistent_counts, 0, 0, 0, 0, 0, []) == "no_one_convened"


# --- quorum -----------------------------------------------------------------------------------------------


def test_exactly_two_thirds_present_is_a_quorum():
    require_quorum(15, 10, Fraction(2, 3))
    require_quorum(9, 6, "2/3")


def test_one_short_of_two_thirds_is_not_a_quorum():
    assert code_of(require_quorum, 15, 9, Fraction(2, 3)) == "quorum"


def test_quorum_rounds_up_when_two_thirds_is_not_whole():
    # 2/3 of 10 = 6.67: 7 needed, 6 is not enough
    require_quorum(10, 7, Fraction(2, 3))
    assert code_of(require_quorum, 10, 6, Fraction(2, 3)) == "quorum"


def test_the_quorum_message_names_the_numbers():
    with pytest.raises(RuleViolation) as exc:
        require_quorum(10, 6, Fraction(2, 3))
    assert "6" in str(exc.value) and "10" in str(exc.value) and "7" in str(exc.value)


# --- surplus (R1) ---------------------------------------------------------------------------------------


def test_as_many_candidates_as_seats_is_refused():
    assert code_of(require_surplus, 1, 1, required=True, min_per_post=1) == "surplus"
    assert code_of(require_surplus, 3, 3, required=True, min_per_post=1) == "surplus"


def test_fewer_than_the_minimum_per_seat_is_refused():
    assert code_of(require_surplus, 3, 2, required=True, min_per_post=2) == "surplus"


def test_enough_candidates_per_seat_pass():
    require_surplus(2, 1, required=True, min_per_post=2)
    require_surplus(4, 2, required=True, min_per_post=2)
    require_surplus(2, 1, required=True, min_per_post=1)


def test_surplus_is_not_checked_when_the_rule_set_turns_it_off():
    require_surplus(1, 1, required=False, min_per_post=2)


# --- denominators (H2) ------------------------------------------------------------------------------------


def spec(denominator, ballot_kind="motion", tie_rule="head_decides"):
    return StepSpec("x", "x", "x", ballot_kind, denominator, False, True, tie_rule)


def test_each_step_counts_against_its_legal_denominator():
    assert legal_denominator(spec("convened"), 15, 12, 11, None) == 15
    assert legal_denominator(spec("present"), 15, 12, 11, None) == 12
    assert legal_denominator(spec("valid"), 15, 12, 11, None) == 11
    assert legal_denominator(spec("collective_members"), 7, 6, 6, 9) == 9


def test_a_collective_vote_needs_the_collective_size():
    assert (
        code_of(legal_denominator, spec("collective_members"), 7, 6, 6, None) == "collective_members_required"
    )
    assert code_of(legal_denominator, spec("collective_members"), 7, 6, 6, 0) == "collective_members_required"


def test_valid_ballots_cannot_exceed_the_collective():
    assert code_of(legal_denominator, spec("collective_members"), 9, 9, 8, 7) == "valid_exceeds_members"


# --- nomination ballot (H3) -----------------------------------------------------------------------------


def test_most_votes_and_more_than_half_of_convened_is_selected():
    outcome = nomination_outcome({"a": 8, "b": 5}, 15, HALF, 1, 2)
    assert outcome.results == {"a": SELECTED, "b": NOT_SELECTED}
    assert outcome.any_passed
    assert outcome.shares["a"] == Fraction(8, 15)


def test_exactly_half_of_convened_is_not_enough_and_the_top_two_advance():
    outcome = nomination_outcome({"a": 7, "b": 5, "c": 2}, 14, HALF, 1, 2)
    assert not outcome.any_passed
    assert outcome.results == {"a": ADVANCES, "b": ADVANCES, "c": NOT_SELECTED}


def test_half_plus_one_is_selected():
    outcome = nomination_outcome({"a": 8, "b": 5, "c": 1}, 14, HALF, 1, 2)
    assert outcome.results == {"a": SELECTED, "b": NOT_SELECTED, "c": NOT_SELECTED}


def test_the_denominator_is_those_convened_not_the_valid_ballots():
    # 8 of 10 valid ballots is 80% of valid but only 8/17 of the 17 convened: nobody passes
    outcome = nomination_outcome({"a": 8, "b": 2}, 17, HALF, 1, 2)
    assert not outcome.any_passed
    assert outcome.results == {"a": ADVANCES, "b": ADVANCES}


def test_a_tie_at_the_top_n_cut_off_keeps_every_tied_candidate():
    outcome = nomination_outcome({"a": 6, "b": 4, "c": 4, "d": 1}, 15, HALF, 1, 2)
    assert outcome.results == {"a": ADVANCES, "b": ADVANCES, "c": ADVANCES, "d": NOT_SELECTED}
    assert outcome.tie_at_cutoff


def test_without_the_top_n_rule_nobody_advances():
    outcome = nomination_outcome({"a": 7, "b": 5}, 14, HALF, 1, 0)
    assert outcome.results == {"a": NOT_SELECTED, "b": NOT_SELECTED}


def test_two_seats_select_the_two_best_above_half():
    outcome = nomination_outcome({"a": 9, "b": 8, "c": 7, "d": 3}, 12, HALF, 2, 2)
    assert outcome.results == {"a": SELECTED, "b": SELECTED, "c": NOT_SELECTED, "d": NOT_SELECTED}


def test_an_unfilled_seat_sends_the_top_n_of_the_rest_forward():
    outcome = nomination_outcome({"a": 9, "b": 5, "c": 4, "d": 3}, 12, HALF, 2, 2)
    assert outcome.results == {"a": SELECTED, "b": ADVANCES, "c": ADVANCES, "d": NOT_SELECTED}


def test_a_tie_across_the_last_seat_selects_nobody_tied():
    outcome = nomination_outcome({"a": 9, "b": 8, "c": 8, "d": 1}, 12, HALF, 2, 2)
    assert outcome.results == {"a": SELECTED, "b": ADVANCES, "c": ADVANCES, "d": NOT_SELECTED}
    assert outcome.tie_at_cutoff


def test_pair_tallies_use_the_votes_for():
    outcome = nomination_outcome({"a": (8, 2), "b": (3, 7)}, 14, HALF, 1, 2)
    assert outcome.results["a"] == SELECTED


# --- collective vote (H4) -------------------------------------------------------------------------------


def test_more_than_half_of_all_members_passes():
    outcome = vote_outcome(5, 9, HALF, True, None)
    assert outcome.passed and not outcome.tie


def test_less_than_half_fails():
    assert not vote_outcome(4, 9, HALF, True, None).passed


def test_exactly_half_requires_the_head_decision():
    assert code_of(vote_outcome, 4, 8, HALF, True, None) == "head_decision_required"


def test_at_a_tie_the_head_decides_and_dissent_is_required():
    assert code_of(vote_outcome, 4, 8, HALF, True, True, dissent="  ") == "dissent_required"
    assert code_of(vote_outcome, 4, 8, HALF, True, True) == "dissent_required"
    approved = vote_outcome(4, 8, HALF, True, True, dissent="Ông A: chưa đủ kinh nghiệm")
    assert approved.passed and approved.tie and approved.head_decided
    rejected = vote_outcome(4, 8, HALF, True, False, dissent="Bà B đồng ý")
    assert not rejected.passed and rejected.head_decided


def test_half_plus_one_passes_without_the_head():
    assert vote_outcome(5, 8, HALF, True, None).passed


def test_without_the_head_rule_a_tie_fails():
    outcome = vote_outcome(4, 8, HALF, False, None)
    assert not outcome.passed and outcome.tie


def test_a_head_decision_without_a_tie_is_refused():
    assert code_of(vote_outcome, 5, 8, HALF, True, True, dissent="x") == "head_decision_not_allowed"


def test_the_pass_share_is_exact_not_floating_point():
    # 2/3 threshold: 6 of 9 is exactly 2/3 — a tie, not a pass
    assert code_of(vote_outcome, 6, 9, "2/3", True, None) == "head_decision_required"
    assert vote_outcome(7, 9, "2/3", True, None).passed


# --- election list surplus (H19) ------------------------------------------------------------------------


def test_election_surplus_bounds():
    assert election_surplus_bounds(15, 10, 30) == (2, 4)
    assert election_surplus_bounds(3, 10, 30) == (1, 1)  # committees of 3–5: exactly one
    assert election_surplus_bounds(5, 10, 30) == (1, 1)
    assert election_surplus_bounds(10, 10, 30) == (1, 3)


def test_an_election_list_without_surplus_is_refused():
    assert code_of(election_list_surplus, 15, 15, 10, 30) == "election_surplus"


def test_an_election_list_with_too_little_or_too_much_surplus_is_refused():
    assert code_of(election_list_surplus, 16, 15, 10, 30) == "election_surplus"  # 1 < 2
    assert code_of(election_list_surplus, 20, 15, 10, 30) == "election_surplus"  # 5 > 4
    assert code_of(election_list_surplus, 5, 3, 10, 30) == "election_surplus"  # 2 > 1


def test_an_election_list_within_bounds_passes():
    assert election_list_surplus(17, 15, 10, 30) == 2
    assert election_list_surplus(19, 15, 10, 30) == 4
    assert election_list_surplus(4, 3, 10, 30) == 1


def test_share_of_nobody_is_zero():
    assert rules.share(3, 0) == 0


# --- a whole conference ---------------------------------------------------------------------------------


def _params(**overrides):
    return Params.defaults(**overrides)


def _spec(code):
    return step_by_code(code, _params())


def test_a_nomination_conference_passes_advances_or_fails():
    spec, params = _spec("internal_2_expanded"), _params()
    assert rules.conference_outcome(spec, params, {"a": 8, "b": 2}, 15, 1).outcome == "passed"
    assert rules.conference_outcome(spec, params, {"a": 7, "b": 2}, 15, 1).outcome == "advanced"
    no_top_n = _params(nomination_top_n_advance=0)
    assert rules.conference_outcome(spec, no_top_n, {"a": 7, "b": 2}, 15, 1).outcome == "failed"


def test_a_nomination_ballot_has_no_head_decision():
    assert (
        code_of(
            rules.conference_outcome,
            _spec("internal_2_expanded"),
            _params(),
            {"a": 7},
            14,
            1,
            head_decision=True,
        )
        == "head_decision_not_allowed"
    )


def test_a_motion_selects_at_most_the_seats_best_first():
    outcome = rules.conference_outcome(_spec("internal_5_collective"), _params(), {"a": 6, "b": 7}, 9, 1)
    assert outcome.results == {"a": NOT_SELECTED, "b": SELECTED} and outcome.outcome == "passed"


def test_a_motion_tie_across_the_last_seat_before_the_final_vote_is_left_undecided():
    outcome = rules.conference_outcome(_spec("external_1_receiving"), _params(), {"a": 6, "b": 6}, 9, 1)
    assert outcome.results == {"a": ADVANCES, "b": ADVANCES}
    assert outcome.tie_at_cutoff and outcome.outcome == "advanced"


# --- equal votes at the final vote (step 5): the head chooses, the dissent is recorded (H4, [P]) -------------


def test_equal_votes_at_the_final_vote_need_the_heads_choice():
    spec = _spec("internal_5_collective")
    assert spec.final
    assert (
        code_of(rules.conference_outcome, spec, _params(), {"a": 6, "b": 6}, 9, 1) == "head_choice_required"
    )


def test_the_head_chooses_among_equal_votes_and_nobody_is_left_undecided():
    outcome = rules.conference_outcome(
        _spec("internal_5_collective"),
        _params(),
        {"a": 6, "b": 6, "c": 2},
        9,
        1,
        head_choice=["b"],
        dissent="x",
    )
    assert outcome.results == {"a": NOT_SELECTED, "b": SELECTED, "c": NOT_SELECTED}
    assert outcome.outcome == "passed" and outcome.tie_at_cutoff
    assert outcome.head_chosen == frozenset({"b"}) and outcome.head_decided_for == frozenset({"a", "b"})
    assert not outcome.head_decided  # no vote was at exactly the pass share


def test_with_two_seats_the_head_fills_only_the_seat_left_after_the_clear_winner():
    spec, params = _spec("internal_5_collective"), _params()
    tallies = {"a": 8, "b": 6, "c": 6, "d": 1}
    outcome = rules.conference_outcome(spec, params, tallies, 9, 2, head_choice=["c"], dissent="x")
    assert [k for k, r in outcome.results.items() if r == SELECTED] == ["a", "c"]
    # choosing both tied would make three winners for two seats
    assert (
        code_of(rules.conference_outcome, spec, params, tallies, 9, 2, head_choice=["b", "c"], dissent="x")
        == "too_many_winners"
    )


@pytest.mark.parametrize(
    ("choice", "dissent", "code"),
    [
        ([], "x", "head_choice_required"),
        (["c"], "x", "head_choice_not_tied"),
        (["a", "b"], "x", "too_many_winners"),
        (["a"], "  ", "dissent_required"),
    ],
)
def test_the_heads_choice_is_among_the_tied_within_the_seats_and_with_the_dissent(choice, dissent, code):
    assert (
        code_of(
            rules.conference_outcome,
            _spec("internal_5_collective"),
            _params(),
            {"a": 6, "b": 6, "c": 2},
            9,
            1,
            head_choice=choice,
            dissent=dissent,
        )
        == code
    )


def test_the_head_fills_every_seat_the_tied_could_take():
    assert (
        code_of(rules.head_choice_at_equal_votes, ["a", "b", "c"], 2, ["a"], "x") == "head_choice_incomplete"
    )
    assert rules.head_choice_at_equal_votes(["a", "b", "c"], 2, ["c", "a"], "x") == frozenset({"a", "c"})


def test_a_head_choice_without_equal_votes_is_refused():
    spec, params = _spec("internal_5_collective"), _params()
    assert (
        code_of(
            rules.conference_outcome, spec, params, {"a": 7, "b": 2}, 9, 1, head_choice=["a"], dissent="x"
        )
        == "head_choice_not_allowed"
    )
    # nor on a step that is not the final vote
    assert (
        code_of(
            rules.conference_outcome,
            _spec("internal_3_collective"),
            params,
            {"a": 3, "b": 3},
            7,
            1,
            head_choice=["a"],
        )
        == "head_choice_not_allowed"
    )


def test_without_the_head_rule_at_the_final_vote_none_of_the_tied_is_selected():
    params = _params(final_vote_tie_head_decides=False)
    spec = _spec("internal_5_collective")
    assert not spec.head_decides(params) and _spec("external_1_receiving").head_decides(params)
    outcome = rules.conference_outcome(spec, params, {"a": 6, "b": 6}, 9, 1)
    assert outcome.results == {"a": NOT_SELECTED, "b": NOT_SELECTED}
    assert outcome.outcome == "failed" and outcome.tie_at_cutoff
    two_seats = rules.conference_outcome(spec, params, {"a": 8, "b": 6, "c": 6}, 9, 2)
    assert two_seats.results == {"a": SELECTED, "b": NOT_SELECTED, "c": NOT_SELECTED}


def test_two_candidates_at_exactly_half_need_the_heads_approval_and_then_the_heads_choice():
    spec, params = _spec("internal_5_collective"), _params()
    tallies = {"a": 4, "b": 4}  # 4 of 8 members each: both exactly at the pass share, one seat
    assert code_of(rules.conference_outcome, spec, params, tallies, 8, 1) == "head_decision_required"
    assert (
        code_of(rules.conference_outcome, spec, params, tallies, 8, 1, head_decision=True, dissent="x")
        == "head_choice_required"
    )
    outcome = rules.conference_outcome(
        spec, params, tallies, 8, 1, head_decision=True, head_choice=["a"], dissent="x"
    )
    assert outcome.results == {"a": SELECTED, "b": NOT_SELECTED} and outcome.head_decided
    rejected = rules.conference_outcome(spec, params, tallies, 8, 1, head_decision=False, dissent="x")
    assert rejected.outcome == "failed"


def test_the_final_vote_never_selects_more_winners_than_seats():
    spec, params = _spec("internal_5_collective"), _params()
    for seats in (1, 2, 3):
        outcome = rules.conference_outcome(spec, params, {"a": 9, "b": 8, "c": 7, "d": 6}, 9, seats)
        assert sum(r == SELECTED for r in outcome.results.values()) == seats
        assert ADVANCES not in outcome.results.values()


def test_the_head_decides_only_the_tied_candidate():
    outcome = rules.conference_outcome(
        _spec("internal_5_collective"), _params(), {"a": 4, "b": 2}, 8, 2, head_decision=True, dissent="x"
    )
    assert outcome.results == {"a": SELECTED, "b": NOT_SELECTED}
    assert outcome.head_decided_for == frozenset({"a"})


def test_a_motion_tie_without_the_head_rule_fails():
    outcome = rules.conference_outcome(
        _spec("internal_5_collective"), _params(tie_head_decides=False), {"a": 4}, 8, 1
    )
    assert outcome.outcome == "failed"


def test_a_confidence_poll_has_no_seat_limit():
    outcome = rules.conference_outcome(
        _spec("internal_4_key_officials"), _params(), {"a": (20, 4), "b": (18, 6), "c": (15, 9)}, 30, 1
    )
    assert outcome.results == {"a": SELECTED, "b": SELECTED, "c": NOT_SELECTED}


def test_the_list_approval_is_one_vote_and_may_be_decided_by_the_head():
    spec = _spec("internal_1_collective")
    assert (
        rules.conference_outcome(spec, _params(), {"a": 0, "b": 0}, 9, 1, list_votes_for=5).outcome
        == "passed"
    )
    assert (
        rules.conference_outcome(spec, _params(), {"a": 0, "b": 0}, 9, 1, list_votes_for=4).outcome
        == "failed"
    )
    assert code_of(rules.conference_outcome, spec, _params(), {"a": 0}, 8, 1, list_votes_for=4) == (
        "head_decision_required"
    )
    tied = rules.conference_outcome(
        spec, _params(), {"a": 0}, 8, 1, list_votes_for=4, head_decision=True, dissent="x"
    )
    assert tied.results == {"a": SELECTED} and tied.head_decided_for == frozenset({"a"})


# --- surplus carried forward to the next consultation (R1 across steps) ----------------------------------


def _local(**overrides):
    return _params(surplus_required=True, **overrides)


def test_the_surplus_needed_is_more_than_the_seats_and_the_minimum_per_seat():
    assert rules.surplus_needed(1, 2) == 2
    assert rules.surplus_needed(2, 2) == 4
    assert rules.surplus_needed(1, 1) == 2  # more candidates than seats even when one per seat is the minimum
    assert rules.surplus_needed(3, 1) == 4
    assert rules.surplus_needed(1, 3) == 3


def test_only_steps_2_and_3_carry_the_surplus_forward():
    carrying = [s.code for s in steps.appointment_internal_steps(_params()) if s.carries_surplus]
    assert carrying == ["internal_2_expanded", "internal_3_collective"]
    for procedure in ("appointment_external", "reappointment", "extension", "nomination"):
        assert not any(s.carries_surplus for s in steps.STEP_LISTS[procedure](_params())), procedure


def test_step_3_keeps_the_collectives_nominee_and_carries_the_next_ranked_name():
    # 5 of 7 members name "a" (> 50%: the collective's nominee); "b" is next; "c" last
    outcome = rules.conference_outcome(
        _spec("internal_3_collective"), _local(), {"a": 5, "b": 2, "c": 0}, 7, 1
    )
    assert outcome.results == {"a": SELECTED, "b": SURPLUS, "c": NOT_SELECTED}
    assert outcome.outcome == "passed" and not outcome.tie_at_cutoff


def test_without_the_surplus_rule_step_3_sends_only_its_nominee_on():
    outcome = rules.conference_outcome(
        _spec("internal_3_collective"), _params(surplus_required=False), {"a": 5, "b": 2, "c": 0}, 7, 1
    )
    assert outcome.results == {"a": SELECTED, "b": NOT_SELECTED, "c": NOT_SELECTED}


def test_the_carry_fills_up_to_the_minimum_per_seat():
    outcome = rules.conference_outcome(
        _spec("internal_3_collective"),
        _local(min_candidates_per_post=3),
        {"a": 5, "b": 1, "c": 1, "d": 0},
        7,
        1,
    )
    assert outcome.results == {"a": SELECTED, "b": SURPLUS, "c": SURPLUS, "d": NOT_SELECTED}


def test_equal_tallies_at_the_carry_cut_off_all_go_on():
    outcome = rules.conference_outcome(
        _spec("internal_3_collective"), _local(), {"a": 5, "b": 1, "c": 1}, 7, 1
    )
    assert outcome.results == {"a": SELECTED, "b": SURPLUS, "c": SURPLUS} and outcome.tie_at_cutoff


def test_no_carry_when_the_top_two_already_go_on():
    # nobody above 50% of the 7 members: the top two advance, which is already a surplus for one seat
    outcome = rules.conference_outcome(
        _spec("internal_3_collective"), _local(), {"a": 3, "b": 2, "c": 1}, 7, 1
    )
    assert outcome.results == {"a": ADVANCES, "b": ADVANCES, "c": NOT_SELECTED}


def test_the_carry_covers_every_seat():
    # two seats, two per seat: "a" and "b" pass, "c" and "d" are carried, "e" stops
    outcome = rules.conference_outcome(
        _spec("internal_3_collective"), _local(), {"a": 6, "b": 5, "c": 2, "d": 1, "e": 0}, 7, 2
    )
    assert outcome.results == {"a": SELECTED, "b": SELECTED, "c": SURPLUS, "d": SURPLUS, "e": NOT_SELECTED}


def test_the_surplus_rule_never_revives_a_failed_step():
    spec = _spec("internal_3_collective")
    outcome = rules.conference_outcome(spec, _local(nomination_top_n_advance=0), {"a": 3, "b": 2}, 7, 1)
    assert outcome.outcome == "failed" and set(outcome.results.values()) == {NOT_SELECTED}


def test_the_final_vote_and_the_confidence_poll_do_not_carry():
    final = rules.conference_outcome(_spec("internal_5_collective"), _local(), {"a": 5, "b": 2}, 7, 1)
    assert final.results == {"a": SELECTED, "b": NOT_SELECTED}
    poll = rules.conference_outcome(
        _spec("internal_4_key_officials"), _local(), {"a": (20, 4), "b": (9, 15)}, 30, 1
    )
    assert poll.results == {"a": SELECTED, "b": NOT_SELECTED}


def test_a_rule_set_may_switch_the_carry_off_for_a_step():
    params = _local(step_overrides={"internal_3_collective": {"carries_surplus": False}})
    spec = step_by_code("internal_3_collective", params)
    outcome = rules.conference_outcome(spec, params, {"a": 5, "b": 2}, 7, 1)
    assert outcome.results == {"a": SELECTED, "b": NOT_SELECTED}


def test_carry_surplus_alone():
    assert rules.carry_surplus({"a": SELECTED, "b": NOT_SELECTED}, {"a": 5, "b": 0}, 2) == (
        {"a": SELECTED, "b": SURPLUS},
        False,
    )
    assert rules.carry_surplus({"a": NOT_SELECTED, "b": NOT_SELECTED}, {"a": 5, "b": 0}, 2) == (
        {"a": NOT_SELECTED, "b": NOT_SELECTED},
        False,
    )
