"""Bad input is refused with a clear rule code and nothing changes: the conference before the self-assessment, a
cadre with discipline in effect or without a concluded political standard, a decision on or after the term end,
a non-reappointment without reasons."""

from datetime import date, timedelta

import pytest
import time_machine
from django.utils import timezone
from viewflow.workflow.status import STATUS

from apps.audit.models import AuditEntry
from apps.cadres.models import PoliticalConclusion, Tenure
from apps.conferences.models import Conference
from apps.core.rules import RuleViolation
from apps.decisions.models import Decision
from tests.factories import DisciplineFactory
from workflows.common import runner
from workflows.reappointment.flows import ReappointmentFlow

from .helpers import (
    claim_and_execute,
    conference,
    counts,
    dmy,
    error_codes,
    notice,
    open_task,
    pdf,
    self_assessment,
    sign,
    verified,
)

pytestmark = pytest.mark.django_db


def _snapshot(process):
    process.refresh_from_db()
    return (
        AuditEntry.objects.count(),
        Conference.objects.filter(process_id=process.pk).count(),
        process.task_set.filter(status=STATUS.DONE).count(),
        process.verification_passed,
        process.choice,
        process.decision_id,
    )


@pytest.fixture
def noticed(client_for, opened, reviewer):
    board = client_for(reviewer)
    claim_and_execute(board, opened, ReappointmentFlow.notice, notice())
    return opened, board


@pytest.fixture
def voted(noticed, holder):
    process, board = noticed
    cadre = holder[0]
    claim_and_execute(board, process, ReappointmentFlow.self_assessment, self_assessment())
    claim_and_execute(
        board,
        process,
        ReappointmentFlow.key_officials,
        conference(cadre, counts(30, 27), (20, 7), confidence=True),
    )
    claim_and_execute(
        board, process, ReappointmentFlow.collective, conference(cadre, counts(7, members=7), 5)
    )
    return process, board


def test_a_conference_before_the_self_assessment_is_refused(noticed, holder):
    process, board = noticed
    cadre = holder[0]
    # the self-assessment and the key officials' conference are open side by side
    assert open_task(process, ReappointmentFlow.self_assessment) is not None
    assert open_task(process, ReappointmentFlow.key_officials) is not None
    before = _snapshot(process)
    task = open_task(process, ReappointmentFlow.key_officials)
    assert board.post(task.flow_task.reverse("assign", args=[process.pk, task.pk])).status_code == 302
    page = board.get(task.flow_task.reverse("execute", args=[process.pk, task.pk]))
    assert 'id="self-assessment-missing"' in page.content.decode()
    response = claim_and_execute(
        board,
        process,
        ReappointmentFlow.key_officials,
        conference(cadre, counts(30, 27), (20, 7), confidence=True),
        expect=200,
    )
    assert error_codes(response) == ["self_assessment_missing"]
    assert _snapshot(process) == before
    assert open_task(process, ReappointmentFlow.key_officials).status == STATUS.ASSIGNED


def test_a_self_assessment_without_a_report_is_refused(noticed):
    process, board = noticed
    before = _snapshot(process)
    response = claim_and_execute(
        board, process, ReappointmentFlow.self_assessment, self_assessment(report="", text="   "), expect=200
    )
    assert error_codes(response) == ["self_assessment_missing"]
    assert _snapshot(process) == before and not process.has_self_assessment


def test_a_written_self_assessment_is_enough(noticed):
    process, board = noticed
    claim_and_execute(
        board,
        process,
        ReappointmentFlow.self_assessment,
        self_assessment(report="", text="Báo cáo tự đánh giá."),
    )
    process.refresh_from_db()
    assert process.has_self_assessment and not process.self_assessment


def _verification(**extra):
    return verified(**extra)


def test_verification_refuses_a_cadre_with_discipline_in_effect(voted, holder):
    """A reprimand six months ago: still within its bar (296-QĐ/TW: a reprimanded member is not reappointed
    within a year; the rule set's bar for a reprimand is longer still)."""
    process, board = voted
    DisciplineFactory(
        cadre=holder[0],
        kind="reprimand",
        decided_on=date.today() - timedelta(days=185),
        effective_from=date.today() - timedelta(days=180),
    )
    before = _snapshot(process)
    response = claim_and_execute(board, process, ReappointmentFlow.verification, _verification(), expect=200)
    assert error_codes(response) == ["not_eligible"]
    assert 'class="cf-fail" data-check="discipline"' in response.content.decode()
    assert _snapshot(process) == before
    # the board records that the conditions are not met, with its remarks; only "do not reappoint" can follow
    claim_and_execute(
        board,
        process,
        ReappointmentFlow.verification,
        _verification(conclusion="does_not_meet", remarks="Đang trong thời hạn kỷ luật khiển trách."),
    )
    process.refresh_from_db()
    assert process.verification_passed is False
    assert any(c["code"] == "discipline" and not c["passed"] for c in process.verification)


def test_verification_refuses_a_cadre_whose_political_standard_is_not_met(voted, holder, reviewer):
    process, board = voted
    cadre = holder[0]
    cadre.political_conclusions.update(result=PoliticalConclusion.Result.DOES_NOT_MEET)
    before = _snapshot(process)
    with pytest.raises(RuleViolation) as exc:
        runner.run_step(
            open_task(process, ReappointmentFlow.verification),
            actor=reviewer,
            health_ok=True,
            conclusion="meets",
            remarks="",
            evaluation=pdf("nhan_xet.pdf"),
        )
    assert exc.value.rule_code == "not_eligible" and exc.value.failed_checks == ["political_standard"]
    response = claim_and_execute(board, process, ReappointmentFlow.verification, _verification(), expect=200)
    assert error_codes(response) == ["not_eligible"]
    assert _snapshot(process) == before


def test_verification_asks_political_protection_for_a_cadre_without_a_concluded_political_standard(
    voted, holder
):
    """procedures §9: no concluded conclusion is not a refusal but a request in the flow; verification waits."""
    process, board = voted
    cadre = holder[0]
    cadre.political_conclusions.all().delete()
    PoliticalConclusion.objects.create(cadre=cadre, status=PoliticalConclusion.Status.PENDING, issuer="BTV")
    claim_and_execute(board, process, ReappointmentFlow.verification, _verification())
    process.refresh_from_db()
    assert process.verification_passed is None and process.choice in (None, "")
    assert cadre.political_protection_requests.get(process_id=process.pk).reason == "missing"
    assert open_task(process, ReappointmentFlow.political_protection)


def test_does_not_meet_needs_remarks(voted):
    process, board = voted
    before = _snapshot(process)
    response = claim_and_execute(
        board, process, ReappointmentFlow.verification, _verification(conclusion="does_not_meet"), expect=200
    )
    assert error_codes(response) == ["remarks_required"]
    assert _snapshot(process) == before


def test_a_non_reappointment_without_reasons_is_refused(voted, client_for, leadership):
    process, board = voted
    claim_and_execute(board, process, ReappointmentFlow.verification, _verification())
    leaders = client_for(leadership)
    before = _snapshot(process)
    for reasons in ("", "   "):
        response = claim_and_execute(
            leaders,
            process,
            ReappointmentFlow.decide,
            {"choice": "not_reappoint", "reasons": reasons},
            expect=200,
        )
        assert error_codes(response) == ["reasons_required"]
    assert _snapshot(process) == before
    # an extension is not offered on the reappointment path
    response = claim_and_execute(
        leaders, process, ReappointmentFlow.decide, {"choice": "extend", "reasons": ""}, expect=200
    )
    assert "choice" in response.context["form"].errors
    assert _snapshot(process) == before


def _at(day):
    return time_machine.travel(
        timezone.make_aware(timezone.datetime(day.year, day.month, day.day, 10)), tick=False
    )


def test_no_decision_on_or_after_the_day_the_term_ends(voted, client_for, leadership, holder):
    process, board = voted
    tenure = holder[1]
    claim_and_execute(board, process, ReappointmentFlow.verification, _verification())
    leaders = client_for(leadership)
    with _at(process.term_end):
        before = _snapshot(process)
        response = claim_and_execute(
            client_for(leadership),  # a fresh session: the earlier one expired while time moved on
            process,
            ReappointmentFlow.decide,
            {"choice": "reappoint", "reasons": ""},
            expect=200,
        )
        assert error_codes(response) == ["term_ended"]
        assert _snapshot(process) == before
    claim_and_execute(leaders, process, ReappointmentFlow.decide, {"choice": "reappoint", "reasons": ""})
    claim_and_execute(
        board,
        process,
        ReappointmentFlow.draft_decision,
        {"effective_from": dmy(process.term_end), "grounds": "Căn cứ Quy định 377-QĐ/TW"},
    )
    before = _snapshot(process)
    # dated on the day the term ends: refused
    response = claim_and_execute(
        leaders, process, ReappointmentFlow.sign_decision, sign(process.term_end), expect=200
    )
    assert error_codes(response) == ["signed_after_term_end"]
    # signed late (the day after the term ended): refused too
    with _at(process.term_end + timedelta(days=1)):
        response = claim_and_execute(
            client_for(leadership), process, ReappointmentFlow.sign_decision, sign(), expect=200
        )
        assert error_codes(response) == ["signed_after_term_end"]
    assert _snapshot(process) == before
    assert Decision.objects.get(pk=process.decision_id).status == "draft"
    tenure.refresh_from_db()
    assert tenure.ended_on is None and Tenure.objects.filter(cadre=tenure.cadre).count() == 1


def test_the_report_must_be_a_document_and_is_kept_in_the_dossier(noticed):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from workflows.common.models import StepAttachment

    process, board = noticed
    before = _snapshot(process)
    bad = SimpleUploadedFile("bao_cao.exe", b"MZ...", content_type="application/octet-stream")
    response = claim_and_execute(
        board, process, ReappointmentFlow.self_assessment, self_assessment(report=bad), expect=200
    )
    assert [e.code for e in response.context["form"].errors.as_data()["report"]] == ["attachment_executable"]
    assert _snapshot(process) == before and not StepAttachment.objects.filter(process_id=process.pk).exists()
    claim_and_execute(board, process, ReappointmentFlow.self_assessment, self_assessment())
    process.refresh_from_db()
    stored = StepAttachment.objects.get(process_id=process.pk, kind=StepAttachment.Kind.SELF_ASSESSMENT)
    assert process.self_assessment.name == stored.file.name
    download = board.get(
        ReappointmentFlow.instance.reverse("attachment_download", args=[process.pk, stored.pk])
    )
    assert download.status_code == 200
