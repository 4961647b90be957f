"""The planning review's rules at their boundaries (377-QĐ/TW; QĐ 50; H13, H18): plain Python, the rule set's
defaults unless a test changes one."""

from datetime import date, timedelta

import pytest

from apps.cadres.eligibility import add_months, require_planning_limits, retirement_date
from apps.core.rules import RuleViolation
from apps.rulesets.parameters import Params
from workflows.planning import rules
from workflows.planning.rules import PersonFacts

P = Params.defaults()
TODAY = date(2026, 12, 7)
MEETS = ("concluded", "meets", TODAY - timedelta(days=30))


def facts(**kwargs):
    base = {"birth_date": date(1985, 1, 1), "gender": "male", "conclusion": MEETS}
    return PersonFacts(**{**base, **kwargs})


def code(call, *args, **kwargs):
    with pytest.raises(RuleViolation) as exc:
        call(*args, **kwargs)
    return exc.value.code


def test_defaults():
    assert P.planning_max_per_post == 3 and P.planning_max_posts_per_person == 3
    assert P.planning_age_terms == 2 and P.planning_removal_on_discipline is True
    assert P.target_planning_young_percent == 15 and P.target_planning_female_percent == 25


def test_three_per_post_and_three_posts_per_cadre():
    require_planning_limits(2, 2, 3, 3)  # the third cadre, the third post: allowed
    assert code(require_planning_limits, 3, 0, 3, 3) == "planning_limit_post"
    assert code(require_planning_limits, 0, 3, 3, 3) == "planning_limit_person"
    require_planning_limits(3, 0, 4, 3)  # a parameter, not a constant


def test_only_a_higher_post():
    rules.require_higher_post(None, 1)  # holds no post yet
    rules.require_higher_post(3, 4)
    assert code(rules.require_higher_post, 4, 4) == "planning_not_higher"
    assert code(rules.require_higher_post, 5, 4) == "planning_not_higher"


def test_not_during_an_appointment_or_nomination():
    rules.require_not_in_procedure(())
    assert code(rules.require_not_in_procedure, (12,)) == "planning_during_procedure"


def test_political_standard_gate_and_its_validity():
    rules.require_political_standard(facts(), P, TODAY)
    assert (
        code(rules.require_political_standard, facts(conclusion=None), P, TODAY)
        == "political_standard_missing"
    )
    pending = ("pending", "", None)
    assert (
        code(rules.require_political_standard, facts(conclusion=pending), P, TODAY)
        == "political_standard_missing"
    )
    failed = ("concluded", "does_not_meet", TODAY)
    assert (
        code(rules.require_political_standard, facts(conclusion=failed), P, TODAY)
        == "political_standard_not_met"
    )
    months = P.political_conclusion_validity_months
    edge = ("concluded", "meets", add_months(TODAY, -months))
    rules.require_political_standard(facts(conclusion=edge), P, TODAY)
    old = ("concluded", "meets", add_months(TODAY, -months) - timedelta(days=1))
    assert (
        code(rules.require_political_standard, facts(conclusion=old), P, TODAY)
        == "political_standard_expired"
    )


def test_age_for_two_terms_at_the_boundary():
    born = date(1970, 6, 1)
    retires = retirement_date(born, "male", P)
    on = date(retires.year - 10, retires.month, retires.day)  # exactly two five-year terms left
    assert not rules.years_short(facts(birth_date=born), 5, P, on)
    assert rules.years_short(facts(birth_date=born), 5, P, on + timedelta(days=2))
    assert not rules.years_short(
        facts(birth_date=born), 5, Params.defaults(planning_age_terms=1), on + timedelta(days=2)
    )


def test_removal_reasons():
    assert rules.removal_reasons(facts(), 5, P, TODAY) == []
    old = facts(birth_date=date(1966, 1, 1))
    assert rules.removal_reasons(old, 5, P, TODAY) == [rules.OVER_AGE]
    reprimand = facts(disciplines=(("reprimand", "decided", TODAY - timedelta(days=100), None),))
    assert rules.removal_reasons(reprimand, 5, P, TODAY) == [rules.DISCIPLINED]
    assert (
        rules.removal_reasons(reprimand, 5, Params.defaults(planning_removal_on_discipline=False), TODAY)
        == []
    )
    failed = facts(conclusion=("concluded", "does_not_meet", TODAY))
    assert rules.removal_reasons(failed, 5, P, TODAY) == [rules.POLITICAL_STANDARD]


def test_discipline_bar_boundary():
    bar = P.discipline_bar_months["reprimand"]
    start = add_months(TODAY, -bar)
    ran_out = facts(disciplines=(("reprimand", "decided", start, None),))
    assert not rules.disciplined(ran_out, P, TODAY)
    still = facts(disciplines=(("reprimand", "decided", start + timedelta(days=1), None),))
    assert rules.disciplined(still, P, TODAY)
    under_review = facts(disciplines=(("", "under_review", None, None),))
    assert not rules.disciplined(under_review, P, TODAY)
    expelled = facts(disciplines=(("expulsion", "decided", date(2000, 1, 1), None),))
    assert rules.disciplined(expelled, P, TODAY)


def test_may_enter_checks_everything():
    ok = {"planned_rank": 5, "term_years": 5, "on_post": 2, "on_level": 2, "params": P, "on": TODAY}
    rules.require_may_enter(facts(current_rank=4), **ok)
    assert code(rules.require_may_enter, facts(current_rank=5), **ok) == "planning_not_higher"
    assert code(rules.require_may_enter, facts(), **{**ok, "on_post": 3}) == "planning_limit_post"
    assert code(rules.require_may_enter, facts(), **{**ok, "on_level": 3}) == "planning_limit_person"
    assert code(rules.require_may_enter, facts(birth_date=date(1966, 1, 1)), **ok) == "planning_over_age"
    reprimand = facts(disciplines=(("reprimand", "decided", TODAY, None),))
    assert code(rules.require_may_enter, reprimand, **ok) == "planning_disciplined"
    assert code(rules.require_may_enter, facts(running_procedures=(3,)), **ok) == "planning_during_procedure"
    assert code(rules.require_reason_for_removal, "  ") == "removal_reason_required"
