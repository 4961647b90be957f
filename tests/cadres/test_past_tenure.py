"""Issue 9 point 6: a seat is filled only by a signed decision. The registry records a tenure of the PAST
(history, imports) as a separate, audited action that refuses dates from today on and overlaps on the seat; a
current tenure cannot be opened through the cadre page, the services or the admin."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from apps.audit.models import AuditEntry
from apps.cadres import services
from apps.cadres.models import Tenure
from apps.core.rules import RuleViolation
from apps.organisation.models import Position
from tests.factories import CadreFactory, PositionFactory, TenureFactory

pytestmark = pytest.mark.django_db

TODAY = date.today()


def _dmy(day):
    return day.strftime("%d/%m/%Y")


def _state():
    return (Tenure.objects.count(), Tenure.history.count(), AuditEntry.objects.count())


@pytest.fixture
def vacant(unit_a):
    return PositionFactory(unit=unit_a, title="Chánh Văn phòng Sở", seats=1)


@pytest.fixture
def cadre(unit_a):
    return CadreFactory(current_unit=unit_a)


# --- the services --------------------------------------------------------------------------------------------


def test_a_current_tenure_without_a_signed_decision_is_refused(reviewer, cadre, vacant):
    before = _state()
    for decision in (None, type("Draft", (), {"status": "draft", "number": "", "issued_on": None})()):
        with pytest.raises(RuleViolation) as exc:
            services.add_tenure(
                cadre=cadre, position=vacant, start_date=TODAY, decision=decision, actor=reviewer
            )
        assert exc.value.rule_code == "tenure_needs_decision"
    assert _state() == before
    assert Position.objects.with_vacancies().get(pk=vacant.pk).vacancies == 1


def test_a_past_tenure_is_recorded_with_an_audit_entry(reviewer, cadre, vacant):
    tenure = services.record_past_tenure(
        cadre=cadre,
        position=vacant,
        start_date=date(2015, 1, 1),
        ended_on=TODAY - timedelta(days=1),
        end_reason="transferred",
        decision_number="5/QĐ-UBND",
        actor=reviewer,
    )
    entry = AuditEntry.objects.get(action="tenure.past_recorded")
    assert entry.actor == reviewer and entry.object_id == str(tenure.pk)
    assert not tenure.is_open
    assert Position.objects.with_vacancies().get(pk=vacant.pk).vacancies == 1  # no seat filled now


@pytest.mark.parametrize(
    "start, end",
    [
        (date(2015, 1, 1), None),  # still running: only a decision opens it
        (date(2015, 1, 1), TODAY),  # ends today
        (date(2015, 1, 1), TODAY + timedelta(days=30)),  # ends in the future
        (TODAY, TODAY + timedelta(days=1)),  # starts today
    ],
)
def test_a_past_tenure_with_a_date_from_today_on_is_refused(reviewer, cadre, vacant, start, end):
    before = _state()
    with pytest.raises(RuleViolation) as exc:
        services.record_past_tenure(
            cadre=cadre, position=vacant, start_date=start, ended_on=end, actor=reviewer
        )
    assert exc.value.rule_code == "past_tenure_not_ended"
    assert _state() == before


def test_a_past_tenure_overlapping_another_on_the_seat_is_refused(reviewer, cadre, vacant):
    TenureFactory(position=vacant, start_date=date(2016, 1, 1), ended_on=date(2021, 1, 1))
    before = _state()
    with pytest.raises(RuleViolation) as exc:
        services.record_past_tenure(
            cadre=cadre,
            position=vacant,
            start_date=date(2020, 6, 1),
            ended_on=date(2022, 1, 1),
            actor=reviewer,
        )
    assert exc.value.rule_code == "tenure_overlap"
    assert _state() == before


# --- over HTTP: the cadre page -------------------------------------------------------------------------------


def test_the_cadre_page_cannot_open_a_current_tenure_on_a_vacant_seat(client_for, reviewer, cadre, vacant):
    client = client_for(reviewer)
    url = reverse("registry:cadres:tenure-add", args=[cadre.pk])
    before = _state()
    # no end date: the form asks for one (a tenure recorded here has ended)
    response = client.post(url, {"position": vacant.pk, "seat_number": 1, "start_date": _dmy(TODAY)})
    assert response.status_code == 200 and "ended_on" in response.context["form"].errors
    # an end date from today on: refused next to it
    for end in (TODAY, TODAY + timedelta(days=365)):
        response = client.post(
            url,
            {"position": vacant.pk, "seat_number": 1, "start_date": "01/01/2020", "ended_on": _dmy(end)},
        )
        assert response.status_code == 200
        codes = [e.code for e in response.context["form"].errors.as_data()["ended_on"]]
        assert codes == ["past_tenure_not_ended"]
    assert _state() == before
    assert Position.objects.with_vacancies().get(pk=vacant.pk).vacancies == 1


def test_the_cadre_page_records_a_past_tenure(client_for, reviewer, cadre, vacant):
    client = client_for(reviewer)
    url = reverse("registry:cadres:tenure-add", args=[cadre.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "position": vacant.pk,
            "seat_number": 1,
            "start_date": "01/01/2016",
            "ended_on": _dmy(TODAY - timedelta(days=1)),
            "end_reason": "transferred",
        },
    )
    assert response.status_code == 302
    tenure = Tenure.objects.get(cadre=cadre)
    assert tenure.ended_on == TODAY - timedelta(days=1)
    assert AuditEntry.objects.get(action="tenure.past_recorded").actor == reviewer
