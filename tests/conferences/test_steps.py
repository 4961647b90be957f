"""The step lists of each procedure and their rule-set overrides."""

from fractions import Fraction

import pytest

from apps.conferences.steps import (
    STEP_LISTS,
    appointment_external_steps,
    appointment_internal_steps,
    extension_steps,
    nomination_steps,
    reappointment_steps,
    step_by_code,
)
from apps.core.rules import RuleViolation
from apps.rulesets.models import RuleParameter, RuleSet
from apps.rulesets.parameters import Params
from apps.rulesets.selectors import rule_set_for


@pytest.fixture
def params():
    return Params.defaults()


def test_internal_appointment_has_the_five_regulation_steps(params):
    steps = appointment_internal_steps(params)
    assert [s.code for s in steps] == [
        "internal_1_collective",
        "internal_2_expanded",
        "internal_3_collective",
        "internal_4_key_officials",
        "internal_5_collective",
    ]
    one, two, three, four, five = steps
    assert one.list_approval and one.denominator == "collective_members"
    # step 2: nomination ballot over those convened, most votes and > 50% else top 2, not announced (H3, H5)
    assert (two.ballot_kind, two.denominator, two.tie_rule) == ("nomination", "convened", "top_n_advance")
    assert not two.announce_result and two.consults
    assert three.ballot_kind == "nomination" and three.announce_result
    assert four.ballot_kind == "confidence" and not four.announce_result and not four.decisive
    # step 5: > 50% of all collective members, tie → head decides (H4); a decision, not a consultation
    assert (five.ballot_kind, five.denominator, five.tie_rule) == (
        "motion",
        "collective_members",
        "head_decides",
    )
    assert not five.consults


def test_no_step_counts_against_valid_ballots(params):
    for steps in STEP_LISTS.values():
        for spec in steps(params):
            assert spec.denominator in ("convened", "collective_members"), spec.code


def test_external_appointment_has_three_steps_on_a_named_person(params):
    steps = appointment_external_steps(params)
    assert len(steps) == 3
    assert not any(s.consults for s in steps)
    assert steps[1].denominator == "convened" and steps[1].tie_rule == "head_decides"


def test_reappointment_confidence_vote_is_not_announced_and_the_collective_decides(params):
    poll, vote = reappointment_steps(params)
    assert poll.ballot_kind == "confidence" and not poll.announce_result
    assert vote.denominator == "collective_members" and vote.tie_rule == "head_decides"


def test_extension_is_one_collective_vote(params):
    (vote,) = extension_steps(params)
    assert vote.denominator == "collective_members" and vote.tie_rule == "head_decides"


def test_nomination_has_five_secret_ballot_rounds_over_those_convened(params):
    steps = nomination_steps(params)
    assert len(steps) == 5
    assert all(s.denominator == "convened" and s.ballot_kind == "nomination" for s in steps)


def test_step_codes_are_unique_across_procedures(params):
    codes = [s.code for steps in STEP_LISTS.values() for s in steps(params)]
    assert len(codes) == len(set(codes))


def test_per_step_thresholds_default_to_the_rule_set(params):
    spec = step_by_code("internal_2_expanded", params)
    assert spec.quorum(params) == Fraction(2, 3)
    assert spec.pass_share(params) == Fraction(1, 2)
    assert spec.top_n(params) == 2
    assert step_by_code("internal_5_collective", params).top_n(params) == 0
    assert step_by_code("internal_5_collective", params).head_decides(params)
    assert not step_by_code("internal_5_collective", Params.defaults(tie_head_decides=False)).head_decides(
        Params.defaults(tie_head_decides=False)
    )


def test_a_rule_set_override_changes_one_step(params):
    overridden = Params.defaults(
        step_overrides={
            "internal_3_collective": {
                "denominator": "convened",
                "announce_result": False,
                "pass_fraction": "2/3",
            }
        }
    )
    spec = step_by_code("internal_3_collective", overridden)
    assert spec.denominator == "convened" and not spec.announce_result
    assert spec.pass_share(overridden) == Fraction(2, 3)
    assert step_by_code("internal_2_expanded", overridden) == step_by_code("internal_2_expanded", params)


@pytest.mark.parametrize(
    "change",
    [
        {"denominator": "everyone"},
        {"ballot_kind": "show_of_hands"},
        {"consults": "yes"},
        {"pass_fraction": "3/2"},
        {"pass_fraction": "half"},
        {"code": "renamed"},
        {"no_such_field": 1},
        {"title": ""},
    ],
)
def test_bad_overrides_are_refused(change):
    bad = Params.defaults(step_overrides={"internal_2_expanded": change})
    with pytest.raises(RuleViolation) as exc:
        appointment_internal_steps(bad)
    assert exc.value.rule_code == "bad_step_override"


def test_an_unknown_step_code_is_not_found(params):
    with pytest.raises(KeyError):
        step_by_code("no_such_step", params)


@pytest.mark.django_db
def test_the_seeded_rule_sets_carry_empty_overrides_and_an_operator_can_change_a_step():
    assert rule_set_for().resolve().step_overrides == {}
    national = RuleSet.objects.get(code="national-377-2025")
    RuleParameter.objects.filter(rule_set=national, key="step_overrides").update(
        value={"internal_4_key_officials": {"announce_result": True}}
    )
    params = rule_set_for().resolve()
    assert step_by_code("internal_4_key_officials", params).announce_result
