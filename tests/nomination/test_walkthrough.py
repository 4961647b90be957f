"""One HTTP walk-through per outcome of the nomination procedure, as the real roles: elected (some elected, some
not), nobody passing a round, too few passing, a candidate failing verification, nobody elected, rejected."""

import io
import re
from datetime import date

import pytest
from django.urls import reverse
from viewflow.workflow.status import PROCESS, STATUS

from apps.audit.models import AuditEntry
from apps.cadres.models import Tenure
from apps.conferences.models import Conference
from apps.decisions.models import Decision
from apps.organisation.models import Position
from tests.factories import DisciplineFactory, PositionFactory
from tests.readable import assert_readable
from workflows.common.models import StepAttachment, TaskDeadline
from workflows.nomination.flows import NominationFlow
from workflows.nomination.models import NominationCandidate, NominationOutcome

from .helpers import (
    FLOW,
    ROUNDS,
    claim_and_execute,
    conference,
    counts,
    eligible_cadres,
    going_on,
    latest_process,
    open_task,
    propose,
    result_data,
    sign_data,
    today_text,
    verification,
)

pytestmark = pytest.mark.django_db

Status = NominationCandidate.Status

#: rounds 2–5 on five names, everyone above half of those convened: (convened, present, tallies)
LATER_ROUNDS = [
    (60, 55, [50, 45, 40, 35, 31]),
    (40, 38, [35, 30, 28, 25, 21]),
    (15, 15, [13, 12, 11, 10, 9]),
    (40, 39, [36, 33, 30, 27, 22]),
]


def pdf_text(content):
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(content))
    return re.sub(r"\s+", " ", "\n".join(page.extract_text() for page in reader.pages))


def results_of(process, step_code):
    conference_ = Conference.objects.get(process_id=process.pk, step_code=step_code)
    return {row.cadre_id: row.result for row in conference_.candidates.all()}


@pytest.fixture
def approved(client_for, reviewer, leadership, elected_position, unit_a):
    """Three seats; six names proposed by the board (the local rule R1: two per seat); the plan approved."""
    cadres = eligible_cadres(unit_a, elected_position, 6)
    board = client_for(reviewer)
    assert propose(board, elected_position, cadres).status_code == 302
    process = latest_process()
    claim_and_execute(client_for(leadership), process, NominationFlow.review, {"decision": "approved"})
    return process, board, cadres


def through_rounds(process, board, cadres):
    """Round 1 introduces the five names above half of the 15 convened; rounds 2–5 keep all five."""
    claim_and_execute(board, process, ROUNDS[0], conference(counts(15, 14), [12, 11, 10, 9, 8, 3], cadres))
    five = cadres[:5]
    assert going_on(process) == five
    for node, (convened, present, tallies) in zip(ROUNDS[1:], LATER_ROUNDS, strict=True):
        claim_and_execute(board, process, node, conference(counts(convened, present), tallies, five))
    return five


def prepare(board, process, candidates, **extra):
    data = {
        "candidates": [c.pk for c in candidates],
        "effective_from": today_text(),
        "grounds": "Căn cứ Quy định 190-QĐ/TW; Chỉ thị 45-CT/TW",
        **extra,
    }
    return claim_and_execute(board, process, NominationFlow.prepare_list, data)


def test_from_proposal_to_the_election_result_some_elected_some_not(
    client_for, approved, leadership, elected_position
):
    process, board, cadres = approved
    assert process.params.surplus_required  # the local rule set is in force
    five = through_rounds(process, board, cadres)
    assert results_of(process, "nomination_1_standing") == {
        **{c.pk: "selected" for c in five},
        cadres[5].pk: "not_selected",
    }
    assert process.candidates.get(cadre=cadres[5]).status == Status.ELIMINATED
    assert process.candidates.get(cadre=cadres[0]).round_votes == {
        "nomination_1_standing": 12,
        "nomination_2_key_officials": 50,
        "nomination_3_executive": 35,
        "nomination_4_standing": 13,
        "nomination_5_executive": 36,
    }
    assert Conference.objects.filter(process_id=process.pk).count() == 5
    # each round's minutes are among the procedure's documents (H6)
    assert StepAttachment.objects.filter(process_id=process.pk, kind="bien_ban").count() == 5

    claim_and_execute(board, process, NominationFlow.verification, verification(process))
    verified = list(process.candidates.filter(status=Status.ELIGIBLE).order_by("pk"))
    assert [c.cadre for c in verified] == five and all(c.checks.exists() for c in verified)

    # three seats: the list carries four names, the four best at the final round; the fifth stops here
    four = five[:4]
    prepare(board, process, [c for c in verified if c.cadre in four])
    process.refresh_from_db()
    assert process.list_surplus == 1
    left_off = process.candidates.get(cadre=five[4])
    assert left_off.status == Status.ELIMINATED and left_off.reason and not left_off.on_list
    leader = client_for(leadership)
    claim_and_execute(leader, process, NominationFlow.sign_decision, sign_data())
    nominated = list(process.candidates.filter(status=Status.NOMINATED).select_related("decision"))
    assert len(nominated) == 4
    assert all(c.decision.kind == "nomination" and c.decision.status == "signed" for c in nominated)
    assert len({c.decision.number for c in nominated}) == 4
    # the signed list, a PDF among the procedure's documents, names every nominee and their decision
    attachment = StepAttachment.objects.get(process_id=process.pk, kind="quyet_dinh")
    text = pdf_text(attachment.file.read())
    assert "DANH SÁCH" in text and elected_position.title in text
    for candidate in nominated:
        assert candidate.cadre.full_name in text and candidate.decision.number in text
    # a nomination decision, as the leadership downloads it
    response = leader.get(reverse("decisions:decisions:pdf", args=[nominated[0].decision.pk]))
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert response.status_code == 200 and "ứng cử" in pdf_text(body)

    # the result step is due after the election, not five working days after it opened
    result_task = open_task(process, NominationFlow.record_result)
    assert TaskDeadline.objects.get(task=result_task).due_at.date() > date.today()
    by_cadre = {c.cadre_id: c for c in nominated}
    rows = [
        (by_cadre[four[0].pk].pk, True, 280),
        (by_cadre[four[1].pk].pk, True, 250),
        (by_cadre[four[2].pk].pk, True, 200),
        (by_cadre[four[3].pk].pk, False, 120),
    ]
    claim_and_execute(board, process, NominationFlow.record_result, result_data(rows, valid=300))
    assert process.candidates.get(cadre=four[3]).status == Status.NOT_ELECTED
    assert process.candidates.get(cadre=four[3]).election_votes == 120
    confirm = sign_data(grounds="Căn cứ kết quả bầu cử ngày hôm nay")
    claim_and_execute(leader, process, NominationFlow.confirm_result, confirm)

    process.refresh_from_db()
    assert process.status == PROCESS.DONE and process.outcome == NominationOutcome.ELECTED
    elected = list(process.candidates.filter(status=Status.ELECTED).select_related("result_decision"))
    assert sorted(c.cadre_id for c in elected) == sorted(c.pk for c in four[:3])
    for candidate in elected:
        decision = candidate.result_decision
        assert decision.kind == Decision.Kind.ELECTION_RESULT and decision.status == "signed"
        tenure = Tenure.objects.get(cadre_id=candidate.cadre_id, position=elected_position, ended_on=None)
        assert decision.tenure == tenure and tenure.decision_number == decision.number
    assert not Tenure.objects.filter(cadre=four[3]).exists()
    assert Position.objects.with_vacancies().get(pk=elected_position.pk).vacancies == 0
    actions = set(AuditEntry.objects.filter(process_id=process.pk).values_list("action", flat=True))
    assert {
        "nomination.proposed",
        "nomination.plan_approved",
        "nomination.round_recorded",
        "candidate.verified",
        "nomination.list_prepared",
        "nomination.nominated",
        "nomination.result_recorded",
        "nomination.elected",
    } <= actions
    page = board.get(FLOW.reverse("process_detail", args=[process.pk]))
    assert page.status_code == 200 and "Ứng viên 1" in page.content.decode()
    # who took part is recorded with each decision
    roles = set(elected[0].result_decision.participants.values_list("role_in_procedure", flat=True))
    assert {"proposer", "decider", "conference_recorder", "verifier", "reviewer", "signer"} <= roles
    assert_readable()  # every entry the procedure wrote, as its history shows it


def test_a_round_where_nobody_passes_closes_the_procedure_without_the_runoff(approved):
    process, board, cadres = approved
    # the rule set turns the runoff off (nomination_runoff_top_two; issue 9 point 14 tests it on)
    process.rule_snapshot = {**process.rule_snapshot, "nomination_runoff_top_two": False}
    process.save(update_fields=["rule_snapshot"])
    claim_and_execute(board, process, ROUNDS[0], conference(counts(15, 14), [12, 11, 10, 9, 8, 3], cadres))
    five = going_on(process)
    # round 2: nobody is named by more than half of the 60 convened (30 is exactly half: not enough)
    claim_and_execute(board, process, ROUNDS[1], conference(counts(60, 55), [30, 28, 20, 10, 5], five))
    process.refresh_from_db()
    assert process.status == PROCESS.DONE and process.outcome == NominationOutcome.NO_CANDIDATE_PASSED
    assert process.outcome_reason
    assert set(process.candidates.values_list("status", flat=True)) == {Status.ELIMINATED}
    assert process.task_set.filter(flow_task=NominationFlow.end_no_candidate, status=STATUS.DONE).exists()
    assert not process.task_set.filter(flow_task=NominationFlow.nomination_3_executive).exists()


def test_too_few_passing_a_round_for_the_surplus_closes_the_procedure(approved):
    process, board, cadres = approved
    # only three of the six above half: three names cannot make a list for three seats with a surplus
    claim_and_execute(board, process, ROUNDS[0], conference(counts(15, 14), [12, 11, 10, 5, 4, 3], cadres))
    process.refresh_from_db()
    assert process.status == PROCESS.DONE and process.outcome == NominationOutcome.TOO_FEW_CANDIDATES
    assert "4" in process.outcome_reason
    assert not process.candidates.filter(status__in=NominationCandidate.ACTIVE_STATUSES).exists()


def test_a_candidate_failing_verification_stops_with_the_reason_and_the_others_go_on(
    client_for, reviewer, leadership, unit_a
):
    """Seven seats: the list carries one or two more names than seats, so one failed candidate leaves enough."""
    position = PositionFactory(unit=unit_a, title="Ủy viên Ban Chấp hành", seats=7, is_elected=True)
    cadres = eligible_cadres(unit_a, position, 14)
    board = client_for(reviewer)
    assert propose(board, position, cadres).status_code == 302
    process = latest_process()
    claim_and_execute(client_for(leadership), process, NominationFlow.review, {"decision": "approved"})
    cadres = going_on(process)  # in the order the step lists them
    # ten names above half of the 20 convened go on; the other four stop here
    tallies = [19, 18, 17, 16, 15, 14, 13, 12, 12, 11, 10, 4, 3, 2]
    claim_and_execute(board, process, ROUNDS[0], conference(counts(20), tallies, cadres))
    ten = going_on(process)
    assert ten == cadres[:10]
    assert process.candidates.get(cadre=cadres[10]).status == Status.ELIMINATED  # 10 of 20 is only half
    for node in ROUNDS[1:]:
        claim_and_execute(board, process, node, conference(counts(40), [39 - i for i in range(10)], ten))
    DisciplineFactory(cadre=ten[3], status="under_review", kind="", decided_on=None, effective_from=None)
    claim_and_execute(board, process, NominationFlow.verification, verification(process))
    failed = process.candidates.get(cadre=ten[3])
    assert failed.status == Status.FAILED_VERIFICATION and failed.reason
    assert any(not check.passed and check.code == "discipline" for check in failed.checks.all())
    assert process.candidates.filter(status=Status.ELIGIBLE).count() == 9
    # seven seats and the most surplus (30% of 7: two): the nine who passed make the list
    listable = process.candidates.filter(status=Status.ELIGIBLE)
    prepare(board, process, listable)
    process.refresh_from_db()
    assert process.list_surplus == 2
    assert process.candidates.filter(on_list=True).count() == 9 and not failed.on_list


def test_a_failed_verification_that_leaves_too_few_names_closes_the_procedure(approved):
    process, board, cadres = approved
    five = through_rounds(process, board, cadres)
    for cadre in five[:2]:  # negative conclusions (a missing one would be asked of political protection)
        cadre.political_conclusions.update(result="does_not_meet")
    claim_and_execute(board, process, NominationFlow.verification, verification(process))
    process.refresh_from_db()
    assert process.outcome == NominationOutcome.TOO_FEW_CANDIDATES and process.status == PROCESS.DONE
    failed = process.candidates.get(cadre=five[0])
    assert failed.status == Status.FAILED_VERIFICATION and failed.reason
    assert [c.code for c in failed.checks.all() if not c.passed] == ["political_standard"]


def to_result_step(process, board, leader, cadres):
    """Through the rounds and the verification; the four best listed; the decisions signed."""
    five = through_rounds(process, board, cadres)
    claim_and_execute(board, process, NominationFlow.verification, verification(process))
    prepare(board, process, process.candidates.filter(cadre__in=five[:4]))
    claim_and_execute(leader, process, NominationFlow.sign_decision, sign_data())
    return five[:4]


def test_nobody_elected_closes_without_a_tenure(client_for, approved, leadership, elected_position):
    process, board, cadres = approved
    to_result_step(process, board, client_for(leadership), cadres)
    rows = [(c.pk, False, 100) for c in process.candidates.filter(status=Status.NOMINATED)]
    claim_and_execute(board, process, NominationFlow.record_result, result_data(rows, valid=300))
    process.refresh_from_db()
    assert process.status == PROCESS.DONE and process.outcome == NominationOutcome.NOT_ELECTED
    assert not Tenure.objects.filter(position=elected_position).exists()
    assert not process.task_set.filter(flow_task=NominationFlow.confirm_result).exists()


def test_the_leadership_rejects_the_personnel_plan(
    client_for, reviewer, leadership, elected_position, unit_a
):
    cadres = eligible_cadres(unit_a, elected_position, 6)
    assert propose(client_for(reviewer), elected_position, cadres).status_code == 302
    process = latest_process()
    leader = client_for(leadership)
    response = claim_and_execute(leader, process, NominationFlow.review, {"decision": "rejected"}, expect=200)
    assert [e.code for e in response.context["form"].non_field_errors().as_data()] == ["reason_required"]
    claim_and_execute(
        leader, process, NominationFlow.review, {"decision": "rejected", "reason": "Cơ cấu chưa phù hợp"}
    )
    process.refresh_from_db()
    assert process.outcome == NominationOutcome.REJECTED and process.outcome_reason == "Cơ cấu chưa phù hợp"
    assert process.status == PROCESS.DONE


def test_a_unit_leader_may_propose_and_withdraw(client_for, leader_a, elected_position, unit_a):
    cadres = eligible_cadres(unit_a, elected_position, 6)
    leader = client_for(leader_a)
    assert propose(leader, elected_position, cadres).status_code == 302
    process = latest_process()
    assert process.started_by == leader_a and process.candidates.count() == 6
    response = leader.post(FLOW.reverse("process_withdraw", args=[process.pk]), {"reason": "Thay đổi cơ cấu"})
    assert response.status_code == 302
    process.refresh_from_db()
    assert process.outcome == NominationOutcome.WITHDRAWN and process.status == PROCESS.CANCELED


def test_every_step_page_renders(client_for, approved, leadership):
    process, board, cadres = approved
    leader = client_for(leadership)

    def get(client, node):
        task = open_task(process, node)
        if task.status == STATUS.NEW:
            client.post(task.flow_task.reverse("assign", args=[process.pk, task.pk]))
        response = client.get(task.flow_task.reverse("execute", args=[process.pk, task.pk]))
        assert response.status_code == 200, node
        return response.content.decode()

    assert "Ứng viên 6" in get(board, ROUNDS[0])
    five = through_rounds(process, board, cadres)
    assert "Ứng viên 1" in get(board, NominationFlow.verification)
    claim_and_execute(board, process, NominationFlow.verification, verification(process))
    page = get(board, NominationFlow.prepare_list)
    assert "Ứng viên 5" in page
    # the four best at the final round are ticked by default, the fifth is not
    form = get_form(process, board, NominationFlow.prepare_list)
    ticked = {c.cadre_id for c in form.initial["candidates"]}
    assert ticked == {c.pk for c in five[:4]}
    prepare(board, process, process.candidates.filter(cadre__in=five[:4]))
    get(leader, NominationFlow.sign_decision)
    claim_and_execute(leader, process, NominationFlow.sign_decision, sign_data())
    assert five[3].full_name in get(board, NominationFlow.record_result)
    assert board.get(NominationFlow.start.reverse("execute")).status_code == 200


def get_form(process, client, node):
    task = open_task(process, node)
    return client.get(task.flow_task.reverse("execute", args=[process.pk, task.pk])).context["form"]
