"""Start where the work is: the home page, each procedure's list and a vacant position's page offer the start
actions to those who may start them, and only to them; the login page leads a citizen to the public report form;
the Front finds the report form and its own reports on the home page."""

import re

import pytest
from django.urls import reverse

from apps.accounts.models import Role
from apps.accounts.services import grant_role
from apps.audit.models import ViolationReport
from tests.factories import PositionFactory, TenureFactory, UserFactory
from workflows.appointment.flows import AppointmentFlow
from workflows.nomination.flows import NominationFlow
from workflows.reappointment.flows import ReappointmentFlow
from workflows.revocation.flows import RevocationFlow

pytestmark = pytest.mark.django_db

APPOINTMENT_START = None


@pytest.fixture(autouse=True)
def _start_url():
    global APPOINTMENT_START
    APPOINTMENT_START = AppointmentFlow.start.reverse("execute")  # needs the URLconf (tests/conftest.py)


def test_a_unit_leader_sees_propose_an_appointment_on_the_home_page_and_it_opens_the_form(
    leader_a, client_for
):
    client = client_for(leader_a)
    home = client.get("/", follow=True)

    urls = [action.url for action in home.context["start_actions"]]
    assert APPOINTMENT_START in urls
    assert f'href="{APPOINTMENT_START}"' in home.content.decode()
    assert client.get(APPOINTMENT_START).status_code == 200


def test_an_inspector_and_a_person_without_role_are_offered_no_appointment(inspector, client_for):
    nobody = UserFactory(username="nobody")
    for user in (inspector, nobody):
        kinds = {action.kind for action in client_for(user).get("/", follow=True).context["start_actions"]}
        assert "appointment" not in kinds and "nomination" not in kinds


def test_the_inspection_commission_is_offered_to_open_a_revocation_case(inspector, client_for):
    home = client_for(inspector).get("/", follow=True)

    assert RevocationFlow.start.reverse("execute") in [a.url for a in home.context["start_actions"]]


def test_the_appointment_list_shows_the_propose_button_to_the_leader_only(leader_a, inspector, client_for):
    url = AppointmentFlow.instance.reverse("index")

    leader_page = client_for(leader_a).get(url)
    inspector_page = client_for(inspector).get(url)

    assert leader_page.status_code == inspector_page.status_code == 200
    assert f'href="{APPOINTMENT_START}"' in leader_page.content.decode()
    assert APPOINTMENT_START not in inspector_page.content.decode()


def test_a_vacant_position_offers_a_prefilled_proposal_to_its_units_leader(unit_a, leader_a, client_for):
    position = PositionFactory(unit=unit_a, seats=1)
    client = client_for(leader_a)

    page = client.get(reverse("registry:positions:detail", args=[position.pk]))
    expected = f"{APPOINTMENT_START}?position={position.pk}"
    assert [a.url for a in page.context["start_actions"]] == [expected]

    form = client.get(expected).context["form"]
    assert form.initial["position"] == position.pk
    # the position is pre-selected in the Material select (Viewflow's vf-field-select carries the value)
    select = re.search(r'<vf-field-select [^>]*name="position"[^>]*>', client.get(expected).content.decode())
    assert select and f'value="{position.pk}"' in select.group(0)


def test_a_filled_position_offers_no_proposal(unit_a, leader_a, client_for):
    position = PositionFactory(unit=unit_a, seats=1)
    TenureFactory(position=position, seat_number=1)

    page = client_for(leader_a).get(reverse("registry:positions:detail", args=[position.pk]))

    assert page.context["start_actions"] == []


def test_a_vacant_position_of_another_unit_offers_nothing_to_a_leader_who_can_read_it(
    unit_a, unit_b, leader_a, reviewer, client_for
):
    position = PositionFactory(unit=unit_b, seats=1)

    page = client_for(reviewer).get(reverse("registry:positions:detail", args=[position.pk]))

    # no proposal; the board is offered the review of the post's planning (issue 14 §2), nothing else
    assert page.status_code == 200
    assert [a.kind for a in page.context["start_actions"]] == ["planning"]


def test_an_elected_position_offers_a_nomination(unit_a, leader_a, client_for):
    position = PositionFactory(unit=unit_a, seats=1, is_elected=True)

    page = client_for(leader_a).get(reverse("registry:positions:detail", args=[position.pk]))

    assert [a.url for a in page.context["start_actions"]] == [
        f"{NominationFlow.start.reverse('execute')}?position={position.pk}"
    ]


def test_the_board_is_offered_to_open_a_reappointment(reviewer, client_for):
    home = client_for(reviewer).get("/", follow=True)

    assert ReappointmentFlow.start.reverse("execute") in [a.url for a in home.context["start_actions"]]


def test_the_login_page_links_the_public_report_form(client_for):
    page = client_for(None).get(reverse("login"))

    assert page.status_code == 200
    assert f'href="{reverse("reports-public:file")}"' in page.content.decode()
    assert client_for(None).get(reverse("reports-public:file")).status_code == 200


def test_the_front_finds_the_report_form_and_its_own_reports_on_the_home_page(
    province, admin_user, client_for
):
    front = UserFactory(username="mttq")
    grant_role(user=front, role=Role.FRONT, unit=province, include_descendants=True, actor=admin_user)
    other = UserFactory(username="other")
    mine = ViolationReport.objects.create(
        category=ViolationReport.Category.choices[0][0],
        subject_text="Ông A",
        description="…",
        channel=ViolationReport.Channel.choices[0][0],
        filed_by=front,
    )
    ViolationReport.objects.create(
        category=ViolationReport.Category.choices[0][0],
        subject_text="Bà B",
        description="…",
        channel=ViolationReport.Channel.choices[0][0],
        filed_by=other,
    )

    home = client_for(front).get("/", follow=True)

    assert home.context["is_front"]
    assert home.context["my_reports"] == [mine]
    assert f'href="{reverse("reports-public:organisation")}"' in home.content.decode()
    assert client_for(front).get(reverse("reports-public:organisation")).status_code == 200
    assert "my_reports" in client_for(UserFactory(username="x")).get("/", follow=True).context
    assert client_for(UserFactory(username="y")).get("/", follow=True).context["my_reports"] == []
