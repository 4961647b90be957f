"""Several seats in one procedure, and equal votes at the final vote (issue 3).

A procedure fills every seat it was opened for: one decision per winner of the final vote — each numbered,
signed, with its own PDF and its own tenure — drafted and signed in a loop until every winner has one or was
dropped by the board with the reason. At the final vote equal votes for the last seat are the head's choice,
recorded with the dissenting opinions. Refusals are asserted by rule code and "nothing changed".
"""

from datetime import date, timedelta

import pytest
from viewflow.workflow.status import PROCESS

from apps.audit.models import AuditEntry
from apps.cadres.models import Tenure
from apps.conferences.models import Conference
from apps.core.rules import RuleViolation
from apps.decisions.models import Decision, DecisionCounter
from apps.organisation.models import Position
from tests.factories import CadreFactory, PositionFactory, TenureFactory
from tests.signers import signer_of
from workflows.appointment import services
from workflows.appointment.flows import AppointmentFlow
from workflows.appointment.models import AppointmentCandidate
from workflows.common import runner
from workflows.common.models import Outcome

from .conftest import make_eligible
from .helpers import claim_and_execute, latest_process, open_task, propose
from .test_bad_input import field_codes, refused, state
from .test_walkthrough import _verification, conference, counts

pytestmark = pytest.mark.django_db

Status = AppointmentCandidate.Status
TODAY = date.today()


def full_state(process, position):
    """``test_bad_input.state`` plus what a signature touches: decisions, numbers, tenures."""
    return {
        **state(process),
        "decision_rows": list(
            Decision.objects.order_by("pk").values_list("pk", "status", "number", "tenure_id")
        ),
        "counters": list(DecisionCounter.objects.values_list("authority_id", "year", "last")),
        "tenures": list(
            Tenure.objects.filter(position=position).values_list("pk", "cadre_id", "seat_number")
        ),
    }


def draft(client, process, candidate, *, expect=302, **extra):
    data = {
        "candidate": candidate.pk,
        "effective_from": (TODAY + timedelta(days=5)).strftime("%d/%m/%Y"),
        "grounds": "Căn cứ Quy định 377-QĐ/TW; Nghị định 170/2025/NĐ-CP",
        **extra,
    }
    return claim_and_execute(client, process, AppointmentFlow.draft_decision, data, expect=expect)


def sign_data():
    return {"signer": signer_of(), "issued_on": TODAY.strftime("%d/%m/%Y")}


def vacancies(position):
    return Position.objects.with_vacancies().get(pk=position.pk).vacancies


@pytest.fixture
def two_seats(unit_a):
    return PositionFactory(unit=unit_a, title="Phó Giám đốc Sở Nội vụ", seats=2, term_years=5)


@pytest.fixture
def voted(client_for, leader_a, reviewer, two_seats, unit_a):
    """A 2-seat position, four candidates (the surplus rule asks two per seat), the five conferences held; the
    final vote elects c1 and c2. Returns (process, board client, [c1, c2, c3, c4])."""
    cadres = [make_eligible(unit_a, two_seats, full_name=f"Ứng viên {i}") for i in range(1, 5)]
    assert propose(client_for(leader_a), two_seats, seats=2).status_code == 302
    process = latest_process()
    board = client_for(reviewer)
    claim_and_execute(board, process, AppointmentFlow.policy_review, {"decision": "approved"})
    claim_and_execute(board, process, AppointmentFlow.nominate, {"cadres": [c.pk for c in cadres]})
    claim_and_execute(
        board, process, AppointmentFlow.step1, conference(counts(7, members=7), list_votes_for=6)
    )
    claim_and_execute(
        board, process, AppointmentFlow.step2, conference(counts(20, 18), [14, 12, 6, 4], cadres)
    )
    claim_and_execute(
        board, process, AppointmentFlow.step3, conference(counts(7, members=7), [5, 4, 3, 2], cadres)
    )
    claim_and_execute(
        board,
        process,
        AppointmentFlow.step4,
        conference(counts(30, 27), [(20, 7), (18, 9), (10, 17), (9, 18)], cadres, confidence=True),
    )
    claim_and_execute(board, process, AppointmentFlow.verification, _verification(process))
    claim_and_execute(
        board, process, AppointmentFlow.step5, conference(counts(7, members=7), [6, 5, 2, 1], cadres)
    )
    return process, board, cadres


def winner(process, cadre):
    return process.candidates.get(cadre=cadre)


def test_a_two_seat_position_gets_two_signed_decisions_and_two_tenures(
    client_for, voted, leadership, two_seats
):
    process, board, (c1, c2, c3, c4) = voted
    statuses = dict(process.candidates.values_list("cadre_id", "status"))
    assert statuses == {c1.pk: "selected", c2.pk: "selected", c3.pk: "eliminated", c4.pk: "eliminated"}
    signer = client_for(leadership)

    draft(board, process, winner(process, c1))
    claim_and_execute(signer, process, AppointmentFlow.sign_decision, sign_data())
    process.refresh_from_db()
    # one seat filled, one winner waiting: the procedure goes back to the draft step, still in progress
    assert process.status == PROCESS.NEW and process.outcome == Outcome.IN_PROGRESS
    assert open_task(process, AppointmentFlow.draft_decision)
    assert vacancies(two_seats) == 1
    # the seat left is still claimed by this procedure: nobody can open another one for it
    assert services.vacancies_for(two_seats) == (1, 1)
    assert propose(client_for(process.started_by), two_seats, seats=1).status_code == 200

    draft(board, process, winner(process, c2))
    claim_and_execute(signer, process, AppointmentFlow.sign_decision, sign_data())
    process.refresh_from_db()
    assert process.status == PROCESS.DONE and process.outcome == Outcome.APPOINTED
    assert process.task_set.filter(flow_task=AppointmentFlow.end_appointed).count() == 1

    decisions = list(Decision.objects.filter(process_id=process.pk).order_by("pk"))
    assert [d.cadre_id for d in decisions] == [c1.pk, c2.pk]
    assert all(d.status == "signed" and d.pdf and len(d.pdf_sha256) == 64 for d in decisions)
    assert len({d.number for d in decisions}) == 2 and len({d.pdf_sha256 for d in decisions}) == 2
    assert all(d.number in process.outcome_reason for d in decisions)
    tenures = Tenure.objects.filter(position=two_seats, ended_on__isnull=True).order_by("seat_number")
    assert [(t.cadre_id, t.seat_number) for t in tenures] == [(c1.pk, 1), (c2.pk, 2)]
    assert [t.decision_number for t in tenures] == [d.number for d in decisions]
    assert [d.tenure_id for d in decisions] == [t.pk for t in tenures]
    assert vacancies(two_seats) == 0 and services.vacancies_for(two_seats) == (0, 0)
    statuses = dict(process.candidates.values_list("cadre_id", "status"))
    assert statuses == {c1.pk: "appointed", c2.pk: "appointed", c3.pk: "eliminated", c4.pk: "eliminated"}
    appointed = AuditEntry.objects.filter(process_id=process.pk, action="appointment.appointed")
    assert sorted(e.data["cadre"] for e in appointed) == [c1.pk, c2.pk]
    page = board.get(AppointmentFlow.instance.reverse("process_detail", args=[process.pk]))
    assert page.status_code == 200 and 'id="decisions"' in page.content.decode()


def test_a_second_decision_for_the_same_winner_is_refused(client_for, voted, leadership, reviewer, two_seats):
    process, board, (c1, c2, c3, c4) = voted
    draft(board, process, winner(process, c1))
    claim_and_execute(client_for(leadership), process, AppointmentFlow.sign_decision, sign_data())
    # over HTTP the appointed winner is no longer a choice of the draft step
    response = refused(
        board,
        process,
        AppointmentFlow.draft_decision,
        {"candidate": winner(process, c1).pk, "effective_from": "01/01/2027", "grounds": "Căn cứ"},
    )
    assert [e.code for e in response.context["form"].errors["candidate"].as_data()] == ["invalid_choice"]
    # and the service refuses it by rule, whoever calls it
    task = open_task(process, AppointmentFlow.draft_decision)
    before = full_state(process, two_seats)
    with pytest.raises(RuleViolation) as exc:
        runner.run_step(
            task,
            actor=reviewer,
            candidate=winner(process, c1),
            effective_from=TODAY + timedelta(days=5),
            term_end=None,
            grounds="Căn cứ",
        )
    assert exc.value.rule_code == "already_decided"
    assert full_state(process, two_seats) == before
    assert Decision.objects.filter(process_id=process.pk, cadre=c1).count() == 1


def test_signing_when_the_seat_was_filled_meanwhile_is_refused(
    client_for, voted, leadership, two_seats, admin_user
):
    process, board, (c1, c2, c3, c4) = voted
    signer = client_for(leadership)
    draft(board, process, winner(process, c1))
    claim_and_execute(signer, process, AppointmentFlow.sign_decision, sign_data())
    draft(board, process, winner(process, c2))
    # meanwhile the last seat is filled outside this procedure (e.g. a transfer recorded in the registry)
    TenureFactory(  # another signed decision's tenure (a seat is filled only by a decision)
        cadre=CadreFactory(current_unit=two_seats.unit),
        position=two_seats,
        start_date=TODAY - timedelta(days=1),
        seat_number=2,
    )
    response = refused(signer, process, AppointmentFlow.sign_decision, sign_data())
    assert field_codes(response) == ["seat_over_filled"]
    before = full_state(process, two_seats)
    task = open_task(process, AppointmentFlow.sign_decision)
    response = signer.post(
        AppointmentFlow.sign_decision.reverse("execute", args=[process.pk, task.pk]), sign_data()
    )
    assert response.status_code == 200 and full_state(process, two_seats) == before
    assert Decision.objects.get(process_id=process.pk, cadre=c2).status == "draft"
    assert winner(process, c2).status == Status.SELECTED and process.outcome == Outcome.IN_PROGRESS


def test_the_board_drops_the_remaining_winner_with_a_reason(client_for, voted, leadership, two_seats):
    process, board, (c1, c2, c3, c4) = voted
    draft(board, process, winner(process, c1))
    claim_and_execute(client_for(leadership), process, AppointmentFlow.sign_decision, sign_data())
    response = refused(
        board,
        process,
        AppointmentFlow.draft_decision,
        {"action": "drop", "candidate": winner(process, c2).pk},
    )
    assert field_codes(response) == ["reason_required"]
    claim_and_execute(
        board,
        process,
        AppointmentFlow.draft_decision,
        {"action": "drop", "candidate": winner(process, c2).pk, "drop_reason": "Đồng chí xin rút"},
    )
    process.refresh_from_db()
    assert process.status == PROCESS.DONE and process.outcome == Outcome.APPOINTED
    dropped = winner(process, c2)
    assert dropped.status == Status.DROPPED and dropped.reason == "Đồng chí xin rút"
    assert Decision.objects.filter(process_id=process.pk).count() == 1
    assert not process.task_set.filter(flow_task=AppointmentFlow.sign_decision, status="NEW").exists()
    # the seat nobody was appointed to is vacant again and no longer claimed
    assert vacancies(two_seats) == 1 and services.vacancies_for(two_seats) == (1, 0)
    entry = AuditEntry.objects.get(process_id=process.pk, action="appointment.winner_dropped")
    assert entry.data == {"cadre": c2.pk, "reason": "Đồng chí xin rút"}


def test_dropping_every_winner_closes_the_procedure_as_withdrawn(voted, two_seats):
    process, board, (c1, c2, c3, c4) = voted
    for cadre in (c1, c2):
        claim_and_execute(
            board,
            process,
            AppointmentFlow.draft_decision,
            {"action": "drop", "candidate": winner(process, cadre).pk, "drop_reason": "Không còn nhu cầu"},
        )
    process.refresh_from_db()
    assert process.status == PROCESS.DONE and process.outcome == Outcome.WITHDRAWN
    assert "Không còn nhu cầu" in process.outcome_reason
    assert process.task_set.filter(flow_task=AppointmentFlow.end_dropped).count() == 1
    assert not Decision.objects.filter(process_id=process.pk).exists() and vacancies(two_seats) == 2


# --- equal votes at the final vote --------------------------------------------------------------------------


@pytest.fixture
def at_step5(client_for, leader_a, reviewer, position, unit_a):
    """One seat, two verified candidates, steps 1–4 held; the final vote is next."""
    from .test_walkthrough import _through_step4

    c1 = make_eligible(unit_a, position, full_name="Nguyễn Văn An")
    c2 = make_eligible(unit_a, position, full_name="Trần Thị Bình")
    propose(client_for(leader_a), position)
    process = latest_process()
    board = client_for(reviewer)
    claim_and_execute(board, process, AppointmentFlow.policy_review, {"decision": "approved"})
    claim_and_execute(board, process, AppointmentFlow.nominate, {"cadres": [c1.pk, c2.pk]})
    _through_step4(process, board, c1, c2)
    claim_and_execute(board, process, AppointmentFlow.verification, _verification(process))
    return process, board, c1, c2


def test_equal_votes_at_the_final_vote_are_decided_by_the_head_with_the_dissent(
    client_for, at_step5, leadership, position
):
    process, board, c1, c2 = at_step5
    tied = conference(counts(7, members=7), [5, 5], [c1, c2])
    for extra, code in (
        ({}, "head_choice_required"),
        ({"head_choice": [c1.pk, c2.pk], "dissent": "x"}, "too_many_winners"),  # more winners than seats
        ({"head_choice": [c2.pk]}, "dissent_required"),
    ):
        response = refused(board, process, AppointmentFlow.step5, {**tied, **extra})
        form = response.context["form"]
        field = "dissent" if code == "dissent_required" else "head_choice"
        assert [e.code for e in form.errors[field].as_data()] == [code], extra
        tied = conference(counts(7, members=7), [5, 5], [c1, c2])  # fresh uploads
    dissent = "Đồng chí D, E ủng hộ Nguyễn Văn An"
    claim_and_execute(
        board, process, AppointmentFlow.step5, {**tied, "head_choice": [c2.pk], "dissent": dissent}
    )
    final = Conference.objects.get(process_id=process.pk, step_code="internal_5_collective")
    assert final.head_chose_at_equal_votes and final.dissent == dissent and final.tie_at_cutoff
    rows = {row.cadre_id: (row.result, row.head_decided) for row in final.candidates.all()}
    assert rows == {c1.pk: ("not_selected", True), c2.pk: ("selected", True)}
    # the draft step is no longer left to choose: only the head's choice is a winner
    assert winner(process, c1).status == Status.ELIMINATED and winner(process, c2).status == Status.SELECTED
    task = open_task(process, AppointmentFlow.draft_decision)
    board.post(task.flow_task.reverse("assign", args=[process.pk, task.pk]))
    page = board.get(task.flow_task.reverse("execute", args=[process.pk, task.pk]))
    assert list(page.context["form"].fields["candidate"].queryset) == [winner(process, c2)]
    draft(board, process, winner(process, c2))
    claim_and_execute(client_for(leadership), process, AppointmentFlow.sign_decision, sign_data())
    process.refresh_from_db()
    assert process.outcome == Outcome.APPOINTED
    assert Tenure.objects.get(position=position, ended_on__isnull=True).cadre_id == c2.pk
    recorded = AuditEntry.objects.get(action="conference.recorded", object_id=str(final.pk))
    assert recorded.data["head_choice"] == [c2.pk] and recorded.data["dissent_recorded"]
    html = board.get(AppointmentFlow.instance.reverse("process_detail", args=[process.pk])).content.decode()
    assert dissent in html


def test_without_the_head_rule_at_the_final_vote_the_tie_selects_nobody(at_step5):
    process, board, c1, c2 = at_step5
    process.rule_snapshot = {**process.rule_snapshot, "final_vote_tie_head_decides": False}
    process.save(update_fields=["rule_snapshot"])
    claim_and_execute(
        board, process, AppointmentFlow.step5, conference(counts(7, members=7), [5, 5], [c1, c2])
    )
    process.refresh_from_db()
    assert process.outcome == Outcome.NO_CANDIDATE_PASSED and process.status == PROCESS.DONE
    assert set(process.candidates.values_list("status", flat=True)) == {Status.ELIMINATED}


def test_the_step5_page_offers_the_heads_choice_among_the_candidates(at_step5):
    process, board, c1, c2 = at_step5
    task = open_task(process, AppointmentFlow.step5)
    board.post(task.flow_task.reverse("assign", args=[process.pk, task.pk]))
    page = board.get(task.flow_task.reverse("execute", args=[process.pk, task.pk]))
    assert page.status_code == 200
    choices = page.context["form"].fields["head_choice"].choices
    assert [pk for pk, _label in choices] == [c1.pk, c2.pk]
