"""One HTTP walk-through per outcome of the reappointment procedure, as the real roles: reappointed, not
reappointed (the seat becomes vacant), extended to retirement, and a collective vote tied at 50% that the head
decides with the dissent recorded."""

import html
import json
import re

import pytest
from viewflow.workflow.status import PROCESS

from apps.audit.models import AuditEntry
from apps.cadres.models import Tenure
from apps.conferences.models import Conference
from apps.organisation.models import Position
from tests.readable import assert_readable
from workflows.reappointment.flows import ReappointmentFlow
from workflows.reappointment.models import Path, ReappointmentOutcome

from .helpers import (
    FLOW,
    claim_and_execute,
    conference,
    counts,
    dmy,
    notice,
    open_task,
    self_assessment,
    sign,
    verified,
)

pytestmark = pytest.mark.django_db

GROUNDS = "Căn cứ Quy định 377-QĐ/TW; Nghị định 138/2020/NĐ-CP"


def _through_conferences(board, process, cadre, *, collective_votes=5, members=7, **collective_extra):
    claim_and_execute(board, process, ReappointmentFlow.notice, notice())
    claim_and_execute(board, process, ReappointmentFlow.self_assessment, self_assessment())
    claim_and_execute(
        board,
        process,
        ReappointmentFlow.reappointment_1_key_officials,
        conference(cadre, counts(30, 27), (20, 7), confidence=True),
    )
    claim_and_execute(
        board,
        process,
        ReappointmentFlow.reappointment_2_collective,
        conference(cadre, counts(members, members=members), collective_votes, **collective_extra),
    )


def _decide_and_sign(board, leadership_client, process, choice, reasons=""):
    claim_and_execute(
        leadership_client, process, ReappointmentFlow.decide, {"choice": choice, "reasons": reasons}
    )
    claim_and_execute(
        board,
        process,
        ReappointmentFlow.draft_decision,
        {"effective_from": dmy(process.term_end), "grounds": GROUNDS},
    )
    claim_and_execute(leadership_client, process, ReappointmentFlow.sign_decision, sign())
    process.refresh_from_db()
    return process


def test_reappointed_the_cadre_gets_a_new_term_before_the_old_one_ends(
    client_for, opened, holder, reviewer, leadership, post
):
    cadre, tenure = holder
    board, leaders = client_for(reviewer), client_for(leadership)
    assert opened.path == Path.REAPPOINT and opened.started_by.username == "system"
    _through_conferences(board, opened, cadre)
    claim_and_execute(
        board,
        opened,
        ReappointmentFlow.verification,
        verified(),
    )
    process = _decide_and_sign(board, leaders, opened, "reappoint")

    assert process.status == PROCESS.DONE and process.outcome == ReappointmentOutcome.REAPPOINTED
    decision = process.decision
    assert decision.kind == "reappointment" and decision.status == "signed" and decision.number
    assert decision.issued_on < tenure.term_end and decision.pdf_sha256
    tenure.refresh_from_db()
    assert tenure.ended_on == tenure.term_end and tenure.end_reason == Tenure.EndReason.REAPPOINTED
    new = Tenure.objects.get(cadre=cadre, position=post, ended_on__isnull=True)
    assert new.start_date == tenure.term_end and new.term_end.year == tenure.term_end.year + 5
    assert new.decision_number == decision.number
    assert Position.objects.with_vacancies().get(pk=post.pk).vacancies == 0
    key_officials = Conference.objects.get(process_id=process.pk, step_code="reappointment_1_key_officials")
    assert key_officials.announce_result is False and key_officials.ballot_kind == "confidence"
    actions = set(AuditEntry.objects.filter(process_id=process.pk).values_list("action", flat=True))
    assert {
        "reappointment.opened",
        "reappointment.notice_sent",
        "reappointment.self_assessment_submitted",
        "conference.recorded",
        "reappointment.verified",
        "reappointment.decided",
        "reappointment.reappointed",
        "decision.signed",
    } <= actions
    page = board.get(FLOW.reverse("process_detail", args=[process.pk]))
    assert page.status_code == 200 and decision.number in page.content.decode()
    # who took part, each with the unit of the role they acted in (the province's board and leadership), not
    # the procedure's unit; the scheduled job that opened it is not a participant
    acted = {
        (p.user.username, p.role_in_procedure, p.unit_at_the_time.code)
        for p in decision.participants.select_related("user", "unit_at_the_time").exclude(
            role_in_procedure="signer"
        )
    }
    assert acted == {
        ("reviewer", "reviewer", "bn"),
        ("reviewer", "proposer", "bn"),
        ("reviewer", "conference_recorder", "bn"),
        ("reviewer", "verifier", "bn"),
        ("leadership", "decider", "bn"),
    }


def test_not_reappointed_the_tenure_ends_at_term_end_and_the_seat_becomes_vacant(
    client_for, opened, holder, reviewer, leadership, post
):
    cadre, tenure = holder
    board, leaders = client_for(reviewer), client_for(leadership)
    _through_conferences(board, opened, cadre, collective_votes=3)  # 3 of 7: the vote fails
    opened.refresh_from_db()
    assert opened.vote_passed is False
    # a failed vote goes straight to the decision: no verification
    assert not opened.task_set.filter(flow_task=ReappointmentFlow.verification).exists()
    response = claim_and_execute(
        leaders, opened, ReappointmentFlow.decide, {"choice": "reappoint", "reasons": ""}, expect=200
    )
    assert [e.code for e in response.context["form"].non_field_errors().as_data()] == ["vote_not_passed"]
    process = _decide_and_sign(
        board, leaders, opened, "not_reappoint", reasons="Không đạt số phiếu tín nhiệm của tập thể lãnh đạo."
    )

    assert process.outcome == ReappointmentOutcome.NOT_REAPPOINTED and process.status == PROCESS.DONE
    assert process.decision.kind == "non_reappointment"
    assert "tín nhiệm" in process.decision.reason
    tenure.refresh_from_db()
    assert tenure.ended_on == tenure.term_end and tenure.end_reason == Tenure.EndReason.NOT_REAPPOINTED
    assert not Tenure.objects.filter(cadre=cadre, position=post, ended_on__isnull=True).exists()
    assert Position.objects.with_vacancies().get(pk=post.pk).vacancies == 1
    assert_readable()  # every entry the procedure wrote, as its history shows it


def test_extension_to_retirement_follows_its_own_steps(client_for, elder, reviewer, leadership, post):
    from workflows.reappointment import services
    from workflows.reappointment.models import ReappointmentProcess

    cadre, tenure = elder
    assert services.open_due_reappointments()["opened"] == 1
    process = ReappointmentProcess.objects.get(tenure=tenure)
    assert process.path == Path.EXTENSION and process.retirement_on > tenure.term_end
    board, leaders = client_for(reviewer), client_for(leadership)
    claim_and_execute(board, process, ReappointmentFlow.notice, notice())
    claim_and_execute(board, process, ReappointmentFlow.self_assessment, self_assessment())
    assert open_task(process, ReappointmentFlow.reappointment_1_key_officials) is None
    claim_and_execute(
        board,
        process,
        ReappointmentFlow.ext_review,
        {
            "health_ok": "yes",
            "prestige_ok": "yes",
            "task_fit_ok": "yes",
            "conclusion": "meets",
            "remarks": "",
        },
    )
    claim_and_execute(
        board, process, ReappointmentFlow.extension_1_collective, conference(cadre, counts(7, members=7), 4)
    )
    process = _decide_and_sign(board, leaders, process, "extend")

    assert process.outcome == ReappointmentOutcome.EXTENDED and process.status == PROCESS.DONE
    assert process.decision.kind == "extension" and process.decision.term_end == process.retirement_on
    tenure.refresh_from_db()
    assert tenure.ended_on is None and tenure.term_end == process.retirement_on
    conf = Conference.objects.get(process_id=process.pk)
    assert conf.step_code == "extension_1_collective" and conf.denominator_kind == "collective_members"


def test_a_tied_collective_vote_is_decided_by_the_head_and_the_dissent_is_recorded(
    client_for, opened, holder, reviewer, leadership, unit_a
):
    from tests.collectives import seed_collective

    cadre, _tenure = holder
    seed_collective(unit_a, 6)  # the leadership collective has six members in the registry
    board = client_for(reviewer)
    claim_and_execute(board, opened, ReappointmentFlow.notice, notice())
    claim_and_execute(board, opened, ReappointmentFlow.self_assessment, self_assessment())
    claim_and_execute(
        board,
        opened,
        ReappointmentFlow.reappointment_1_key_officials,
        conference(cadre, counts(30, 27), (15, 12), confidence=True),
    )
    # 3 of 6 members: exactly 50% — without the head's decision it is refused, nothing recorded
    response = claim_and_execute(
        board,
        opened,
        ReappointmentFlow.reappointment_2_collective,
        conference(cadre, counts(6, members=6), 3),
        expect=200,
    )
    assert "head_decision" in response.context["form"].errors
    assert Conference.objects.filter(process_id=opened.pk).count() == 1
    claim_and_execute(
        board,
        opened,
        ReappointmentFlow.reappointment_2_collective,
        conference(
            cadre,
            counts(6, members=6),
            3,
            head_decision="approve",
            dissent="Hai đồng chí đề nghị chưa bổ nhiệm lại vì lý do sức khỏe.",
        ),
    )
    conf = Conference.objects.get(process_id=opened.pk, step_code="reappointment_2_collective")
    assert conf.head_decision == "approve" and "sức khỏe" in conf.dissent and conf.outcome == "passed"
    opened.refresh_from_db()
    assert opened.vote_passed is True
    claim_and_execute(
        board,
        opened,
        ReappointmentFlow.verification,
        verified(),
    )
    process = _decide_and_sign(board, client_for(leadership), opened, "reappoint")
    assert process.outcome == ReappointmentOutcome.REAPPOINTED


def test_the_board_opens_a_procedure_by_hand_for_a_term_in_its_scope(client_for, reviewer, holder):
    from workflows.reappointment.models import ReappointmentProcess

    cadre, tenure = holder
    board = client_for(reviewer)
    page = board.get(ReappointmentFlow.start.reverse("execute"))
    assert page.status_code == 200
    # the terms offered, as the Material select lists them (its options travel as JSON in an attribute)
    select = re.search(r'<vf-field-select [^>]*name="tenure"[^>]*optgroups="([^"]*)"', page.content.decode())
    labels = [group["options"].get("label", "") for group in json.loads(html.unescape(select.group(1)))]
    assert any(cadre.full_name in label for label in labels), labels
    response = board.post(ReappointmentFlow.start.reverse("execute"), {"tenure": tenure.pk})
    assert response.status_code == 302
    process = ReappointmentProcess.objects.get(tenure=tenure)
    assert process.started_by == reviewer and not process.opened_automatically
    assert open_task(process, ReappointmentFlow.notice) is not None
    # the same term cannot be opened twice
    again = board.post(ReappointmentFlow.start.reverse("execute"), {"tenure": tenure.pk})
    assert again.status_code == 200 and "tenure" in again.context["form"].errors
    assert ReappointmentProcess.objects.filter(tenure=tenure).count() == 1
