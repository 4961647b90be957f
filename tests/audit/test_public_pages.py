"""The public report pages: file without an account, follow by code, abuse protection."""

import time

import pytest
from django.urls import reverse

from apps.audit.models import AuditEntry, ReportAttachment, ViolationReport
from apps.inspection.forms import issue_form_token
from apps.inspection.services import reports as services

from .conftest import pdf, upload

pytestmark = pytest.mark.django_db

FILE_URL = "/bao-cao/"
LOOKUP_URL = "/bao-cao/tra-cuu/"
REPORTER = "Lê Văn Tố Giác"
CONTACT = "to.giac@example.vn"


def form_data(**overrides):
    data = {
        "kind": ViolationReport.Kind.DENUNCIATION,
        "category": ViolationReport.Category.POWER_BUYING,
        "subject_text": "Giám đốc Sở X",
        "description": "Có dấu hiệu chạy chức: nhận quà để đề xuất bổ nhiệm trưởng phòng tại Sở X năm 2026.",
        "reporter_name": REPORTER,
        "reporter_contact": CONTACT,
        "website": "",
        "form_token": issue_form_token(now=time.time() - 60),
    }
    return data | overrides


def test_the_public_form_needs_no_login(client):
    response = client.get(FILE_URL)
    assert response.status_code == 200
    assert b'name="form_token"' in response.content and b'name="website"' in response.content


def test_a_citizen_files_a_report_and_follows_it_by_its_code(client, inspector):
    response = client.post(FILE_URL, form_data())
    assert response.status_code == 201
    report = ViolationReport.objects.get()
    assert report.display_code.encode() in response.content
    assert (report.reporter_name, report.channel) == (REPORTER, ViolationReport.Channel.CITIZEN)
    report = services.start_investigation(services.triage_report(report, actor=inspector), actor=inspector)
    services.answer_report(report, actor=inspector, answer="Đã chuyển cơ quan điều tra xử lý.")
    status = client.post(LOOKUP_URL, {"code": report.display_code.lower()})
    assert status.status_code == 200
    content = status.content.decode()
    assert "Đã chuyển cơ quan điều tra xử lý." in content
    assert report.display_code in content


def test_a_citizen_files_with_an_attachment(client, settings):
    response = client.post(
        FILE_URL, form_data(attachments=[pdf(), upload("anh.png", b"\x89PNG\r\n\x1a\n" + b"0" * 50)])
    )
    assert response.status_code == 201
    report = ViolationReport.objects.get()
    assert [a.original_name for a in report.attachments.all()] == ["bang-chung.pdf", "anh.png"]
    stored = report.attachments.first().file.path
    assert stored.startswith(str(settings.PRIVATE_MEDIA_ROOT)) and not stored.startswith(
        str(settings.MEDIA_ROOT)
    )


def test_the_follow_page_never_shows_the_reporter_or_other_reports(client):
    client.post(FILE_URL, form_data())
    client.post(FILE_URL, form_data(subject_text="Chủ tịch UBND xã Y", reporter_name="Người thứ hai"))
    first, second = ViolationReport.objects.order_by("pk")
    content = client.post(LOOKUP_URL, {"code": first.tracking_code}).content.decode()
    for secret in (
        REPORTER,
        CONTACT,
        "Người thứ hai",
        second.display_code,
        "Chủ tịch UBND xã Y",
        first.description,
    ):
        assert secret not in content


@pytest.mark.parametrize("code", ["AAAA-BBBB-CCCC", "", "0000", "x" * 40])
def test_an_unknown_code_gives_the_same_not_found_page(client, code):
    client.post(FILE_URL, form_data())
    response = client.post(LOOKUP_URL, {"code": code})
    assert response.status_code == 404
    assert b"cf-not-found" in response.content
    assert REPORTER.encode() not in response.content


def test_code_lookups_are_rate_limited(client, settings):
    settings.REPORT_LOOKUP_RATE_LIMIT_PER_HOUR = 3
    client.post(FILE_URL, form_data())
    code = ViolationReport.objects.get().tracking_code
    for _ in range(3):
        assert client.post(LOOKUP_URL, {"code": "AAAA-BBBB-CCCC"}).status_code == 404
    assert client.post(LOOKUP_URL, {"code": code}).status_code == 429  # even the right code, once over
    other_client = client.__class__(REMOTE_ADDR="10.0.0.9")
    assert other_client.post(LOOKUP_URL, {"code": code}).status_code == 200


def test_filing_is_rate_limited_per_ip(client, settings):
    settings.REPORT_RATE_LIMIT_PER_HOUR = 2
    assert client.post(FILE_URL, form_data()).status_code == 201
    assert client.post(FILE_URL, form_data()).status_code == 201
    assert client.post(FILE_URL, form_data()).status_code == 429
    assert ViolationReport.objects.count() == 2
    assert client.__class__(REMOTE_ADDR="10.0.0.7").post(FILE_URL, form_data()).status_code == 201


def test_the_client_ip_header_is_configurable(client, settings):
    settings.REPORT_RATE_LIMIT_PER_HOUR = 1
    settings.CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    assert client.post(FILE_URL, form_data(), HTTP_X_REAL_IP="203.0.113.1").status_code == 201
    assert client.post(FILE_URL, form_data(), HTTP_X_REAL_IP="203.0.113.1").status_code == 429
    assert client.post(FILE_URL, form_data(), HTTP_X_REAL_IP="203.0.113.2").status_code == 201


@pytest.mark.parametrize(
    "overrides",
    [
        lambda: {"website": "http://spam.example"},  # the honeypot was filled
        lambda: {"form_token": issue_form_token()},  # sent as soon as it was shown
        lambda: {"form_token": issue_form_token(now=time.time() - 7 * 3600)},  # stale
        lambda: {"form_token": "forged:token"},
        lambda: {"description": "ngắn"},
        lambda: {"description": "x" * 9000},
        lambda: {"attachments": [upload("virus.exe", b"MZ" + b"\x00" * 64)]},
        lambda: {"attachments": [upload("bao-cao.pdf", b"\x7fELF" + b"\x00" * 64)]},
    ],
)
def test_abusive_or_invalid_submissions_are_refused_with_nothing_saved(client, overrides):
    response = client.post(FILE_URL, form_data(**overrides()))
    assert response.status_code == 400
    assert ViolationReport.objects.count() == 0
    assert ReportAttachment.objects.count() == 0
    assert AuditEntry.objects.count() == 0


def test_an_oversized_attachment_is_refused(client, settings):
    settings.MAX_ATTACHMENT_BYTES = 2048
    response = client.post(FILE_URL, form_data(attachments=[pdf(size=4096)]))
    assert response.status_code == 400
    assert ViolationReport.objects.count() == 0 and ReportAttachment.objects.count() == 0


def test_the_front_form_needs_the_front_role(client_for, front_user, leader_a):
    url = reverse("reports-public:organisation")
    assert client_for(None).get(url).status_code == 302  # to the login page
    assert client_for(leader_a).get(url).status_code == 403
    client = client_for(front_user)
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        form_data(channel_choice=ViolationReport.Channel.FRONT, organisation_name="Ủy ban MTTQ tỉnh"),
    )
    assert response.status_code == 201
    report = ViolationReport.objects.get()
    assert (report.channel, report.filed_by, report.organisation_name) == (
        ViolationReport.Channel.FRONT,
        front_user,
        "Ủy ban MTTQ tỉnh",
    )
    assert report.display_code.encode() in response.content


def test_the_anti_bot_token_is_good_for_one_report_only(client):
    data = form_data()
    assert client.post(FILE_URL, data).status_code == 201

    replays = [client.post(FILE_URL, data, REMOTE_ADDR=f"10.8.0.{n}") for n in range(1, 5)]

    assert [r.status_code for r in replays] == [400] * 4
    assert all(
        "replayed" in [e.code for e in r.context["form"].errors.as_data()["form_token"]] for r in replays
    )
    assert ViolationReport.objects.count() == 1
    # a fresh form (a new token) files the next report
    assert client.post(FILE_URL, form_data(), REMOTE_ADDR="10.8.0.9").status_code == 201
    assert ViolationReport.objects.count() == 2
