"""Cadre registry pages: scope isolation, search and filters, the profile, and constant query counts."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.cadres import services
from apps.cadres.models import Cadre, Gender, PlanningEntry, PoliticalConclusion
from apps.cadres.selectors import PoliticalStatus, months_before, years_before
from tests.factories import (
    AchievementFactory,
    AssetDeclarationFactory,
    CadreFactory,
    DisciplineFactory,
    EvaluationFactory,
    OrgUnitFactory,
    PlanningEntryFactory,
    PoliticalConclusionFactory,
    PositionFactory,
    TenureFactory,
)

pytestmark = pytest.mark.django_db

CADRES = reverse("registry:cadres:index")


def detail(cadre):
    return reverse("registry:cadres:detail", args=[cadre.pk])


def listed(client, **params):
    response = client.get(CADRES, params)
    assert response.status_code == 200
    return set(response.context["object_list"])


# --- scope isolation ------------------------------------------------------------------------------------


def test_anonymous_users_are_sent_to_the_login_page(client_for, unit_a):
    cadre = CadreFactory(current_unit=unit_a)
    for url in (CADRES, detail(cadre)):
        response = client_for(None).get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


def test_a_unit_leader_lists_and_opens_only_cadres_of_their_scope(client_for, leader_a, unit_a, unit_b):
    sub = OrgUnitFactory(code="snv-p2", parent=unit_a)
    mine = CadreFactory(current_unit=unit_a)
    in_sub_unit = CadreFactory(current_unit=sub)
    theirs = CadreFactory(current_unit=unit_b)
    client = client_for(leader_a)
    assert listed(client) == {mine, in_sub_unit}
    assert client.get(detail(mine)).status_code == 200
    assert client.get(detail(in_sub_unit)).status_code == 200
    assert client.get(detail(theirs)).status_code == 404
    assert client.get(reverse("registry:cadres:detail", args=[987654])).status_code == 404


def test_leader_b_sees_the_mirror_image(client_for, leader_b, unit_a, unit_b):
    mine = CadreFactory(current_unit=unit_b)
    theirs = CadreFactory(current_unit=unit_a)
    client = client_for(leader_b)
    assert listed(client) == {mine}
    assert client.get(detail(theirs)).status_code == 404


@pytest.mark.parametrize("persona", ["reviewer", "inspector", "admin_user"])
def test_province_wide_readers_see_every_cadre(request, client_for, persona, unit_a, unit_b):
    cadres = {CadreFactory(current_unit=unit_a), CadreFactory(current_unit=unit_b)}
    client = client_for(request.getfixturevalue(persona))
    assert listed(client) == cadres
    for cadre in cadres:
        assert client.get(detail(cadre)).status_code == 200


# --- search and filters ---------------------------------------------------------------------------------


def test_search_finds_a_cadre_by_name_or_code(client_for, admin_user, unit_a):
    lan = CadreFactory(full_name="Nguyễn Thị Lan", code="CB-LAN", current_unit=unit_a)
    CadreFactory(full_name="Trần Văn Hùng", code="CB-HUNG", current_unit=unit_a)
    client = client_for(admin_user)
    assert listed(client, _search="Thị Lan") == {lan}
    assert listed(client, _search="cb-lan") == {lan}


def test_the_unit_filter_includes_sub_units(client_for, admin_user, unit_a, unit_b):
    sub = OrgUnitFactory(code="snv-p3", parent=unit_a)
    in_a, in_sub = CadreFactory(current_unit=unit_a), CadreFactory(current_unit=sub)
    CadreFactory(current_unit=unit_b)
    assert listed(client_for(admin_user), unit=unit_a.pk) == {in_a, in_sub}


def test_a_leader_cannot_filter_on_a_unit_outside_their_scope(client_for, leader_a, unit_a, unit_b):
    CadreFactory(current_unit=unit_b)
    response = client_for(leader_a).get(CADRES, {"unit": unit_b.pk})
    assert response.status_code == 200
    assert set(response.context["object_list"]) <= set(Cadre.objects.filter(current_unit=unit_a))


def test_gender_and_age_band_filters(client_for, admin_user, unit_a):
    today = date.today()
    young_woman = CadreFactory(gender=Gender.FEMALE, birth_date=years_before(today, 30), current_unit=unit_a)
    man_of_44 = CadreFactory(gender=Gender.MALE, birth_date=years_before(today, 44), current_unit=unit_a)
    man_of_45 = CadreFactory(gender=Gender.MALE, birth_date=years_before(today, 45), current_unit=unit_a)
    client = client_for(admin_user)
    assert listed(client, gender="female") == {young_woman}
    assert listed(client, age_band="under_35") == {young_woman}
    assert listed(client, age_band="35_44") == {man_of_44}
    assert listed(client, age_band="45_54") == {man_of_45}
    assert listed(client, age_band="55_plus") == set()


def test_planning_filter(client_for, admin_user, unit_a):
    planned = CadreFactory(current_unit=unit_a)
    PlanningEntryFactory(cadre=planned, position=PositionFactory(unit=unit_a))
    removed = CadreFactory(current_unit=unit_a)
    PlanningEntryFactory(
        cadre=removed, position=PositionFactory(unit=unit_a), status=PlanningEntry.Status.REMOVED
    )
    never = CadreFactory(current_unit=unit_a)
    client = client_for(admin_user)
    assert listed(client, in_planning="true") == {planned}
    assert listed(client, in_planning="false") == {removed, never}


def test_political_standard_filter_covers_every_status(client_for, admin_user, unit_a):
    """Validity comes from the seeded rule set (`political_conclusion_validity_months`, 12 by default)."""
    today = date.today()
    positive = CadreFactory(current_unit=unit_a)
    PoliticalConclusionFactory(cadre=positive, concluded_on=today - timedelta(days=30))
    negative = CadreFactory(current_unit=unit_a)
    PoliticalConclusionFactory(cadre=negative, result=PoliticalConclusion.Result.DOES_NOT_MEET)
    pending = CadreFactory(current_unit=unit_a)
    PoliticalConclusionFactory(
        cadre=pending, status=PoliticalConclusion.Status.PENDING, result="", concluded_on=None
    )
    expired = CadreFactory(current_unit=unit_a)
    PoliticalConclusionFactory(cadre=expired, concluded_on=months_before(today, 12) - timedelta(days=1))
    missing = CadreFactory(current_unit=unit_a)
    client = client_for(admin_user)
    assert listed(client, political_status=PoliticalStatus.POSITIVE) == {positive}
    assert listed(client, political_status=PoliticalStatus.NEGATIVE) == {negative}
    assert listed(client, political_status=PoliticalStatus.PENDING) == {pending}
    assert listed(client, political_status=PoliticalStatus.EXPIRED) == {expired}
    assert listed(client, political_status=PoliticalStatus.MISSING) == {missing}


def test_an_expired_conclusion_under_re_verification_counts_as_pending(client_for, admin_user, unit_a):
    cadre = CadreFactory(current_unit=unit_a)
    PoliticalConclusionFactory(cadre=cadre, concluded_on=date.today() - timedelta(days=800))
    PoliticalConclusionFactory(
        cadre=cadre, status=PoliticalConclusion.Status.PENDING, result="", concluded_on=None
    )
    assert listed(client_for(admin_user), political_status=PoliticalStatus.PENDING) == {cadre}


def test_the_validity_period_is_read_from_the_rule_set(client_for, admin_user, unit_a):
    """Change the parameter in the rule set in force and the same conclusion changes status."""
    from apps.rulesets.models import RuleParameter
    from apps.rulesets.selectors import rule_set_for

    cadre = CadreFactory(current_unit=unit_a)
    PoliticalConclusionFactory(cadre=cadre, concluded_on=date.today() - timedelta(days=200))
    client = client_for(admin_user)
    assert listed(client, political_status=PoliticalStatus.POSITIVE) == {cadre}
    rule_set = rule_set_for(unit=unit_a)
    RuleParameter.objects.update_or_create(
        rule_set=rule_set, key="political_conclusion_validity_months", defaults={"value": 6}
    )
    assert listed(client, political_status=PoliticalStatus.EXPIRED) == {cadre}
    RuleParameter.objects.filter(rule_set=rule_set, key="political_conclusion_validity_months").update(
        value=None
    )
    assert listed(client, political_status=PoliticalStatus.POSITIVE) == {cadre}


def test_employment_status_filter_separates_retired_cadres(client_for, admin_user, unit_a):
    working = CadreFactory(current_unit=unit_a)
    retired = CadreFactory(current_unit=unit_a, employment_status=Cadre.EmploymentStatus.RETIRED)
    client = client_for(admin_user)
    assert listed(client, employment_status="active") == {working}
    assert listed(client, employment_status="retired") == {retired}


def test_the_add_action_is_offered_only_to_those_who_may_edit(client_for, reviewer, leader_a, unit_a):
    add_url = reverse("registry:cadres:add")
    assert add_url in client_for(reviewer).get(CADRES).content.decode()
    assert add_url not in client_for(leader_a).get(CADRES).content.decode()


def test_the_list_is_paginated(client_for, admin_user, unit_a):
    for _ in range(30):
        CadreFactory(current_unit=unit_a)
    client = client_for(admin_user)
    first = client.get(CADRES)
    second = client.get(CADRES, {"page": 2})
    assert len(first.context["object_list"]) == 25
    assert len(second.context["object_list"]) == 5
    assert not set(first.context["object_list"]) & set(second.context["object_list"])


# --- the profile ----------------------------------------------------------------------------------------


def test_the_profile_shows_every_section_of_the_file(client_for, reviewer, unit_a):
    cadre = CadreFactory(full_name="Lê Thị Hoa", current_unit=unit_a, birth_date=date(1979, 4, 3))
    position = PositionFactory(unit=unit_a, title="Trưởng phòng Công chức")
    TenureFactory(cadre=cadre, position=position, decision_number="123/QĐ-UBND")
    PlanningEntryFactory(cadre=cadre, position=PositionFactory(unit=unit_a, title="Phó Giám đốc Sở"))
    EvaluationFactory(cadre=cadre, year=2024, note="Hoàn thành xuất sắc")
    AchievementFactory(cadre=cadre, title="Đề án số hóa hồ sơ")
    DisciplineFactory(cadre=cadre, authority="UBKT Tỉnh ủy")
    PoliticalConclusionFactory(cadre=cadre, reference="KL-77")
    AssetDeclarationFactory(cadre=cadre, verified_by="Thanh tra tỉnh", verified_on=date(2025, 1, 10))
    html = client_for(reviewer).get(detail(cadre)).content.decode()
    for text in (
        "Lê Thị Hoa",
        "03/04/1979",
        "Trưởng phòng Công chức",
        "123/QĐ-UBND",
        "Phó Giám đốc Sở",
        "Hoàn thành xuất sắc",
        "Đề án số hóa hồ sơ",
        "UBKT Tỉnh ủy",
        "KL-77",
        "Thanh tra tỉnh",
    ):
        assert text in html, text


def test_the_profile_history_shows_who_changed_which_field_from_what_to_what(
    client_for, reviewer, unit_a, admin_user
):
    cadre = services.create_cadre(
        actor=admin_user,
        code="CB-HIST",
        full_name="Phạm Văn Minh",
        birth_date=date(1975, 2, 1),
        gender=Gender.MALE,
        home_province="Bắc Ninh",
        current_unit=unit_a,
    )
    services.update_cadre(cadre, actor=reviewer, job_title="Phó Giám đốc Sở")
    response = client_for(reviewer).get(detail(cadre))
    history = response.context["profile"].history
    change = next(entry for entry in history if entry.kind == "~")
    assert change.who == reviewer
    assert [(c.old, c.new) for c in change.changes] == [("", "Phó Giám đốc Sở")]
    created = next(entry for entry in history if entry.kind == "+")
    assert created.who == admin_user
    html = response.content.decode()
    assert "Phó Giám đốc Sở" in html and reviewer.username in html


def test_the_profile_history_includes_who_added_records_to_the_file(client_for, reviewer, admin_user, unit_a):
    cadre = CadreFactory(current_unit=unit_a)
    position = PositionFactory(unit=unit_a, title="Chánh Văn phòng Sở")
    services.record_past_tenure(
        cadre=cadre, position=position, start_date=date(2024, 1, 1), ended_on=date(2025, 1, 1), actor=reviewer
    )
    services.add_discipline(cadre=cadre, actor=admin_user, kind="warning", effective_from=date(2024, 2, 1))
    history = client_for(reviewer).get(detail(cadre)).context["profile"].history
    tenure_entry = next(entry for entry in history if "Chánh Văn phòng Sở" in entry.subject)
    assert (tenure_entry.kind, tenure_entry.who) == ("+", reviewer)
    assert any(entry.who == admin_user and entry.kind == "+" for entry in history)


def test_the_edit_buttons_show_only_for_those_who_may_edit(client_for, reviewer, leader_a, unit_a):
    cadre = CadreFactory(current_unit=unit_a)
    change_url = reverse("registry:cadres:change", args=[cadre.pk])
    assert change_url in client_for(reviewer).get(detail(cadre)).content.decode()
    assert change_url not in client_for(leader_a).get(detail(cadre)).content.decode()


# --- query counts ---------------------------------------------------------------------------------------


def _grow(unit, n):
    """n cadres; the "filtered" case below matches some of them whatever n is (an empty page costs fewer
    queries, which would hide a real difference)."""
    today = date.today()
    for i in range(n):
        cadre = CadreFactory(current_unit=unit, full_name=f"Nguyễn Văn {i}")
        if i % 2:
            PlanningEntryFactory(cadre=cadre, position=PositionFactory(unit=unit))
        if i % 3 == 0:
            PoliticalConclusionFactory(cadre=cadre, concluded_on=today - timedelta(days=i * 40))
        TenureFactory(cadre=cadre, position=PositionFactory(unit=unit))


def _queries(client, params=None):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(CADRES, params or {})
    assert response.status_code == 200
    assert response.context["object_list"], "an empty page would not exercise the rows"
    return len(ctx.captured_queries)


@pytest.mark.parametrize("persona", ["leader_a", "reviewer", "admin_user"])
@pytest.mark.parametrize(
    "params",
    [{}, {"_search": "Nguyễn", "gender": "male", "in_planning": "true", "political_status": "missing"}],
    ids=["plain", "filtered"],
)
def test_the_cadre_list_keeps_the_same_query_count_with_n_and_3n_rows(
    request, client_for, unit_a, persona, params
):
    client = client_for(request.getfixturevalue(persona))
    _grow(unit_a, 8)
    few = _queries(client, params)
    _grow(unit_a, 16)
    many = _queries(client, params)
    assert Cadre.objects.count() == 24
    assert few == many, f"{few} queries with 8 cadres, {many} with 24"


def test_the_profile_keeps_the_same_query_count_as_the_file_grows(client_for, reviewer, unit_a):
    cadre = CadreFactory(current_unit=unit_a)

    def add_records(years):
        for year in years:
            EvaluationFactory(cadre=cadre, year=year)
            AchievementFactory(cadre=cadre)
            TenureFactory(
                cadre=cadre,
                position=PositionFactory(unit=unit_a),
                start_date=date(year, 1, 1),
                ended_on=date(year, 12, 31),
            )
            services.update_cadre(cadre, actor=reviewer, job_title=f"Chuyên viên {year}")

    client = client_for(reviewer)
    add_records([2001, 2002])
    with CaptureQueriesContext(connection) as few:
        client.get(detail(cadre))
    add_records([2003, 2004, 2005, 2006])
    with CaptureQueriesContext(connection) as many:
        client.get(detail(cadre))
    assert len(few.captured_queries) == len(many.captured_queries)
