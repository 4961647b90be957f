"""A violation report can open a revocation case, or join an open one (issue 5 parts 3 and 4)."""

import pytest
from django.contrib.auth.models import AnonymousUser

from apps.audit.models import AuditEntry, ViolationReport
from apps.core.rules import RuleViolation
from apps.inspection.services import reports as report_services
from workflows.revocation.case_links import link_report_to_case
from workflows.revocation.flows import RevocationFlow
from workflows.revocation.models import CaseReport

from .conftest import claim_and_execute, investigation, latest_case, open_case, ruling

pytestmark = pytest.mark.django_db


def file_report(unit=None):
    return report_services.file_report(
        actor=AnonymousUser(),
        category=ViolationReport.Category.WRONG_APPOINTMENT,
        subject_text="Phó Giám đốc Sở Nội vụ",
        description="Bổ nhiệm người không có trong quy hoạch, không qua hội nghị lấy phiếu tín nhiệm.",
        channel=ViolationReport.Channel.CITIZEN,
        reporter_name="Phạm Thị Bí Mật",
        reporter_contact="0987 000 111",
        unit=unit,
    )


def report_url(report):
    return f"/inspection/reports/{report.pk}/"


def test_a_case_opened_from_a_report_is_linked_to_it(client_for, inspector, decision, unit_a):
    report = file_report(unit_a)
    commission = client_for(inspector)
    page = commission.get(report_url(report)).content.decode()
    start = f"{RevocationFlow.start.reverse('execute')}?report={report.pk}"
    assert start in page  # the button on the report page
    form = commission.get(start)
    assert form.status_code == 200 and report.display_code in form.content.decode()

    open_case(commission, decision, report=report)
    case = latest_case()
    link = CaseReport.objects.get(case=case)
    assert (link.report, link.linked_by) == (report, inspector)
    entry = AuditEntry.objects.get(action="report.linked_to_case")
    assert (entry.process_id, entry.object_id) == (case.pk, str(report.pk))
    assert "Bí Mật" not in str(entry.data) and "0987" not in str(entry.data)  # never who filed it
    assert AuditEntry.objects.get(action="revocation.opened").data["report"] == report.pk
    # the case page lists the report for the commission
    case_page = commission.get(RevocationFlow.instance.reverse("process_detail", args=[case.pk]))
    assert report_url(report) in case_page.content.decode()


def test_a_report_the_opener_may_not_handle_is_ignored(client_for, reviewer, decision, unit_a):
    report = file_report(unit_a)
    open_case(client_for(reviewer), decision, report=report)
    assert not CaseReport.objects.exists()


def test_a_report_joins_an_open_case_from_its_page(client_for, inspector, decision, unit_a):
    commission = client_for(inspector)
    open_case(commission, decision)
    case = latest_case()
    report = file_report(unit_a)
    step = f"{report_url(report)}link_case/"
    assert commission.post(step, {"link_case-case": case.pk}).status_code == 302
    assert CaseReport.objects.filter(case=case, report=report).count() == 1
    before = AuditEntry.objects.count()
    for data in ({"link_case-case": case.pk}, {"link_case-case": 999_999}):  # twice, unknown case
        assert commission.post(step, data).status_code == 302
    assert CaseReport.objects.count() == 1 and AuditEntry.objects.count() == before


def test_linking_refusals_name_their_rule(client_for, inspector, leadership, decision, unit_a):
    commission = client_for(inspector)
    open_case(commission, decision)
    case = latest_case()
    report = file_report(unit_a)
    link_report_to_case(report, case, actor=inspector)
    with pytest.raises(RuleViolation) as exc:
        link_report_to_case(report, case, actor=inspector)
    assert exc.value.rule_code == "already_linked"
    claim_and_execute(commission, case, RevocationFlow.investigate, investigation(case))
    claim_and_execute(client_for(leadership), case, RevocationFlow.decide, ruling("keep", reason="Đúng."))
    case.refresh_from_db()
    other = file_report(unit_a)
    before = (CaseReport.objects.count(), AuditEntry.objects.count())
    with pytest.raises(RuleViolation) as exc:
        link_report_to_case(other, case, actor=inspector)
    assert exc.value.rule_code == "case_closed"
    assert (CaseReport.objects.count(), AuditEntry.objects.count()) == before
