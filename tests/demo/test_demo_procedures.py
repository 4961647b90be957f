"""The procedures the demo starts with (seeded at ``--scale 0.05``, rolled back after the module): the due
reappointments open in the organisation board's queue, the appointments' signed decisions with their tenures
(open to the inspector, revocable, hidden from a unit leader out of scope), and a nomination on the demo's elected
vacancy driven through the services from the proposal to the election result.
"""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from viewflow.workflow.status import PROCESS

from apps.audit.models import AuditEntry
from apps.cadres.models import Tenure
from apps.conferences.models import Conference
from apps.decisions.models import Decision
from apps.demo.seeding import procedures
from apps.organisation.models import Position
from workflows.appointment.models import AppointmentCandidate, AppointmentProcess
from workflows.common import runner
from workflows.common.models import Outcome
from workflows.common.views import inbox_tasks, queue_tasks
from workflows.reappointment import services as reappointment_services
from workflows.reappointment.flows import ReappointmentFlow
from workflows.reappointment.models import ReappointmentOutcome, ReappointmentProcess

pytestmark = pytest.mark.django_db


def user(username):
    return get_user_model().objects.get(username=username)


def signed_decisions():
    return Decision.objects.filter(status=Decision.Status.SIGNED).select_related("tenure", "position__unit")


# --- reappointments -------------------------------------------------------------------------------------


def test_the_due_reappointments_are_open_in_the_board_queue(demo):
    today = demo.seeded_on
    due = Tenure.objects.open().filter(
        term_end__gt=today, term_end__lte=today + timedelta(days=90), position__is_elected=False
    )
    processes = ReappointmentProcess.objects.filter(outcome=ReappointmentOutcome.IN_PROGRESS)
    assert due.count() >= 2
    assert set(processes.values_list("tenure_id", flat=True)) == set(due.values_list("pk", flat=True))
    system = reappointment_services.system_user()
    assert all(p.opened_automatically and p.started_by_id == system.pk for p in processes)
    assert AuditEntry.objects.filter(action="reappointment.opened", actor=system).count() == due.count()

    # the board reviewer's queue holds each procedure's first step (the notice to the cadre)
    queued = queue_tasks(ReappointmentFlow, user("bantochuc"))
    assert {t.process_id for t in queued} == set(processes.values_list("pk", flat=True))
    assert {t.flow_task for t in queued} == {ReappointmentFlow.notice}
    assert not inbox_tasks(ReappointmentFlow, user("bantochuc")).exists()  # nobody has claimed one yet
    assert not queue_tasks(ReappointmentFlow, user("lanhdao.snv")).exists()  # not the unit leader's step


def test_the_board_sees_them_on_its_queue_page(demo, client_for):
    newest = ReappointmentProcess.objects.order_by("-pk").first()
    response = client_for(user("bantochuc")).get(ReappointmentFlow.instance.reverse("queue"))
    assert response.status_code == 200
    assert f"#{newest.pk}/" in response.content.decode()


def test_running_the_opener_again_opens_nothing(demo):
    before = ReappointmentProcess.objects.count()
    result = reappointment_services.open_due_reappointments(on=demo.seeded_on)
    assert result["opened"] == 0 and result["examined"] == 0
    assert ReappointmentProcess.objects.count() == before


# --- appointments and their signed decisions -------------------------------------------------------------


def test_the_appointments_end_in_signed_decisions_with_tenures(demo):
    decisions = list(signed_decisions())
    assert len(decisions) >= 1
    for decision in decisions:
        assert decision.kind == Decision.Kind.APPOINTMENT and decision.number and decision.pdf
        tenure = decision.tenure
        assert tenure.is_open and tenure.cadre_id == decision.cadre_id
        assert tenure.position_id == decision.position_id and tenure.decision_number == decision.number
        process = AppointmentProcess.objects.get(pk=decision.process_id)
        assert process.status == PROCESS.DONE and process.outcome == Outcome.APPOINTED
        assert process.unit.code not in procedures.KEEP_FOR_DEMO_LOGINS
        # the five conferences with their minutes, and both candidates verified against the real rules
        conferences = Conference.objects.filter(process_id=process.pk)
        assert conferences.count() == 5 and all(c.minutes and c.count_minutes for c in conferences)
        candidates = AppointmentCandidate.objects.filter(process=process)
        assert candidates.count() == 2 and all(c.verified_at and c.verification for c in candidates)
        assert all(check["passed"] for c in candidates for check in c.verification)
        assert candidates.get(cadre_id=decision.cadre_id).status == AppointmentCandidate.Status.APPOINTED
        actions = set(AuditEntry.objects.filter(process_id=process.pk).values_list("action", flat=True))
        assert {
            "appointment.proposed",
            "appointment.policy_approved",
            "appointment.candidates_listed",
            "appointment.step_recorded",
            "candidate.verified",
            "decision.signed",
            "appointment.appointed",
        } <= actions
        # proposed by the head of the unit, through the unit-leader role
        assert process.started_by.cadre.current_unit_id == process.unit_id
        roles = set(decision.participants.values_list("role_in_procedure", flat=True))
        assert {"proposer", "reviewer", "verifier", "conference_recorder", "signer"} <= roles


def test_the_demo_users_still_have_vacancies(demo):
    vacant = Position.objects.filter(is_active=True).with_vacancies().filter(vacancies__gt=0)
    assert vacant.filter(unit__code="snv").exists()  # lanhdao.snv can start a procedure
    taken = signed_decisions().values_list("position_id", flat=True)
    assert vacant.count() >= 5 * len(taken)


def test_the_inspector_opens_the_decisions_and_a_unit_leader_out_of_scope_does_not(demo, client_for):
    inspector, outsider = client_for(user("kiemtra")), client_for(user("lanhdao.xa"))
    for decision in signed_decisions():
        assert decision.position.unit.code != "xa-tien-du"
        detail = reverse("decisions:decisions:detail", args=[decision.pk])
        pdf = reverse("decisions:decisions:pdf", args=[decision.pk])
        assert inspector.get(detail).status_code == 200
        assert inspector.get(pdf).status_code == 200
        assert outsider.get(detail).status_code == 404
        assert outsider.get(pdf).status_code == 404


def test_the_inspector_can_have_a_seeded_decision_revoked(demo):
    from workflows.revocation.flows import RevocationFlow
    from workflows.revocation.models import Ruling

    inspector, leadership = user("kiemtra"), user("thuongvu")
    decision = signed_decisions().first()
    case = runner.start(
        RevocationFlow,
        actor=inspector,
        decision=decision,
        grounds="Hồ sơ thiếu bản kê khai tài sản đã xác minh",
        evidence=[procedures.minutes_pdf("don-phan-anh.pdf", ["ĐƠN PHẢN ÁNH"])],
    )
    procedures._step(case, RevocationFlow.investigate, inspector, findings="Xác minh đúng nội dung phản ánh")
    procedures._step(
        case,
        RevocationFlow.decide,
        leadership,
        ruling=Ruling.REVOKE,
        reason="Quyết định ban hành khi hồ sơ chưa đầy đủ",
        grounds="Căn cứ Kết luận 232-KL/TW",
        signer=procedures._head(case.decision.authority).cadre,  # from the registry (issue 9 §8)
    )
    decision.refresh_from_db()
    assert decision.status == Decision.Status.REVOKED
    assert Tenure.objects.get(pk=decision.tenure_id).ended_on is not None


# --- the nomination showcase ------------------------------------------------------------------------------


def test_the_demo_has_an_elected_vacancy_with_more_eligible_cadres_than_seats(demo):
    post = procedures.nomination_post(demo.province)
    assert post is not None and post.is_elected and post.vacancies >= 1
    cadres = procedures.nomination_cadres(post)
    assert len(cadres) >= post.seats + 1


def test_a_nomination_on_the_elected_vacancy_runs_from_proposal_to_the_election_result(demo):
    from workflows.nomination import services
    from workflows.nomination.flows import NominationFlow as Flow
    from workflows.nomination.models import NominationCandidate, NominationOutcome, ReviewDecision

    board, leadership = user("bantochuc"), user("thuongvu")
    today = timezone.localdate()
    post = procedures.nomination_post(demo.province)
    eligible = [c for c in procedures.nomination_cadres(post) if c.pk != board.cadre_id]
    cadres = eligible[:2]  # one seat: two names carry the list's surplus of one (H19) and R1's two per seat
    process = runner.start(
        Flow,
        actor=board,
        position=post,
        body="council_post",
        election_name="Kỳ họp Hội đồng nhân dân tỉnh",
        election_date=today,
        seats=1,
        structure="Theo đề án nhân sự",
        cadres=cadres,
    )

    def step(node, actor, **data):
        return procedures._step(process, node, actor, **data)

    step(Flow.review, leadership, decision=ReviewDecision.APPROVED, reason="")
    from apps.conferences import collectives
    from apps.conferences.models import CollectiveKind

    # the committees' rounds count their membership in the demo's registry (issue 9 point 10); the key officials
    # conference has no standing membership: its figure is typed
    sizes = {
        kind: len(collectives.members_on(collectives.collective_for(post.unit, kind), today))
        for kind in (CollectiveKind.STANDING_COMMITTEE, CollectiveKind.PARTY_COMMITTEE)
    }
    assert all(size >= 3 for size in sizes.values()), sizes
    standing, executive = sizes[CollectiveKind.STANDING_COMMITTEE], sizes[CollectiveKind.PARTY_COMMITTEE]
    rounds = [Flow.round1, Flow.round2, Flow.round3, Flow.round4, Flow.round5]
    typed = [False, True, False, False, False]
    for index, (node, convened) in enumerate(
        zip(rounds, [standing, 60, executive, standing, executive], strict=True)
    ):
        data = {
            "held_on": today,
            "convened": convened if typed[index] else None,
            "present": convened,
            "ballots_issued": convened,
            "ballots_returned": convened,
            "ballots_valid": convened,
        }
        tallies = {cadres[0].pk: convened - 1, cadres[1].pk: convened // 2 + 1}
        step(
            node,
            board,
            conference_data=data,
            tallies=tallies,
            minutes=procedures.minutes_pdf("bien-ban.pdf", ["BIÊN BẢN"]),
            count_minutes=procedures.minutes_pdf("kiem-phieu.pdf", ["KIỂM PHIẾU"]),
        )
    years = process.params.achievement_years
    documents = {
        c.pk: {
            "years": years,
            "self_assessment": procedures.minutes_pdf("tu-danh-gia.pdf", ["TỰ ĐÁNH GIÁ"]),
            "evaluation": procedures.minutes_pdf("nhan-xet.pdf", ["NHẬN XÉT CỦA TẬP THỂ"]),
        }
        for c in services.active_candidates(process)
    }
    step(Flow.verification, board, documents=documents)
    listable = list(services.listable_candidates(process))
    assert {c.cadre_id for c in listable} == {c.pk for c in cadres}  # both passed every check
    step(
        Flow.prepare_list,
        board,
        candidates=listable,
        effective_from=today,
        grounds="Căn cứ Luật Tổ chức chính quyền địa phương",
    )
    sign = {"signer": procedures._head(process.position.authority).cadre, "issued_on": today}
    step(Flow.sign_decision, leadership, **sign)
    nominated = {c.cadre_id: c for c in services.nominated_candidates(process)}
    results = [(nominated[cadres[0].pk].pk, True, 40), (nominated[cadres[1].pk].pk, False, 12)]
    step(Flow.record_result, board, held_on=today, ballots_valid=52, results=results)
    step(
        Flow.confirm_result,
        leadership,
        effective_from=today,
        grounds="Căn cứ kết quả bầu cử tại kỳ họp",
        **sign,
    )

    process.refresh_from_db()
    assert process.status == PROCESS.DONE and process.outcome == NominationOutcome.ELECTED
    elected = process.candidates.get(cadre=cadres[0])
    assert elected.status == NominationCandidate.Status.ELECTED
    tenure = Tenure.objects.get(cadre=cadres[0], position=post, ended_on=None)
    assert (
        elected.result_decision.tenure == tenure and elected.result_decision.status == Decision.Status.SIGNED
    )
    assert not Tenure.objects.filter(cadre=cadres[1], position=post).exists()
    assert Position.objects.with_vacancies().get(pk=post.pk).vacancies == post.vacancies - 1
