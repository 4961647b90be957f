from fractions import Fraction

import pytest

from apps.core.rules import RuleViolation
from apps.rulesets.models import RuleParameter, RuleSet
from apps.rulesets.parameters import Params, parse_value
from apps.rulesets.selectors import rule_set_for


@pytest.mark.django_db
def test_the_local_set_layers_on_the_national_one():
    rule_set = rule_set_for()
    assert rule_set.code == "local-kl-btv-tinh-uy"
    params = rule_set.resolve()
    assert params.surplus_required is True  # local demand
    assert params.quorum_fraction == Fraction(2, 3)  # inherited from the national set


@pytest.mark.django_db
def test_an_operator_change_takes_effect_without_code():
    national = RuleSet.objects.get(code="national-377-2025")
    RuleParameter.objects.filter(rule_set=national, key="min_months_in_post").update(value=36)
    assert rule_set_for().resolve().min_months_in_post == 36


def test_bad_parameter_values_are_refused():
    with pytest.raises(RuleViolation):
        parse_value("quorum_fraction", "3/2")
    with pytest.raises(RuleViolation):
        parse_value("term_years", "five")
    with pytest.raises(RuleViolation):
        parse_value("no_such_key", 1)


def test_a_snapshot_round_trips():
    params = Params.defaults()
    assert Params.from_snapshot(params.as_snapshot()).as_snapshot() == params.as_snapshot()
