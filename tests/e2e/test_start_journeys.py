"""Journeys that start at the home page and only click: a unit leader proposes an appointment from the home page
and from a vacant position's page; the Front files a report from its home page; a citizen reaches the public report
form from the login page. Screenshots in ``test-artifacts/start-*.png``."""

from urllib.parse import urlsplit

import pytest

from apps.accounts.models import Role
from apps.accounts.services import grant_role
from apps.audit.models import ViolationReport
from tests.factories import PositionFactory, UserFactory
from workflows.appointment.flows import AppointmentFlow
from workflows.appointment.models import AppointmentProcess

from .conftest import ARTIFACTS, choose

pytestmark = pytest.mark.django_db(transaction=True)


def shot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"start-{name}.png", full_page=True)


def propose(page):
    page.fill("textarea[name=job_needs]", "Phụ trách công tác tổ chức cán bộ")
    page.fill("textarea[name=criteria]", "Thạc sĩ; cao cấp lý luận chính trị")
    page.click("#submit-step")
    page.wait_for_url(lambda url: "/execute/" not in url)


def test_a_unit_leader_proposes_an_appointment_from_the_home_page(page, log_in, leader_a, unit_a):
    position = PositionFactory(unit=unit_a, title="Phó Giám đốc Sở Nội vụ", seats=1)

    log_in(page, leader_a)
    page.wait_for_selector("#start-actions")
    shot(page, "home-unit-leader")
    page.click(f"#start-actions a[href='{AppointmentFlow.start.reverse('execute')}']")
    page.wait_for_selector("vf-field-select[name=position] .mdc-select__anchor")
    choose(page, "position", position.pk)
    propose(page)

    process = AppointmentProcess.objects.get()
    assert process.position == position
    assert urlsplit(page.url).path == AppointmentFlow.instance.reverse("process_detail", args=[process.pk])


def test_a_unit_leader_proposes_from_the_vacant_positions_page(page, log_in, leader_a, unit_a):
    position = PositionFactory(unit=unit_a, title="Phó Giám đốc Sở Nội vụ", seats=1)

    log_in(page, leader_a)
    page.click("#registry-links a[href$='/positions/']")
    page.click(f"a:text-is('{position.title}')")
    page.wait_for_selector(".cf-start-action")
    shot(page, "vacant-position")
    page.click(".cf-start-action")
    page.wait_for_selector("vf-field-select[name=position] .mdc-select__anchor")
    assert page.get_attribute("vf-field-select[name=position]", "value") == str(position.pk)
    propose(page)

    assert AppointmentProcess.objects.get().position == position


def test_the_front_files_a_report_from_its_home_page_and_sees_it_in_my_reports(
    page, log_in, province, admin_user, settings
):
    settings.REPORT_MIN_FILL_SECONDS = 0  # the anti-bot delay; a person takes longer than the test
    front = UserFactory(username="mttq.tinh")
    grant_role(user=front, role=Role.FRONT, unit=province, include_descendants=True, actor=admin_user)

    log_in(page, front)
    page.click("#file-report")
    page.wait_for_selector("form textarea[name=description]")
    page.fill("input[name=subject_text]", "Ông Nguyễn Văn X, Sở Nội vụ")
    page.fill("textarea[name=description]", "Có dấu hiệu vận động phiếu trước hội nghị cán bộ chủ chốt.")
    page.fill("input[name=organisation_name]", "Ủy ban MTTQ tỉnh")
    shot(page, "front-report-form")
    page.click("form button[type=submit]")
    page.wait_for_selector(".cf-tracking-code")
    report = ViolationReport.objects.get(filed_by=front)

    page.click("#back-home")
    page.wait_for_selector("#my-reports")
    assert report.display_code in page.locator("#my-reports").inner_text()
    shot(page, "front-my-reports")


def test_a_citizen_finds_the_report_form_from_the_login_page(page, live_url):
    page.goto(live_url("/"))
    page.click("#public-report-link")
    page.wait_for_selector("form textarea[name=description]")
    assert urlsplit(page.url).path.startswith("/bao-cao/")
