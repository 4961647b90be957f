"""Registry forms over HTTP: who may use them, what bad input they refuse, and that a refusal saves nothing."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from apps.accounts.models import Role
from apps.accounts.services import grant_role
from apps.audit.models import AuditEntry
from apps.cadres.models import Achievement, Cadre, Discipline, Evaluation, PoliticalConclusion, Tenure
from tests.factories import CadreFactory, PositionFactory, TenureFactory, UserFactory

pytestmark = pytest.mark.django_db


def _state():
    return (
        tuple(
            model.objects.count()
            for model in (Cadre, Tenure, Discipline, PoliticalConclusion, Evaluation, Achievement)
        ),
        tuple(Cadre.objects.values_list("pk", "full_name", "birth_date", "job_title").order_by("pk")),
        AuditEntry.objects.count(),
    )


def _rule_codes(response):
    return [error.code for error in response.context["form"].non_field_errors().as_data()]


def _cadre_post(unit, **overrides):
    data = {
        "code": "CB-900",
        "full_name": "Vũ Thị Thu",
        "birth_date": "03/04/1980",
        "gender": "female",
        "ethnicity": "Kinh",
        "home_province": "Bắc Ninh",
        "current_unit": unit.pk,
        "education_level": "master",
        "political_theory": "advanced",
        "foreign_language_level": "B1",
        "employment_status": "active",
        "proceedings": "none",
        "is_party_member": "on",
    }
    data.update(overrides)
    return data


@pytest.fixture
def cadre(unit_a):
    return CadreFactory(current_unit=unit_a, full_name="Hoàng Văn Nam", birth_date=date(1978, 1, 2))


@pytest.fixture
def position(unit_a):
    return PositionFactory(unit=unit_a, title="Phó Giám đốc", seats=1)


@pytest.fixture
def protector(province, admin_user):
    user = UserFactory(username="protector")
    grant_role(user=user, role=Role.POLITICAL_PROTECTION, unit=province, actor=admin_user)
    return user


@pytest.fixture
def reviewer_b(unit_b, admin_user):
    user = UserFactory(username="reviewer_b")
    grant_role(user=user, role=Role.ORG_BOARD, unit=unit_b, actor=admin_user)
    return user


# --- the permission matrix ------------------------------------------------------------------------------

RECORD_FORMS = {
    "tenure-add": lambda position: {  # a tenure of the past (issue 9 point 6)
        "position": position.pk,
        "seat_number": 1,
        "start_date": "01/02/2020",
        "ended_on": "31/01/2025",
    },
    "discipline-add": lambda position: {
        "kind": "reprimand",
        "status": "decided",
        "decided_on": "10/01/2024",
        "effective_from": "15/01/2024",
    },
    "conclusion-add": lambda position: {
        "status": "concluded",
        "result": "meets",
        "issuer": "Ban Thường vụ Tỉnh ủy",
        "concluded_on": "02/01/2025",
    },
    "evaluation-add": lambda position: {"year": 2024, "rating": "excellent"},
    "achievement-add": lambda position: {"title": "Số hóa hồ sơ cán bộ", "achieved_on": "01/03/2024"},
}


@pytest.mark.parametrize("name", list(RECORD_FORMS))
@pytest.mark.parametrize(
    "persona, status",
    [("leader_a", 403), ("inspector", 403), ("leader_b", 404), ("reviewer_b", 404)],
)
def test_who_may_not_add_a_record_gets_403_or_404_and_nothing_changes(
    request, client_for, cadre, position, name, persona, status
):
    client = client_for(request.getfixturevalue(persona))
    url = reverse(f"registry:cadres:{name}", args=[cadre.pk])
    before = _state()
    assert client.get(url).status_code == status
    assert client.post(url, RECORD_FORMS[name](position)).status_code == status
    assert _state() == before


@pytest.mark.parametrize("name", list(RECORD_FORMS))
def test_anonymous_users_are_sent_to_log_in_and_nothing_changes(client_for, cadre, position, name):
    url = reverse(f"registry:cadres:{name}", args=[cadre.pk])
    before = _state()
    response = client_for(None).post(url, RECORD_FORMS[name](position))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert _state() == before


@pytest.mark.parametrize("name", list(RECORD_FORMS))
@pytest.mark.parametrize("persona", ["reviewer", "admin_user"])
def test_a_reviewer_in_scope_and_an_admin_add_a_record(request, client_for, cadre, position, name, persona):
    user = request.getfixturevalue(persona)
    client = client_for(user)
    url = reverse(f"registry:cadres:{name}", args=[cadre.pk])
    assert client.get(url).status_code == 200
    before = _state()[0]
    response = client.post(url, RECORD_FORMS[name](position))
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    assert response.url == reverse("registry:cadres:detail", args=[cadre.pk])
    after = _state()[0]
    assert sum(after) == sum(before) + 1
    entry = AuditEntry.objects.order_by("-seq").first()
    assert entry.actor == user


def test_internal_political_protection_may_add_a_conclusion_but_not_a_discipline(
    client_for, protector, cadre, position
):
    client = client_for(protector)
    conclusion_url = reverse("registry:cadres:conclusion-add", args=[cadre.pk])
    assert client.post(conclusion_url, RECORD_FORMS["conclusion-add"](position)).status_code == 302
    assert PoliticalConclusion.objects.filter(cadre=cadre).count() == 1
    discipline_url = reverse("registry:cadres:discipline-add", args=[cadre.pk])
    assert client.post(discipline_url, RECORD_FORMS["discipline-add"](position)).status_code == 403
    assert not Discipline.objects.exists()


@pytest.mark.parametrize("persona, status", [("leader_a", 403), ("inspector", 403), ("reviewer_b", 404)])
def test_who_may_not_edit_a_cadre_gets_403_or_404_and_nothing_changes(
    request, client_for, cadre, unit_a, persona, status
):
    client = client_for(request.getfixturevalue(persona))
    url = reverse("registry:cadres:change", args=[cadre.pk])
    before = _state()
    assert client.get(url).status_code == status
    assert client.post(url, _cadre_post(unit_a, code=cadre.code, full_name="Đổi tên")).status_code == status
    assert _state() == before


@pytest.mark.parametrize("persona", ["leader_a", "inspector"])
def test_who_may_not_edit_the_registry_cannot_create_a_cadre(request, client_for, unit_a, persona):
    client = client_for(request.getfixturevalue(persona))
    url = reverse("registry:cadres:add")
    before = _state()
    assert client.get(url).status_code == 403
    assert client.post(url, _cadre_post(unit_a)).status_code == 403
    assert _state() == before


def test_a_reviewer_creates_a_cadre_and_history_names_them(client_for, reviewer, unit_a):
    response = client_for(reviewer).post(reverse("registry:cadres:add"), _cadre_post(unit_a))
    assert response.status_code == 302
    cadre = Cadre.objects.get(code="CB-900")
    assert cadre.birth_date == date(1980, 4, 3)  # dd/mm/yyyy
    assert cadre.history.get().history_user == reviewer
    assert response.url == reverse("registry:cadres:detail", args=[cadre.pk])


def test_a_reviewer_edits_a_cadre_and_history_names_them(client_for, reviewer, cadre, unit_a):
    url = reverse("registry:cadres:change", args=[cadre.pk])
    response = client_for(reviewer).post(
        url, _cadre_post(unit_a, code=cadre.code, full_name=cadre.full_name, job_title="Trưởng phòng")
    )
    assert response.status_code == 302
    cadre.refresh_from_db()
    assert cadre.job_title == "Trưởng phòng"
    latest = cadre.history.order_by("-history_id").first()
    assert latest.history_type == "~" and latest.history_user == reviewer


def test_a_reviewer_of_unit_b_cannot_move_a_cadre_into_a_unit_outside_their_scope(
    client_for, reviewer_b, unit_a, unit_b
):
    cadre = CadreFactory(current_unit=unit_b)
    url = reverse("registry:cadres:change", args=[cadre.pk])
    before = _state()
    response = client_for(reviewer_b).post(url, _cadre_post(unit_a, code=cadre.code))
    assert response.status_code == 200
    assert "current_unit" in response.context["form"].errors
    assert _state() == before


def test_a_reviewer_cannot_record_a_tenure_on_a_position_outside_their_scope(
    client_for, reviewer_b, unit_a, unit_b
):
    cadre = CadreFactory(current_unit=unit_b)
    foreign = PositionFactory(unit=unit_a)
    url = reverse("registry:cadres:tenure-add", args=[cadre.pk])
    response = client_for(reviewer_b).post(
        url, {"position": foreign.pk, "seat_number": 1, "start_date": "01/01/2025"}
    )
    assert response.status_code == 200
    assert "position" in response.context["form"].errors
    assert not Tenure.objects.exists()


# --- bad input over HTTP: shown, nothing saved ----------------------------------------------------------


def test_a_future_birth_date_is_refused_by_the_form(client_for, reviewer, unit_a):
    tomorrow = (date.today() + timedelta(days=1)).strftime("%d/%m/%Y")
    before = _state()
    response = client_for(reviewer).post(
        reverse("registry:cadres:add"), _cadre_post(unit_a, birth_date=tomorrow)
    )
    assert response.status_code == 200
    assert "birth_date_future" in _rule_codes(response)
    assert _state() == before


def test_a_tenure_ending_before_it_starts_is_refused_by_the_form(client_for, reviewer, cadre, position):
    url = reverse("registry:cadres:tenure-add", args=[cadre.pk])
    response = client_for(reviewer).post(
        url, {"position": position.pk, "seat_number": 1, "start_date": "01/06/2024", "ended_on": "31/05/2024"}
    )
    assert response.status_code == 200
    assert "tenure_order" in _rule_codes(response)
    assert not Tenure.objects.exists()


def test_a_seat_the_position_does_not_have_is_refused_by_the_form(client_for, reviewer, cadre, position):
    url = reverse("registry:cadres:tenure-add", args=[cadre.pk])
    response = client_for(reviewer).post(
        url, {"position": position.pk, "seat_number": 2, "start_date": "01/01/2020", "ended_on": "01/01/2021"}
    )
    assert response.status_code == 200
    assert _rule_codes(response) == ["seat_over_filled"]
    assert not Tenure.objects.exists()


def test_an_overlapping_tenure_on_a_seat_is_refused_by_the_form(client_for, reviewer, cadre, unit_a):
    position = PositionFactory(unit=unit_a, seats=1)
    TenureFactory(position=position, start_date=date(2015, 1, 1), ended_on=date(2020, 1, 1))
    url = reverse("registry:cadres:tenure-add", args=[cadre.pk])
    response = client_for(reviewer).post(
        url, {"position": position.pk, "seat_number": 1, "start_date": "01/01/2019", "ended_on": "01/01/2021"}
    )
    assert response.status_code == 200
    assert "tenure_overlap" in _rule_codes(response)
    assert Tenure.objects.count() == 1


def test_a_discipline_period_ending_before_it_starts_is_refused_by_the_form(client_for, reviewer, cadre):
    url = reverse("registry:cadres:discipline-add", args=[cadre.pk])
    response = client_for(reviewer).post(
        url,
        {
            "kind": "warning",
            "status": "decided",
            "effective_from": "01/06/2024",
            "effective_to": "31/05/2024",
        },
    )
    assert response.status_code == 200
    assert "discipline_order" in _rule_codes(response)
    assert not Discipline.objects.exists()


def test_a_duplicate_evaluation_year_is_refused_by_the_form(client_for, reviewer, cadre):
    url = reverse("registry:cadres:evaluation-add", args=[cadre.pk])
    client = client_for(reviewer)
    assert client.post(url, {"year": 2024, "rating": "good"}).status_code == 302
    response = client.post(url, {"year": 2024, "rating": "excellent"})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert Evaluation.objects.get(cadre=cadre).rating == "good"


def test_a_refusal_is_shown_on_the_page(client_for, reviewer, cadre):
    url = reverse("registry:cadres:discipline-add", args=[cadre.pk])
    response = client_for(reviewer).post(
        url,
        {
            "kind": "warning",
            "status": "decided",
            "effective_from": "01/06/2024",
            "effective_to": "31/05/2024",
        },
    )
    message = response.context["form"].non_field_errors()[0]
    assert message and message in response.content.decode()
