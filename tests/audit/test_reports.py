"""Violation report services, rules and the R11 selectors (no HTTP)."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from apps.audit.models import AuditEntry, ReportAttachment, ViolationReport
from apps.audit.models.reports import CODE_ALPHABET, CODE_LENGTH, normalise_tracking_code
from apps.audit.verify import verify_chain
from apps.core.rules import RuleViolation
from apps.inspection import rules, selectors
from apps.inspection.services import reports as services
from tests.factories import CadreFactory

from .conftest import docx, pdf, upload

pytestmark = pytest.mark.django_db

Status = ViolationReport.Status
DESCRIPTION = "Ông A nhận tiền để đưa người vào quy hoạch chức danh phó giám đốc sở năm 2026."


def file(**overrides):
    kwargs = {
        "actor": AnonymousUser(),
        "category": ViolationReport.Category.POST_BUYING,
        "subject_text": "Ông Nguyễn Văn A, Phó Giám đốc Sở",
        "description": DESCRIPTION,
        "channel": ViolationReport.Channel.CITIZEN,
        "reporter_name": "Trần Thị B",
        "reporter_contact": "0912 345 678",
    }
    return services.file_report(**kwargs | overrides)


def test_a_citizen_files_a_report_and_gets_an_unguessable_code():
    report = file(attachments=[pdf(), docx()])
    assert len(report.tracking_code) == CODE_LENGTH
    assert set(report.tracking_code) <= set(CODE_ALPHABET)
    assert report.status == Status.RECEIVED
    assert [a.content_type for a in report.attachments.all()] == [
        "application/pdf",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ]
    attachment = report.attachments.first()
    assert len(attachment.sha256) == 64 and attachment.size == 200
    assert attachment.file.name.startswith("reports/") and "bang-chung" not in attachment.file.name
    entry = AuditEntry.objects.get(action="report.filed")
    assert entry.actor_label == "anonymous" and entry.object_id == str(report.pk)
    assert verify_chain().ok


def test_codes_differ_and_normalise_from_what_people_type():
    codes = {file().tracking_code for _ in range(5)}
    assert len(codes) == 5
    code = next(iter(codes))
    typed = f" {code[:4].lower()}-{code[4:8]} {code[8:]} "
    assert normalise_tracking_code(typed) == code
    assert normalise_tracking_code("0O1I") == ""


def test_the_reporter_identity_stays_out_of_the_audit_log_and_the_history():
    report = file()
    entry = AuditEntry.objects.get(action="report.filed")
    flat = f"{entry.data} {entry.object_repr} {entry.actor_label}"
    assert "Trần Thị B" not in flat and "0912" not in flat and report.tracking_code not in flat
    history_row = report.history.first()
    assert not hasattr(history_row, "reporter_name") and not hasattr(history_row, "reporter_contact")


@pytest.mark.parametrize(
    "attachment, code",
    [
        (upload("setup.exe", b"MZ\x90\x00" + b"\x00" * 100), "attachment_executable"),
        (upload("tai-lieu.pdf", b"MZ\x90\x00" + b"\x00" * 100), "attachment_executable"),
        (upload("run.pdf", b"\x7fELF\x02\x01" + b"\x00" * 100), "attachment_executable"),
        (upload("script.pdf", b"#!/bin/sh\nrm -rf /\n"), "attachment_executable"),
        (upload("bang-chung.pdf.js", b"%PDF-1.4 fake"), "attachment_executable"),
        (upload("macro.ps1", b"Write-Host hi"), "attachment_executable"),
        (docx("hop-dong.docx", macro=True), "attachment_type"),
        (upload("anh.png", b"%PDF-1.4 not a png"), "attachment_type"),
        (upload("trang.html", b"<html><script>alert(1)</script>"), "attachment_type"),
        (upload("rong.pdf", b""), "attachment_empty"),
    ],
)
def test_a_refused_attachment_leaves_nothing_behind(attachment, code, settings):
    with pytest.raises(RuleViolation) as exc:
        file(attachments=[pdf(), attachment])
    assert exc.value.rule_code == code
    assert ViolationReport.objects.count() == 0
    assert ReportAttachment.objects.count() == 0
    assert AuditEntry.objects.count() == 0
    assert not (settings.PRIVATE_MEDIA_ROOT / "reports").exists() or not any(
        (settings.PRIVATE_MEDIA_ROOT / "reports").iterdir()
    )


def test_an_oversized_attachment_or_too_many_are_refused(settings):
    settings.MAX_ATTACHMENT_BYTES = 1024
    with pytest.raises(RuleViolation) as exc:
        file(attachments=[pdf(size=1025)])
    assert exc.value.rule_code == "attachment_too_large"
    settings.MAX_ATTACHMENT_BYTES = 10_000
    settings.REPORT_MAX_ATTACHMENTS = 2
    with pytest.raises(RuleViolation) as exc:
        file(attachments=[pdf(), pdf(), pdf()])
    assert exc.value.rule_code == "too_many_attachments"
    assert ViolationReport.objects.count() == 0


def test_a_description_out_of_bounds_is_refused():
    for text in ("quá ngắn", "x" * (rules.DESCRIPTION_MAX_CHARS + 1)):
        with pytest.raises(RuleViolation) as exc:
            file(description=text)
        assert exc.value.rule_code == "report_description_length"
    assert ViolationReport.objects.count() == 0


def test_only_a_front_account_files_for_the_front(front_user, leader_a):
    report = file(actor=front_user, channel=ViolationReport.Channel.FRONT, organisation_name="UBMTTQ tỉnh")
    assert report.filed_by == front_user
    with pytest.raises(PermissionDenied):
        file(actor=leader_a, channel=ViolationReport.Channel.FRONT)
    with pytest.raises(PermissionDenied):
        file(actor=AnonymousUser(), channel=ViolationReport.Channel.ORGANISATION)


def test_the_inspection_commission_walks_a_report_to_the_end(inspector, unit_a):
    cadre = CadreFactory(current_unit=unit_a)
    report = file()
    report = services.triage_report(report, actor=inspector, subject_cadre=cadre, unit=unit_a, note="thụ lý")
    assert (report.status, report.handled_by, report.subject_cadre) == (Status.TRIAGING, inspector, cadre)
    report = services.start_investigation(report, actor=inspector)
    report = services.answer_report(report, actor=inspector, answer="Đã xác minh, không có vi phạm.")
    assert report.status == Status.ANSWERED and report.answered_at
    report = services.close_report(report, actor=inspector)
    assert report.status == Status.CLOSED and report.closed_at
    actions = list(
        AuditEntry.objects.filter(object_type="audit.violationreport").values_list("action", flat=True)
    )
    assert actions == [
        "report.filed",
        "report.triaged",
        "report.investigating",
        "report.answered",
        "report.closed",
    ]
    assert report.history.first().history_user == inspector
    assert verify_chain().ok


@pytest.mark.parametrize(
    "path, service",
    [
        ([], lambda r, a: services.start_investigation(r, actor=a)),
        ([], lambda r, a: services.answer_report(r, actor=a, answer="x")),
        ([], lambda r, a: services.close_report(r, actor=a)),
        (["triage"], lambda r, a: services.triage_report(r, actor=a)),
        (
            ["triage", "investigate", "answer", "close"],
            lambda r, a: services.reject_report(r, actor=a, reason="x"),
        ),
        (["reject"], lambda r, a: services.triage_report(r, actor=a)),
    ],
)
def test_illegal_transitions_are_refused_and_change_nothing(inspector, path, service):
    steps = {
        "triage": lambda r: services.triage_report(r, actor=inspector),
        "investigate": lambda r: services.start_investigation(r, actor=inspector),
        "answer": lambda r: services.answer_report(r, actor=inspector, answer="Trả lời"),
        "close": lambda r: services.close_report(r, actor=inspector),
        "reject": lambda r: services.reject_report(r, actor=inspector, reason="Không thuộc thẩm quyền"),
    }
    report = file()
    for step in path:
        report = steps[step](report)
    before = (report.status, AuditEntry.objects.count(), report.history.count())
    with pytest.raises(RuleViolation) as exc:
        service(report, inspector)
    assert exc.value.rule_code == "report_transition"
    report.refresh_from_db()
    assert (report.status, AuditEntry.objects.count(), report.history.count()) == before


def test_an_answer_needs_text(inspector):
    report = services.start_investigation(services.triage_report(file(), actor=inspector), actor=inspector)
    with pytest.raises(RuleViolation) as exc:
        services.answer_report(report, actor=inspector, answer="   ")
    assert exc.value.rule_code == "report_answer_required"
    report.refresh_from_db()
    assert report.status == Status.INVESTIGATING


def test_only_inspection_handles_reports(leader_a, reviewer, front_user):
    report = file()
    for user in (leader_a, reviewer, front_user):
        with pytest.raises(PermissionDenied):
            services.triage_report(report, actor=user)
    report.refresh_from_db()
    assert report.status == Status.RECEIVED


def test_open_report_count_follows_the_status(inspector, unit_a):
    cadre, other = CadreFactory(current_unit=unit_a), CadreFactory(current_unit=unit_a)
    assert selectors.open_report_count(cadre.pk) == 0
    first = file(subject_cadre=cadre)
    second = file(subject_cadre=cadre)
    file(subject_cadre=other)
    assert selectors.open_report_count(cadre.pk) == 2
    assert selectors.open_reports_for_cadres([cadre.pk, other.pk, 999_999]) == {cadre.pk: 2, other.pk: 1}
    first = services.triage_report(first, actor=inspector)
    first = services.start_investigation(first, actor=inspector)
    assert selectors.open_report_count(cadre.pk) == 2  # still being handled: still pauses (R11)
    services.answer_report(first, actor=inspector, answer="Không có căn cứ.")
    assert selectors.open_report_count(cadre.pk) == 1
    services.reject_report(second, actor=inspector, reason="Trùng nội dung")
    assert selectors.open_report_count(cadre.pk) == 0
    assert selectors.open_reports_for_cadres([cadre.pk]) == {}
    assert selectors.open_reports_for_cadres([]) == {}
