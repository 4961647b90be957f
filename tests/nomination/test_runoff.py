"""Issue 9 point 14: when nobody gets more than half of those convened in a nomination round, the appointment's
rule (the best two per seat go on to another vote; procedures §1.2, H3) applies, behind the rule-set parameter
``nomination_runoff_top_two`` (on by default, [P])."""

from fractions import Fraction

import pytest
from viewflow.workflow.status import PROCESS

from apps.conferences import rules
from apps.conferences.models import Conference
from apps.conferences.steps import nomination_steps
from apps.rulesets.parameters import Params

from .helpers import ROUNDS, claim_and_execute, conference, counts, going_on
from .test_walkthrough import approved  # noqa: F401 (fixture)

HALF = Fraction(1, 2)


# --- rule tests (no database) -------------------------------------------------------------------------------


def test_nobody_above_half_sends_the_best_two_on():
    outcome = rules.runoff_outcome({"a": 30, "b": 28, "c": 20}, 60, HALF, 3, 2)
    assert outcome.results == {"a": rules.ADVANCES, "b": rules.ADVANCES, "c": rules.NOT_SELECTED}


def test_anyone_above_half_means_no_runoff():
    outcome = rules.runoff_outcome({"a": 31, "b": 28, "c": 20}, 60, HALF, 3, 2)
    assert outcome.results == {"a": rules.SELECTED, "b": rules.NOT_SELECTED, "c": rules.NOT_SELECTED}


def test_a_tie_at_the_cut_off_keeps_every_tied_name_and_nobody_without_votes_goes_on():
    outcome = rules.runoff_outcome({"a": 30, "b": 20, "c": 20, "d": 0}, 60, HALF, 4, 2)
    assert outcome.tie_at_cutoff
    assert {k for k, r in outcome.results.items() if r == rules.ADVANCES} == {"a", "b", "c"}
    assert rules.runoff_outcome({"a": 0, "b": 0}, 60, HALF, 2, 2).results == {
        "a": rules.NOT_SELECTED,
        "b": rules.NOT_SELECTED,
    }


def test_the_parameter_decides_the_rounds_tie_rule():
    on, off = Params.defaults(), Params.defaults(nomination_runoff_top_two=False)
    assert on.nomination_runoff_top_two is True
    assert {s.tie_rule for s in nomination_steps(on)} == {"top_n_if_none"}
    assert {s.tie_rule for s in nomination_steps(off)} == {"none"}
    tallies = {"a": 30, "b": 28}
    spec_on, spec_off = nomination_steps(on)[1], nomination_steps(off)[1]
    assert rules.conference_outcome(spec_on, on, tallies, 60, 2).outcome == rules.OUTCOME_ADVANCED
    assert rules.conference_outcome(spec_off, off, tallies, 60, 2).outcome == rules.OUTCOME_FAILED


def test_the_best_two_are_counted_per_seat_of_the_list():
    from dataclasses import replace

    params = Params.defaults()
    spec = replace(nomination_steps(params)[1], runoff_seats=1)
    outcome = rules.conference_outcome(spec, params, {"a": 30, "b": 28, "c": 20, "d": 10}, 60, 4)
    assert sorted(k for k, r in outcome.results.items() if r == rules.ADVANCES) == ["a", "b"]


# --- over HTTP ----------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_round_where_nobody_passes_sends_the_best_names_to_the_next_vote(approved):  # noqa: F811
    process, board, cadres = approved  # three seats, six names
    claim_and_execute(board, process, ROUNDS[0], conference(counts(15, 14), [12, 11, 10, 9, 8, 3], cadres))
    five = going_on(process)
    # round 2: nobody is named by more than half of the 60 convened; the best two per seat (six) with votes go on
    claim_and_execute(board, process, ROUNDS[1], conference(counts(60, 55), [30, 28, 20, 10, 0], five))
    process.refresh_from_db()
    assert process.status != PROCESS.DONE and not process.outcome_reason
    assert going_on(process) == five[:4]
    conf = Conference.objects.get(process_id=process.pk, step_code="nomination_2_key_officials")
    assert conf.outcome == Conference.Outcome.ADVANCED
    # the next vote is open for them
    claim_and_execute(board, process, ROUNDS[2], conference(counts(40, 38), [35, 30, 28, 25], five[:4]))
    assert going_on(process) == five[:4]
