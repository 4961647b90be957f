"""Bad input of the nomination procedure, each refused over HTTP with its rule code — next to its field where it
has one — and nothing changed: the same processes, candidates, conferences, tallies, tasks, decisions, tenures,
documents, history rows, stored files and audit entries as before the refused request."""

from datetime import date, timedelta

import pytest
from django.conf import settings
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from apps.audit.models import AuditEntry
from apps.cadres.models import Tenure
from apps.conferences.models import Conference, ConferenceCandidate
from apps.decisions.models import Decision
from tests.factories import PositionFactory, TenureFactory
from workflows.common.models import StepAttachment
from workflows.nomination.flows import NominationFlow
from workflows.nomination.models import NominationCandidate, NominationProcess

from .helpers import (
    ROUNDS,
    claim_and_execute,
    conference,
    counts,
    eligible_cadres,
    field_codes,
    latest_process,
    non_field_codes,
    open_task,
    propose,
    result_data,
    sign_data,
    today_text,
    verification,
)
from .test_walkthrough import prepare, through_rounds, to_result_step

pytestmark = pytest.mark.django_db

Status = NominationCandidate.Status


def _files():
    roots = (settings.MEDIA_ROOT, settings.PRIVATE_MEDIA_ROOT)
    return sorted(str(p) for root in roots if root.exists() for p in root.rglob("*") if p.is_file())


def state():
    """Everything a refused request could have touched."""
    return {
        "audit": AuditEntry.objects.count(),
        "processes": list(
            NominationProcess.objects.order_by("pk").values_list(
                "pk", "status", "outcome", "review_decision", "list_surplus", "election_held_on"
            )
        ),
        "process_history": NominationProcess.history.count(),
        "tasks": list(Task.objects.order_by("pk").values_list("pk", "status", "owner_id", "finished")),
        "candidates": list(
            NominationCandidate.objects.order_by("pk").values_list(
                "pk", "status", "reason", "on_list", "decision_id", "election_votes", "result_decision_id"
            )
        ),
        "candidate_history": NominationCandidate.history.count(),
        "conferences": Conference.objects.count(),
        "tallies": ConferenceCandidate.objects.count(),
        "conference_history": Conference.history.count() + ConferenceCandidate.history.count(),
        "decisions": list(Decision.objects.order_by("pk").values_list("pk", "status", "number")),
        "decision_history": Decision.history.count(),
        "tenures": list(Tenure.objects.order_by("pk").values_list("pk", "ended_on")),
        "attachments": StepAttachment.objects.count(),
        "files": _files(),
    }


def refused(client, process, node, data):
    """Claim the step, then post `data`: the step's page comes back (200) with the refusal and nothing changed.
    A round of a collective has its size in the registry first (``helpers.registry_round``)."""
    from .helpers import registry_round

    data = registry_round(process, node, data)
    task = open_task(process, node)
    if task.status == STATUS.NEW:
        assert client.post(task.flow_task.reverse("assign", args=[process.pk, task.pk])).status_code == 302
    before = state()
    response = client.post(task.flow_task.reverse("execute", args=[process.pk, task.pk]), data)
    assert response.status_code == 200, response.status_code
    assert state() == before
    return response


def refused_proposal(client, position, cadres, **kwargs):
    before = state()
    response = propose(client, position, cadres, **kwargs)
    assert response.status_code == 200, response.status_code
    assert state() == before
    return response


# --- the proposal ------------------------------------------------------------------------------------------


@pytest.fixture
def board(client_for, reviewer):
    return client_for(reviewer)


@pytest.mark.parametrize(
    ("n", "code"),
    [
        (3, "election_surplus"),  # no surplus at all: three names for three seats
        (5, "surplus"),  # a surplus, but not the local rule's two names per seat (R1)
    ],
)
def test_a_proposed_list_without_the_surplus_is_refused(board, elected_position, unit_a, n, code):
    cadres = eligible_cadres(unit_a, elected_position, n)
    response = refused_proposal(board, elected_position, cadres)
    assert non_field_codes(response) == [code]
    assert not NominationProcess.objects.exists()


def test_a_candidate_without_a_concluded_political_standard_is_refused(board, elected_position, unit_a):
    cadres = eligible_cadres(unit_a, elected_position, 6)
    cadres[2].political_conclusions.update(status="pending")
    response = refused_proposal(board, elected_position, cadres)
    # next to the list of candidates (procedures §3: the listing refuses the ineligible with the reason)
    assert field_codes(response, "cadres") == ["political_standard"]
    assert cadres[2].full_name in str(response.context["form"].errors["cadres"])


def test_a_position_not_filled_by_election_is_refused(board, unit_a):
    appointed = PositionFactory(unit=unit_a, seats=3, is_elected=False)
    cadres = eligible_cadres(unit_a, appointed, 6)
    response = refused_proposal(board, appointed, cadres)
    # the form only offers elected positions
    assert field_codes(response, "position") == ["invalid_choice"]


def test_more_seats_than_the_position_has_is_refused(board, elected_position, unit_a):
    cadres = eligible_cadres(unit_a, elected_position, 8)
    response = refused_proposal(board, elected_position, cadres, seats=4)
    assert non_field_codes(response) == ["too_many_seats"]


def test_seats_another_open_nomination_is_filling_are_refused(board, elected_position, unit_a):
    cadres = eligible_cadres(unit_a, elected_position, 6)
    assert propose(board, elected_position, cadres, seats=2).status_code == 302
    response = refused_proposal(board, elected_position, cadres, seats=2)
    assert non_field_codes(response) == ["too_many_seats"]


def test_an_election_already_past_is_refused(board, elected_position, unit_a):
    cadres = eligible_cadres(unit_a, elected_position, 6)
    response = refused_proposal(
        board, elected_position, cadres, election_date=date.today() - timedelta(days=1)
    )
    assert non_field_codes(response) == ["election_in_past"]


# --- the rounds ----------------------------------------------------------------------------------------------


@pytest.fixture
def approved(client_for, reviewer, leadership, elected_position, unit_a):
    cadres = eligible_cadres(unit_a, elected_position, 6)
    board = client_for(reviewer)
    assert propose(board, elected_position, cadres).status_code == 302
    process = latest_process()
    claim_and_execute(client_for(leadership), process, NominationFlow.review, {"decision": "approved"})
    return process, board, cadres


def test_a_round_without_quorum_is_refused(approved):
    process, board, cadres = approved
    # 9 of 15 present: fewer than two thirds
    response = refused(board, process, ROUNDS[0], conference(counts(15, 9), [9, 8, 8, 7, 6, 3], cadres))
    assert field_codes(response, "present") == ["quorum"]
    assert not Conference.objects.exists()


def test_a_round_whose_counts_do_not_add_up_is_refused(approved):
    process, board, cadres = approved
    data = conference(counts(15, 14), [15, 8, 8, 7, 6, 3], cadres)  # 15 votes, 14 valid ballots
    response = refused(board, process, ROUNDS[0], data)
    assert non_field_codes(response) == ["tally_exceeds_valid"]


# --- the candidate list ------------------------------------------------------------------------------------


@pytest.fixture
def verified(approved):
    process, board, cadres = approved
    five = through_rounds(process, board, cadres)
    claim_and_execute(board, process, NominationFlow.verification, verification(process))
    return process, board, five


def _list_data(process, cadres):
    return {
        "candidates": list(process.candidates.filter(cadre__in=cadres).values_list("pk", flat=True)),
        "effective_from": today_text(),
        "grounds": "Căn cứ Quy định 190-QĐ/TW",
    }


def test_a_list_without_a_surplus_is_refused(verified):
    process, board, five = verified
    response = refused(board, process, NominationFlow.prepare_list, _list_data(process, five[:3]))
    assert non_field_codes(response) == ["election_surplus"]


def test_a_list_above_the_maximum_surplus_is_refused(verified):
    process, board, five = verified
    # three seats: at most 30% more, and never less than one — five names is two too many
    response = refused(board, process, NominationFlow.prepare_list, _list_data(process, five))
    assert non_field_codes(response) == ["election_surplus"]


def test_a_list_that_passes_over_a_better_voted_name_is_refused(verified):
    process, board, five = verified
    chosen = [five[0], five[1], five[2], five[4]]  # the fifth at the final round instead of the fourth
    response = refused(board, process, NominationFlow.prepare_list, _list_data(process, chosen))
    assert non_field_codes(response) == ["list_order"]


def test_a_list_naming_someone_eliminated_is_refused(verified, approved):
    process, board, five = verified
    eliminated = process.candidates.get(status=Status.ELIMINATED)
    data = _list_data(process, five[:3])
    data["candidates"].append(eliminated.pk)
    response = refused(board, process, NominationFlow.prepare_list, data)
    assert field_codes(response, "candidates") == ["invalid_choice"]


# --- the election result -------------------------------------------------------------------------------------


@pytest.fixture
def nominated(client_for, approved, leadership):
    process, board, cadres = approved
    four = to_result_step(process, board, client_for(leadership), cadres)
    rows = {c.cadre_id: c.pk for c in process.candidates.filter(status=Status.NOMINATED)}
    return process, board, [rows[c.pk] for c in four]


def test_an_election_result_for_a_cadre_not_nominated_is_refused(nominated):
    process, board, ids = nominated
    left_off = process.candidates.get(status=Status.ELIMINATED, stopped_at_step="list")
    rows = [(ids[0], True, 280), (ids[1], True, 250), (ids[2], True, 200), (left_off.pk, False, 10)]
    response = refused(board, process, NominationFlow.record_result, result_data(rows))
    assert non_field_codes(response) == ["not_nominated"]
    rows[3] = (10_000, False, 10)  # nobody's candidate row at all
    response = refused(board, process, NominationFlow.record_result, result_data(rows))
    assert non_field_codes(response) == ["not_nominated"]


def test_more_elected_than_seats_is_refused(nominated):
    process, board, ids = nominated
    rows = [(ids[0], True, 280), (ids[1], True, 250), (ids[2], True, 200), (ids[3], True, 190)]
    response = refused(board, process, NominationFlow.record_result, result_data(rows))
    assert non_field_codes(response) == ["too_many_elected"]


@pytest.mark.parametrize(
    ("votes", "valid", "code"),
    [
        ([280, 250, 150, 120], 300, "election_threshold"),  # 150 of 300 is only half
        ([280, 250, 310, 120], 300, "votes_exceed_ballots"),
        ([280, 250, 200, 260], 300, "election_order"),  # 260 left out while 200 is elected
    ],
)
def test_an_election_result_that_does_not_add_up_is_refused(nominated, votes, valid, code):
    process, board, ids = nominated
    rows = [(pk, i < 3, v) for i, (pk, v) in enumerate(zip(ids, votes, strict=True))]
    response = refused(board, process, NominationFlow.record_result, result_data(rows, valid=valid))
    assert non_field_codes(response) == [code]


def test_a_result_missing_or_repeating_a_nominee_or_before_the_election_is_refused(nominated):
    process, board, ids = nominated
    rows = [(ids[0], True, 280), (ids[1], True, 250), (ids[2], True, 200)]
    response = refused(board, process, NominationFlow.record_result, result_data(rows))
    assert non_field_codes(response) == ["result_missing"]
    response = refused(
        board, process, NominationFlow.record_result, result_data(rows + [(ids[0], True, 280)])
    )
    assert non_field_codes(response) == ["duplicate_candidate"]
    rows.append((ids[3], False, 100))
    tomorrow = date.today() + timedelta(days=1)
    response = refused(board, process, NominationFlow.record_result, result_data(rows, held_on=tomorrow))
    assert non_field_codes(response) == ["election_not_held"]


def test_confirming_more_elected_than_vacant_seats_numbers_and_stores_nothing(
    client_for, nominated, leadership, elected_position
):
    process, board, ids = nominated
    rows = [(ids[0], True, 280), (ids[1], True, 250), (ids[2], True, 200), (ids[3], False, 100)]
    claim_and_execute(board, process, NominationFlow.record_result, result_data(rows))
    TenureFactory(position=elected_position, seat_number=1, start_date=date(2024, 1, 1))  # a seat still held
    response = refused(
        client_for(leadership), process, NominationFlow.confirm_result, sign_data(grounds="Căn cứ")
    )
    assert non_field_codes(response) == ["seat_over_filled"]


def test_a_list_drafted_to_take_effect_before_it_is_signed_is_refused_at_signing(
    client_for, verified, leadership
):
    process, board, five = verified
    prepare(board, process, process.candidates.filter(cadre__in=five[:4]))
    late = sign_data(issued_on=today_text(date.today() + timedelta(days=2)))
    response = refused(client_for(leadership), process, NominationFlow.sign_decision, late)
    assert non_field_codes(response) == ["effective_before_issue"]
