"""The home page's cards: the board sees the terms ending without a reappointment (with the pre-filled opening) and
the stuck jobs; the inspection commission its open revocation cases and the reports received; others none."""

from datetime import date, timedelta

import pytest

from apps.core.models import JobRun, JobStatus
from tests.factories import CadreFactory, PositionFactory, TenureFactory
from workflows.reappointment.flows import ReappointmentFlow

pytestmark = pytest.mark.django_db


@pytest.fixture
def board_b(unit_b, admin_user):
    from apps.accounts.models import Role
    from apps.accounts.services import grant_role
    from tests.factories import UserFactory

    user = UserFactory(username="board_b")
    grant_role(user=user, role=Role.ORG_BOARD, unit=unit_b, include_descendants=True, actor=admin_user)
    return user


def home(client):
    return client.get("/", follow=True)


@pytest.fixture
def ending(unit_a):
    position = PositionFactory(unit=unit_a, title="Phó Giám đốc Sở", is_elected=False)
    cadre = CadreFactory(current_unit=unit_a, full_name="Lê Thị Hạn")
    return TenureFactory(
        cadre=cadre, position=position, start_date=date(2021, 1, 1), term_end=date.today() + timedelta(60)
    )


def test_the_board_sees_terms_ending_and_stuck_jobs(ending, reviewer, client_for):
    JobRun.objects.create(name="notifications.send_due_reminders", key="k1", status=JobStatus.FAILED)
    page = home(client_for(reviewer))
    board = page.context["board"]
    assert [t.pk for t in board["terms"].rows] == [ending.pk]
    assert board["stuck"].count == 1
    html = page.content.decode()
    assert f"{ReappointmentFlow.start.reverse('execute')}?tenure={ending.pk}" in html
    assert "Lê Thị Hạn" in html


def test_the_pre_filled_opening_offers_the_term_chosen(ending, reviewer, client_for):
    url = ReappointmentFlow.start.reverse("execute")
    page = client_for(reviewer).get(url, {"tenure": ending.pk})
    assert page.status_code == 200
    assert str(page.context["form"]["tenure"].value()) == str(ending.pk)


def test_a_term_far_away_or_of_another_scope_is_not_on_the_card(reviewer, board_b, ending, client_for):
    TenureFactory(
        position=PositionFactory(unit=ending.position.unit, is_elected=False),
        start_date=date(2021, 1, 1),
        term_end=date.today() + timedelta(400),
    )
    other_scope = [t.pk for t in home(client_for(board_b)).context["board"]["terms"].rows]
    assert other_scope == []
    own = [t.pk for t in home(client_for(reviewer)).context["board"]["terms"].rows]
    assert own == [ending.pk]  # not the term ending in 400 days


def test_inspection_sees_open_cases_and_new_reports(inspector, client_for, unit_a):
    from tests.audit.test_inspection_pages import file_report

    report = file_report()
    page = home(client_for(inspector))
    inspection = page.context["inspection"]
    assert [r.pk for r in inspection["reports"].rows] == [report.pk]
    assert inspection["cases"].count == 0


def test_a_unit_leader_gets_neither_card(leader_a, client_for):
    page = home(client_for(leader_a))
    assert page.context["board"] == {} and page.context["inspection"] == {}
