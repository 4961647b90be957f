"""Eligibility rules (R2, R3, R6, R7, R11; H8–H15, H17, H18) without a database.

Every test starts from a candidate who meets every condition on 27/11/2026 and changes one fact.
"""

from dataclasses import replace
from datetime import date, timedelta

import pytest

from apps.cadres.eligibility import (
    CandidateFacts,
    PositionFacts,
    add_months,
    evaluate,
    needs_extension,
    require_all_passed,
    require_planning_limits,
    retirement_age_months,
    retirement_date,
)
from apps.core.rules import RuleViolation
from apps.rulesets.parameters import Params

ON = date(2026, 11, 27)
PARAMS = Params.defaults()

GOOD = CandidateFacts(
    birth_date=date(1980, 5, 17),
    gender="male",
    home_province="Bắc Ninh",
    home_commune="Phường Kinh Bắc",
    cadre_id=1,
    political_status="concluded",
    political_result="meets",
    political_date=date(2026, 6, 1),
    political_reference="125-KL/TU",
    political_issuer="Ban Thường vụ Tỉnh ủy",
    evaluations={2023: "good", 2024: "excellent", 2025: "good"},
    achievements=[(date(2024, 6, 1), "Đề án cải cách hành chính", "UBND tỉnh")],
    self_assessment_years=3,
    planning=[(10, 4)],
    current_post_start=date(2022, 1, 1),
    current_post_rank=3,
    is_first_appointment=False,
    post_periods=[(date(2022, 1, 1), None, 3)],
    asset_declared_on=date(2025, 12, 20),
    asset_verified_on=date(2026, 2, 1),
    resume_verified_on=date(2026, 3, 1),
)
POST = PositionFacts(position_id=10, title="Phó Giám đốc Sở", rank=4, term_years=5, unit_province="Bắc Ninh")


def results(facts=GOOD, position=POST, params=PARAMS, on=ON, **kwargs):
    return {r.code: r for r in evaluate(facts, position, params, on, **kwargs)}


def check(code, facts=GOOD, **kwargs):
    return results(facts, **kwargs)[code]


# --- the baseline -----------------------------------------------------------------------------------------


def test_a_candidate_meeting_every_condition_passes_every_check():
    checks = results()
    assert list(checks) == [
        "political_standard",
        "achievements",
        "retirement",
        "planning",
        "months_in_post",
        "discipline",
        "open_report",
        "asset_declaration",
        "resume",
    ]
    assert all(r.passed and not r.reason for r in checks.values())
    require_all_passed(checks.values())


def test_evidence_names_the_documents_and_dates():
    political = check("political_standard")
    assert "125-KL/TU" in political.evidence and "01/06/2026" in political.evidence
    assert "Đề án cải cách hành chính" in check("achievements").evidence
    assert "31/05/2042" in check("retirement").evidence  # born 17/05/1980, 62 years


def test_require_all_passed_names_the_failed_checks():
    facts = replace(GOOD, political_status=None, resume_verified_on=None)
    with pytest.raises(RuleViolation) as exc:
        require_all_passed(evaluate(facts, POST, PARAMS, ON))
    assert exc.value.rule_code == "not_eligible"
    assert exc.value.failed_checks == ["political_standard", "resume"]


# --- political standard (R2, H13) -------------------------------------------------------------------------


def test_no_conclusion_fails():
    result = check("political_standard", replace(GOOD, political_status=None, political_date=None))
    assert not result.passed and result.reason


def test_a_pending_verification_fails():
    assert not check(
        "political_standard", replace(GOOD, political_status="pending", political_date=None)
    ).passed


def test_a_negative_conclusion_fails():
    assert not check("political_standard", replace(GOOD, political_result="does_not_meet")).passed


def test_a_conclusion_expires_after_the_validity_months():
    assert check("political_standard", replace(GOOD, political_date=date(2025, 11, 27))).passed
    assert not check("political_standard", replace(GOOD, political_date=date(2025, 11, 26))).passed


def test_a_conclusion_without_validity_never_expires():
    params = Params.defaults(political_conclusion_validity_months=None)
    facts = replace(GOOD, political_date=date(2015, 1, 1))
    assert check("political_standard", facts, params=params).passed


# --- achievements (R3, H14) -------------------------------------------------------------------------------


def test_a_missing_rating_in_the_last_three_years_fails():
    result = check("achievements", replace(GOOD, evaluations={2023: "good", 2025: "good"}))
    assert not result.passed and "2024" in result.reason


def test_a_year_of_duties_not_completed_fails():
    facts = replace(GOOD, evaluations={2023: "not_completed", 2024: "good", 2025: "good"})
    assert not check("achievements", facts).passed


def test_ratings_older_than_the_window_do_not_count():
    facts = replace(GOOD, evaluations={2022: "good", 2023: "good", 2024: "good"})
    assert not check("achievements", facts).passed


def test_an_achievement_before_the_window_does_not_count():
    assert check("achievements", replace(GOOD, achievements=[(date(2023, 1, 1), "X", "Y")])).passed
    assert not check("achievements", replace(GOOD, achievements=[(date(2022, 12, 31), "X", "Y")])).passed


def test_the_number_of_recognised_achievements_is_a_parameter():
    params = Params.defaults(min_recognised_achievements=2)
    assert not check("achievements", params=params).passed
    facts = replace(GOOD, achievements=GOOD.achievements + [(date(2025, 3, 1), "Sáng kiến", "Sở KH&CN")])
    assert check("achievements", facts, params=params).passed


def test_the_self_assessment_must_cover_the_years():
    assert not check("achievements", replace(GOOD, self_assessment_years=2)).passed


# --- retirement (H10, H17) --------------------------------------------------------------------------------


def test_the_retirement_age_roadmap_by_year():
    # ND 135/2020 Đ.4: men 60y3m in 2021 + 3 months a year to 62 in 2028; women 55y4m + 4 months to 60 in 2035
    assert retirement_age_months(2021, "male", PARAMS) == 60 * 12 + 3
    assert retirement_age_months(2027, "male", PARAMS) == 61 * 12 + 9
    assert retirement_age_months(2028, "male", PARAMS) == 62 * 12
    assert retirement_age_months(2040, "male", PARAMS) == 62 * 12
    assert retirement_age_months(2021, "female", PARAMS) == 55 * 12 + 4
    assert retirement_age_months(2027, "female", PARAMS) == 57 * 12 + 4
    assert retirement_age_months(2034, "female", PARAMS) == 59 * 12 + 8
    assert retirement_age_months(2035, "female", PARAMS) == 60 * 12
    assert retirement_age_months(2020, "male", PARAMS) == 60 * 12  # before the roadmap
    assert retirement_age_months(2020, "female", PARAMS) == 55 * 12


@pytest.mark.parametrize(
    "born,gender,retires",
    [
        # the man born 15/03/1966 turns 61y9m (the 2027 age) on 15/12/2027: retires at the end of that month
        (date(1966, 3, 15), "male", date(2027, 12, 31)),
        # a month younger, he would turn 61y9m only in 2028, when the age is already 62
        (date(1966, 4, 15), "male", date(2028, 4, 30)),
        # first and last births of the 2021 group (60y3m): 01/1961 → 04/2021, 09/1961 → 12/2021
        (date(1961, 1, 10), "male", date(2021, 4, 30)),
        (date(1961, 9, 10), "male", date(2021, 12, 31)),
        (date(1961, 10, 10), "male", date(2022, 4, 30)),  # 60y6m in 2022
        (date(1980, 5, 17), "male", date(2042, 5, 31)),
        (date(1968, 2, 29), "male", date(2030, 2, 28)),
        # women: born 01/1970 → 57y4m in 05/2027; 08/1970 → 12/2027; 09/1970 → 57y8m in 05/2028
        (date(1970, 1, 15), "female", date(2027, 5, 31)),
        (date(1970, 8, 20), "female", date(2027, 12, 31)),
        (date(1970, 9, 10), "female", date(2028, 5, 31)),
        (date(1966, 1, 1), "female", date(2021, 5, 31)),  # 55y4m in 2021
        (date(1980, 3, 3), "female", date(2040, 3, 31)),  # 60 from 2035 on
    ],
)
def test_retirement_dates_follow_the_roadmap_table(born, gender, retires):
    assert retirement_date(born, gender, PARAMS) == retires


@pytest.mark.parametrize("gender", ["male", "female"])
def test_a_later_birth_never_retires_earlier(gender):
    day, previous = date(1960, 1, 1), date.min
    while day < date(1982, 1, 1):
        retires = retirement_date(day, gender, PARAMS)
        assert retires >= previous, day
        previous = retires
        day += timedelta(days=9)


def test_too_few_years_to_retirement_fails():
    facts = replace(GOOD, birth_date=date(1966, 3, 15))  # retires 31/12/2027
    result = check("retirement", facts)
    assert not result.passed and "31/12/2027" in result.evidence


def test_five_years_to_retirement_counted_from_the_dossier_received_date():
    facts = replace(GOOD, birth_date=date(1970, 1, 15))  # man: 62 in 2032 → retires 31/01/2032
    assert check("retirement", facts, received_on=date(2027, 2, 1)).passed  # serves 01/02/2027–31/01/2032
    assert not check("retirement", facts, received_on=date(2027, 2, 2)).passed


def test_years_to_retirement_is_a_parameter_else_the_post_term():
    facts = replace(GOOD, birth_date=date(1967, 12, 15))  # man: 62 → 31/12/2029; 3 years 1 month from ON
    assert not check("retirement", facts).passed
    assert check("retirement", facts, params=Params.defaults(min_years_to_retirement=3)).passed
    assert check("retirement", facts, position=replace(POST, term_years=3)).passed


def test_age_is_not_applied_to_an_equal_or_lower_post():
    facts = replace(GOOD, birth_date=date(1966, 3, 15), current_post_rank=4)
    assert check("retirement", facts).passed


def test_reappointment_needs_only_the_extension_threshold():
    facts = replace(GOOD, birth_date=date(1966, 3, 15))  # retires 31/12/2027: 1 year left
    assert not check("retirement", facts, purpose="reappointment").passed
    facts = replace(GOOD, birth_date=date(1966, 12, 15))  # 62 → 31/12/2028: 2 years 1 month
    assert check("retirement", facts, purpose="reappointment").passed


def test_needs_extension_below_two_years_at_term_end():
    born = date(1966, 3, 15)  # retires 31/12/2027
    assert needs_extension(born, "male", date(2026, 12, 31), PARAMS)
    assert not needs_extension(born, "male", date(2025, 12, 31), PARAMS)  # exactly two years left
    # counted from the day the term ends: from 01/01/2026 to the end of 31/12/2027 is exactly two years
    assert not needs_extension(born, "male", date(2026, 1, 1), PARAMS)
    assert needs_extension(born, "male", date(2026, 1, 2), PARAMS)


# --- planning (H8) ----------------------------------------------------------------------------------------


def test_not_in_the_planning_fails():
    assert not check("planning", replace(GOOD, planning=[])).passed


def test_planning_for_a_lower_post_elsewhere_fails():
    assert not check("planning", replace(GOOD, planning=[(99, 3)])).passed


def test_planning_for_an_equivalent_or_higher_post_passes():
    assert check("planning", replace(GOOD, planning=[(99, 4)])).passed
    assert check("planning", replace(GOOD, planning=[(99, 5)]), source="external").passed
    assert not check("planning", replace(GOOD, planning=[(99, 3)]), source="external").passed


# --- months in post (H9) ----------------------------------------------------------------------------------


def test_exactly_twenty_four_months_in_post_passes_and_one_day_less_fails():
    facts = replace(GOOD, current_post_start=date(2024, 11, 27), post_periods=[(date(2024, 11, 27), None, 3)])
    assert check("months_in_post", facts).passed
    facts = replace(GOOD, current_post_start=date(2024, 11, 28), post_periods=[(date(2024, 11, 28), None, 3)])
    assert not check("months_in_post", facts).passed


def test_a_first_appointment_needs_no_months_in_post():
    facts = replace(
        GOOD, is_first_appointment=True, current_post_start=None, current_post_rank=None, post_periods=[]
    )
    assert check("months_in_post", facts).passed


def test_months_in_equivalent_posts_add_up():
    periods = [(date(2020, 1, 1), date(2021, 1, 1), 3), (date(2025, 11, 27), None, 3)]
    facts = replace(GOOD, current_post_start=date(2025, 11, 27), post_periods=periods)
    assert check("months_in_post", facts).passed  # 12 + 12
    # 11 months 20 days + 11 months 20 days: the 40 leftover days make a 23rd month, not a 24th
    short = [(date(2020, 1, 1), date(2020, 12, 21), 3), (date(2025, 12, 7), None, 3)]
    assert not check("months_in_post", replace(facts, post_periods=short)).passed
    enough = [(date(2020, 1, 1), date(2021, 1, 11), 3), (date(2025, 12, 7), None, 3)]  # 12m10d + 11m20d
    assert check("months_in_post", replace(facts, post_periods=enough)).passed
    lower = [(date(2020, 1, 1), date(2021, 1, 1), 2), (date(2025, 11, 27), None, 3)]
    assert not check("months_in_post", replace(facts, post_periods=lower)).passed


# --- discipline (H11, H12) --------------------------------------------------------------------------------


def test_under_disciplinary_review_fails():
    facts = replace(GOOD, disciplines=[("", "under_review", None, None)])
    assert not check("discipline", facts).passed


@pytest.mark.parametrize("state", ["investigated", "prosecuted", "indicted", "on_trial"])
def test_criminal_proceedings_fail(state):
    assert not check("discipline", replace(GOOD, proceedings=state)).passed


def test_a_reprimand_bars_for_its_months_from_taking_effect():
    # 24 months (377 per news): effective 27/11/2024 → free on 27/11/2026
    assert check(
        "discipline", replace(GOOD, disciplines=[("reprimand", "decided", date(2024, 11, 27), None)])
    ).passed
    assert not check(
        "discipline", replace(GOOD, disciplines=[("reprimand", "decided", date(2024, 11, 28), None)])
    ).passed


def test_a_warning_bars_for_thirty_six_months():
    assert not check(
        "discipline", replace(GOOD, disciplines=[("warning", "decided", date(2024, 1, 1), None)])
    ).passed
    assert check(
        "discipline", replace(GOOD, disciplines=[("warning", "decided", date(2023, 11, 1), None)])
    ).passed


def test_a_discipline_still_in_effect_bars_beyond_its_bar_period():
    facts = replace(GOOD, disciplines=[("reprimand", "decided", date(2020, 1, 1), date(2027, 1, 1))])
    assert not check("discipline", facts).passed


def test_expulsion_and_dismissal_bar_for_good():
    for kind in ("expulsion", "dismissal"):
        assert not check(
            "discipline", replace(GOOD, disciplines=[(kind, "decided", date(2000, 1, 1), None)])
        ).passed


def test_an_annulled_discipline_is_ignored():
    facts = replace(GOOD, disciplines=[("warning", "annulled", date(2026, 1, 1), None)])
    assert check("discipline", facts).passed


def test_a_form_without_a_bar_period_in_the_rule_set_fails_safe():
    params = Params.defaults(discipline_bar_months={"reprimand": 24})
    facts = replace(GOOD, disciplines=[("warning", "decided", date(2010, 1, 1), None)])
    assert not check("discipline", facts, params=params).passed


def test_bar_periods_come_from_the_rule_set():
    params = Params.defaults(
        discipline_bar_months={"reprimand": 12, "warning": 30, "demotion": 30, "removal": 60}
    )
    facts = replace(GOOD, disciplines=[("reprimand", "decided", date(2025, 11, 27), None)])
    assert check("discipline", facts, params=params).passed
    assert not check("discipline", facts).passed


# --- open reports (R11, H25) ------------------------------------------------------------------------------


def test_an_open_report_pauses_the_candidate():
    assert not check("open_report", replace(GOOD, open_report_count=1)).passed


def test_an_unknown_report_count_is_not_a_pass():
    assert not check("open_report", replace(GOOD, open_report_count=None)).passed


def test_open_reports_are_not_checked_when_the_rule_set_says_so():
    params = Params.defaults(open_report_pauses_candidate=False)
    assert "open_report" not in results(replace(GOOD, open_report_count=2), params=params)


# --- asset declaration and résumé (H15) -------------------------------------------------------------------


def test_no_verified_asset_declaration_fails():
    assert not check("asset_declaration", replace(GOOD, asset_verified_on=None)).passed


def test_an_asset_declaration_older_than_fifteen_months_fails():
    assert check("asset_declaration", replace(GOOD, asset_declared_on=date(2025, 8, 27))).passed
    assert not check("asset_declaration", replace(GOOD, asset_declared_on=date(2025, 8, 26))).passed


def test_an_unverified_resume_fails():
    assert not check("resume", replace(GOOD, resume_verified_on=None)).passed
    assert not check("resume", replace(GOOD, resume_verified_on=ON + timedelta(days=1))).passed


# --- non-local (R7) ---------------------------------------------------------------------------------------


def test_non_local_is_checked_only_where_the_post_requires_it():
    assert "non_local" not in results()
    post = replace(POST, requires_non_local=True, unit_province="Tỉnh Bắc Ninh")
    assert not check("non_local", position=post).passed  # "Bắc Ninh" is "Tỉnh Bắc Ninh"
    assert check("non_local", replace(GOOD, home_province="Hà Nội"), position=post).passed


def test_a_commune_unit_compares_the_home_commune():
    post = replace(POST, requires_non_local=True, unit_province="Bắc Ninh", unit_commune="Phường Kinh Bắc")
    assert not check("non_local", position=post).passed
    assert check("non_local", replace(GOOD, home_commune="Xã Tam Sơn"), position=post).passed


def test_a_unit_without_a_recorded_locality_cannot_be_judged_non_local():
    post = replace(POST, requires_non_local=True, unit_province="")
    assert not check("non_local", replace(GOOD, home_province="Hà Nội"), position=post).passed


# --- purposes and health ----------------------------------------------------------------------------------


def test_reappointment_skips_planning_and_months_and_requires_health():
    checks = results(purpose="reappointment")
    assert "planning" not in checks and "months_in_post" not in checks
    assert not checks["health"].passed
    assert results(replace(GOOD, health_ok=True), purpose="reappointment")["health"].passed
    assert not results(replace(GOOD, health_ok=False), purpose="reappointment")["health"].passed


def test_health_is_checked_for_an_appointment_when_assessed():
    assert "health" not in results()
    assert not results(replace(GOOD, health_ok=False))["health"].passed


def test_extension_checks_political_standard_discipline_reports_and_health():
    assert list(results(replace(GOOD, health_ok=True), purpose="extension")) == [
        "political_standard",
        "discipline",
        "open_report",
        "health",
    ]


def test_planning_requires_the_political_standard_first():
    checks = results(replace(GOOD, political_status=None, political_date=None), purpose="planning")
    assert list(checks) == ["political_standard", "retirement", "discipline", "open_report"]
    assert not checks["political_standard"].passed


def test_nomination_checks_as_an_appointment():
    assert list(results(purpose="nomination")) == list(results())


def test_unknown_purpose_or_source_is_a_programming_error():
    with pytest.raises(ValueError):
        evaluate(GOOD, POST, PARAMS, ON, purpose="promotion")
    with pytest.raises(ValueError):
        evaluate(GOOD, POST, PARAMS, ON, source="abroad")


# --- planning limits (H18) --------------------------------------------------------------------------------


def test_planning_limits():
    require_planning_limits(2, 2, 3, 3)
    with pytest.raises(RuleViolation) as exc:
        require_planning_limits(3, 0, 3, 3)
    assert exc.value.rule_code == "planning_limit_post"
    with pytest.raises(RuleViolation) as exc:
        require_planning_limits(0, 3, 3, 3)
    assert exc.value.rule_code == "planning_limit_person"


# --- date arithmetic --------------------------------------------------------------------------------------


def test_add_months_clamps_to_the_end_of_the_month():
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2024, 2, 29), 12) == date(2025, 2, 28)
    assert add_months(date(2026, 3, 15), -15) == date(2024, 12, 15)
