"""The inspection application: audit log with head and "verify now", report handling; nobody else gets in."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.audit.models import AuditEntry, ChainVerification, ViolationReport
from apps.audit.services import record
from apps.inspection.services import reports as services

from .conftest import pdf

pytestmark = pytest.mark.django_db

LOG_URL = "/inspection/audit/"
VERIFY_URL = "/inspection/audit/verify/"
REPORTS_URL = "/inspection/reports/"


def file_report(**overrides):
    kwargs = {
        "actor": AnonymousUser(),
        "category": ViolationReport.Category.WRONG_APPOINTMENT,
        "subject_text": "Trưởng phòng Tổ chức",
        "description": "Bổ nhiệm người không có trong quy hoạch, không qua hội nghị lấy phiếu tín nhiệm.",
        "channel": ViolationReport.Channel.CITIZEN,
        "reporter_name": "Phạm Thị Bí Mật",
        "reporter_contact": "0987 000 111",
    }
    return services.file_report(**kwargs | overrides)


def add_entries(n, actor, unit):
    for i in range(n):
        record("test.page", unit, actor=actor, data={"i": i})


def test_an_inspector_sees_the_log_with_the_head_to_write_down(client_for, inspector, admin_user, unit_a):
    add_entries(3, admin_user, unit_a)
    head = AuditEntry.objects.order_by("-seq").first()
    response = client_for(inspector).get(LOG_URL)
    assert response.status_code == 200
    content = response.content.decode()
    assert head.hash in content
    assert f'class="cf-head-seq">{head.seq}<' in content
    assert content.count('class="cf-entry"') == AuditEntry.objects.count()


def test_a_superuser_may_inspect_too(client_for, admin_user):
    assert client_for(admin_user).get(LOG_URL).status_code == 200


@pytest.mark.parametrize(
    "query, expected",
    [
        ("action=test.page", 3),
        ("action=role.granted", 1),  # the inspector's own role grant
        ("actor=admin", 4),
        ("obj=" + "Sở Nội vụ", 3),
        ("date_from=01/01/2000&date_to=31/12/2999", 4),
        ("date_to=01/01/2000", 0),
    ],
)
def test_the_log_filters_by_action_actor_object_and_date(
    client_for, inspector, admin_user, unit_a, query, expected
):
    add_entries(3, admin_user, unit_a)
    response = client_for(inspector).get(f"{LOG_URL}?{query}")
    assert response.status_code == 200
    assert response.content.decode().count('class="cf-entry"') == expected


def test_the_log_page_runs_a_constant_number_of_queries(client_for, inspector, admin_user, unit_a):
    client = client_for(inspector)
    client.get(LOG_URL)  # warm caches (content types, sessions)
    add_entries(5, admin_user, unit_a)
    with CaptureQueriesContext(connection) as small:
        assert client.get(LOG_URL).status_code == 200
    add_entries(40, admin_user, unit_a)
    with CaptureQueriesContext(connection) as large:
        assert client.get(LOG_URL).status_code == 200
    assert len(small) == len(large)


def test_the_log_paginates(client_for, inspector, admin_user, unit_a):
    add_entries(60, admin_user, unit_a)
    client = client_for(inspector)
    first = client.get(LOG_URL).content.decode()
    second = client.get(f"{LOG_URL}?page=2").content.decode()
    assert first.count('class="cf-entry"') == 50
    assert second.count('class="cf-entry"') == AuditEntry.objects.count() - 50


def test_verify_now_runs_the_verification_and_shows_the_result(
    client_for, inspector, admin_user, unit_a, django_capture_on_commit_callbacks, tamper
):
    add_entries(4, admin_user, unit_a)
    client = client_for(inspector)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(VERIFY_URL)
    assert response.status_code == 302 and len(callbacks) == 1
    run = ChainVerification.objects.get()
    assert (run.status, run.entries_checked, run.requested_by) == (
        "passed",
        AuditEntry.objects.count(),
        inspector,
    )
    assert "cf-verification--passed" in client.get(LOG_URL).content.decode()

    tamper("UPDATE audit_auditentry SET action = 'forged' WHERE seq = 3")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(VERIFY_URL)
    run = ChainVerification.objects.order_by("-pk").first()
    assert (run.status, run.broken_seq, run.problem) == ("failed", 3, "metadata_altered")
    assert "cf-verification--failed" in client.get(LOG_URL).content.decode()


def test_the_log_pages_refuse_other_posts(client_for, inspector, admin_user, unit_a):
    add_entries(2, admin_user, unit_a)
    client = client_for(inspector)
    assert client.post(LOG_URL, {"action": "x"}).status_code == 405
    assert client.get(VERIFY_URL).status_code == 405
    entry = AuditEntry.objects.first()
    assert client.post(f"/admin/audit/auditentry/{entry.pk}/delete/", {"post": "yes"}).status_code in (
        302,
        403,
    )
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_others_are_kept_out_of_the_inspection_pages(client_for, leader_a, reviewer, front_user):
    report = file_report(attachments=[pdf()])
    attachment = report.attachments.get()
    urls = [
        LOG_URL,
        REPORTS_URL,
        reverse("inspection:reports:detail", args=[report.pk]),
        reverse("inspection:reports:attachment", args=[report.pk, attachment.pk]),
    ]
    for user in (leader_a, reviewer, front_user):
        client = client_for(user)
        for url in urls:
            assert client.get(url).status_code == 403, (user, url)
        assert client.post(VERIFY_URL).status_code == 403
        assert (
            client.post(
                reverse("inspection:reports:step", args=[report.pk, "triage"]), {"triage-category": "other"}
            ).status_code
            == 403
        )
    anonymous = client_for(None)
    for url in urls:
        response = anonymous.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert ChainVerification.objects.count() == 0
    report.refresh_from_db()
    assert report.status == ViolationReport.Status.RECEIVED


def test_an_inspector_reads_the_report_with_the_reporter_and_downloads_its_file(client_for, inspector):
    report = file_report(attachments=[pdf()])
    client = client_for(inspector)
    listing = client.get(REPORTS_URL).content.decode()
    assert report.display_code in listing
    assert "Phạm Thị Bí Mật" not in listing  # not even in the list
    detail = client.get(reverse("inspection:reports:detail", args=[report.pk])).content.decode()
    assert "Phạm Thị Bí Mật" in detail and "0987 000 111" in detail
    attachment = report.attachments.get()
    download = client.get(reverse("inspection:reports:attachment", args=[report.pk, attachment.pk]))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert "attachment" in download["Content-Disposition"]
    assert b"".join(download.streaming_content).startswith(b"%PDF-")


def test_an_inspector_triages_investigates_and_answers_through_the_pages(client_for, inspector, unit_a):
    from tests.factories import CadreFactory

    cadre = CadreFactory(current_unit=unit_a, code="CB-REPORTED")
    report = file_report()
    client = client_for(inspector)

    def step(name, **data):
        payload = {f"{name}-{key}": value for key, value in data.items()}
        return client.post(reverse("inspection:reports:step", args=[report.pk, name]), payload)

    assert step("answer", answer="Quá sớm").status_code == 302  # refused: not under investigation yet
    report.refresh_from_db()
    assert report.status == ViolationReport.Status.RECEIVED and report.answer == ""

    step("triage", category="wrong_appointment", cadre_code="CB-REPORTED", unit=unit_a.pk, note="Thụ lý")
    report.refresh_from_db()
    assert (report.status, report.subject_cadre, report.unit) == ("triaging", cadre, unit_a)
    step("investigate", note="Lập tổ xác minh")
    step("answer", answer="Kết luận: bổ nhiệm sai quy trình; kiến nghị hủy quyết định.")
    report.refresh_from_db()
    assert report.status == ViolationReport.Status.ANSWERED
    detail = client.get(reverse("inspection:reports:detail", args=[report.pk])).content.decode()
    assert "Lập tổ xác minh" in detail  # the note is in the history


def test_an_unknown_cadre_code_changes_nothing(client_for, inspector):
    report = file_report()
    client_for(inspector).post(
        reverse("inspection:reports:step", args=[report.pk, "triage"]),
        {"triage-category": "other", "triage-cadre_code": "NO-SUCH"},
    )
    report.refresh_from_db()
    assert report.status == ViolationReport.Status.RECEIVED


def test_the_report_list_runs_a_constant_number_of_queries(client_for, inspector):
    client = client_for(inspector)
    file_report(attachments=[pdf()])
    client.get(REPORTS_URL)
    with CaptureQueriesContext(connection) as small:
        client.get(REPORTS_URL)
    for _ in range(4):
        file_report(attachments=[pdf()])
    with CaptureQueriesContext(connection) as large:
        client.get(REPORTS_URL)
    assert len(small) == len(large)


def test_the_unfiltered_log_neither_counts_nor_lists_distinct_actions_over_the_whole_log(
    client_for, inspector, admin_user, unit_a
):
    add_entries(3, admin_user, unit_a)
    client = client_for(inspector)
    client.get(LOG_URL)  # warm caches
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(LOG_URL)
    assert response.status_code == 200
    table = AuditEntry._meta.db_table
    over_the_log = [
        q["sql"] for q in ctx.captured_queries if f'FROM "{table}"' in q["sql"] or f"FROM {table}" in q["sql"]
    ]
    assert not [sql for sql in over_the_log if "COUNT(" in sql.upper()], over_the_log
    assert not [sql for sql in over_the_log if "DISTINCT" in sql.upper()], over_the_log
    # the pages still add up: the head's number is the count of an intact chain
    assert response.context["page_obj"].paginator.count == AuditEntry.objects.count()
    # a filtered view counts what it filters
    filtered = client.get(f"{LOG_URL}?action=test.page")
    assert filtered.context["page_obj"].paginator.count == 3


def test_the_filter_offers_every_action_of_the_log_once():
    from apps.inspection import selectors

    actor = None
    for action in ("b.two", "a.one", "b.two", "c.three", "a.one"):
        record(action, None, actor=actor, data={})
    expected = sorted(set(AuditEntry.objects.values_list("action", flat=True)))
    with CaptureQueriesContext(connection) as ctx:
        assert selectors.audit_actions() == expected
    assert len(ctx.captured_queries) == 1 and "DISTINCT" not in ctx.captured_queries[0]["sql"].upper()
