"""The reappointment's discipline bar (296-QĐ/TW: a reprimand bars reappointment for one year, [P]) without a
database or the web layer: the rule set's own table, its fall-back to the higher-post bars, and the shared
discipline check judged with it."""

from datetime import date
from types import SimpleNamespace

import pytest

from apps.cadres.eligibility.checks import check_discipline
from apps.rulesets.parameters import PARAMETERS, Params
from workflows.reappointment import rules

REPRIMANDED = date(2025, 3, 1)


def facts(*disciplines, proceedings="none"):
    return SimpleNamespace(proceedings=proceedings, disciplines=list(disciplines))


def reprimand(effective_from=REPRIMANDED, status="decided"):
    return ("reprimand", status, effective_from, None)


def test_the_parameter_defaults_to_a_one_year_reprimand_bar_marked_partial():
    param = PARAMETERS["reappointment_discipline_bar_months"]
    assert param.default == {"reprimand": 12} and param.tag == "P" and param.kind == "int_map"
    assert Params.defaults().reappointment_discipline_bar_months == {"reprimand": 12}


def test_a_reprimand_bars_reappointment_for_twelve_months_and_a_higher_post_for_longer():
    params = Params.defaults()
    bars = rules.discipline_bar_months(params)
    assert bars["reprimand"] == 12
    assert params.discipline_bar_months["reprimand"] == 24  # the higher-post table is untouched


def test_forms_the_reappointment_table_does_not_list_keep_their_higher_post_bar():
    params = Params.defaults()
    bars = rules.discipline_bar_months(params)
    for form in ("warning", "demotion", "removal"):
        assert bars[form] == params.discipline_bar_months[form]


def test_the_rule_set_can_change_the_reappointment_bar():
    params = Params.defaults(reappointment_discipline_bar_months={"reprimand": 18, "warning": 24})
    assert rules.discipline_bar_months(params) == {
        "reprimand": 18,
        "warning": 24,
        "demotion": 36,
        "removal": 60,
    }


def test_a_snapshot_from_before_the_parameter_keeps_the_higher_post_bars_it_ran_under():
    snapshot = Params.defaults().as_snapshot()
    del snapshot["reappointment_discipline_bar_months"]
    old = Params.from_snapshot(snapshot)
    assert rules.discipline_bar_months(old) == old.discipline_bar_months


@pytest.mark.parametrize(
    ("on", "passed"),
    [
        (date(2026, 2, 28), False),  # eleven months after the reprimand took effect
        (date(2026, 3, 1), True),  # a year on: reappointment is no longer barred
        (date(2026, 9, 1), True),  # 18 months: still barred from a higher post (24), not from reappointment
    ],
)
def test_the_discipline_check_judges_a_reappointment_by_the_one_year_bar(on, passed):
    params = rules.reappointment_params(Params.defaults())
    result = check_discipline(facts(reprimand()), params, on)
    assert result.code == "discipline" and result.passed is passed


def test_the_higher_post_bar_still_applies_to_an_appointment_on_the_same_day():
    result = check_discipline(facts(reprimand()), Params.defaults(), date(2026, 9, 1))
    assert result.passed is False


def test_reappointment_params_change_only_the_discipline_bars():
    params = Params.defaults(term_years=4)
    merged = rules.reappointment_params(params)
    assert merged.term_years == 4 and merged.quorum_fraction == params.quorum_fraction
    assert merged.discipline_bar_months == rules.discipline_bar_months(params)


def test_a_cadre_under_disciplinary_review_is_still_refused():
    params = rules.reappointment_params(Params.defaults())
    result = check_discipline(facts(reprimand(status="under_review")), params, date(2027, 1, 1))
    assert result.passed is False


def test_expulsion_and_criminal_proceedings_still_bar_a_reappointment():
    params = rules.reappointment_params(Params.defaults())
    assert not check_discipline(
        facts(("expulsion", "decided", date(2015, 1, 1), None)), params, date(2026, 9, 1)
    ).passed
    assert not check_discipline(facts(proceedings="investigated"), params, date(2026, 9, 1)).passed


@pytest.mark.django_db
@pytest.mark.parametrize(("months_ago", "passed"), [(6, False), (15, True)])
def test_the_verification_of_a_procedure_uses_the_rule_sets_reappointment_bar(
    opened, holder, months_ago, passed
):
    """The procedure's own rule snapshot (seeded by rulesets 0005) carries the one-year bar: a reprimand 15
    months old no longer bars the reappointment (the higher-post bar of 24 months would)."""
    from apps.cadres.eligibility.dates import add_months
    from tests.factories import DisciplineFactory
    from workflows.reappointment.services import eligibility_results

    assert opened.rule_snapshot["reappointment_discipline_bar_months"] == {"reprimand": 12}
    today = date.today()
    DisciplineFactory(
        cadre=holder[0],
        kind="reprimand",
        status="decided",
        decided_on=add_months(today, -months_ago),
        effective_from=add_months(today, -months_ago),
    )
    results = {r.code: r for r in eligibility_results(opened, health_ok=True)}
    assert results["discipline"].passed is passed
