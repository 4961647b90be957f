"""Re-election of an incumbent (giới thiệu tái cử, docs/procedures.md §6): nominated while holding a seat of the
elected position, they go through the procedure like anyone; elected, their current tenure ends where the new
term starts and the new tenure opens on the same seat, in the confirmation's one transaction — never refused as
an over-filled seat or as holding the position already. Not elected, their tenure runs to its term end as usual.
"""

from datetime import date, timedelta

import pytest

from apps.audit.models import AuditEntry
from apps.cadres.models import Tenure
from apps.core.rules import RuleViolation
from apps.decisions.models import Decision
from apps.organisation.models import Position
from tests.factories import TenureFactory
from workflows.nomination import rules
from workflows.nomination.flows import NominationFlow
from workflows.nomination.models import NominationCandidate, NominationOutcome

from .helpers import (
    claim_and_execute,
    eligible_cadres,
    latest_process,
    non_field_codes,
    propose,
    result_data,
    sign_data,
)
from .test_walkthrough import to_result_step

pytestmark = pytest.mark.django_db

Status = NominationCandidate.Status
TERM_START = date.today() - timedelta(days=5 * 365 - 30)
TERM_END = date.today() + timedelta(days=30)


@pytest.fixture
def reelection(client_for, reviewer, leadership, elected_position, unit_a):
    """The first of six names holds seat 2 of the three-seat position (term ending in a month); the plan is
    approved, the rounds and the list done, and the four nominees wait for the election result."""
    cadres = eligible_cadres(unit_a, elected_position, 6)
    incumbent = TenureFactory(
        cadre=cadres[0], position=elected_position, seat_number=2, start_date=TERM_START, term_end=TERM_END
    )
    board, leader = client_for(reviewer), client_for(leadership)
    assert propose(board, elected_position, cadres).status_code == 302
    process = latest_process()
    claim_and_execute(leader, process, NominationFlow.review, {"decision": "approved"})
    four = to_result_step(process, board, leader, cadres)
    assert cadres[0] in four
    ids = {c.cadre_id: c.pk for c in process.candidates.filter(status=Status.NOMINATED)}
    return process, board, leader, [ids[c.pk] for c in four], incumbent


def _open_tenures(position):
    return Tenure.objects.filter(position=position, ended_on__isnull=True)


def test_an_incumbent_who_is_re_elected_ends_the_old_tenure_and_starts_the_new_one(
    reelection, elected_position
):
    process, board, leader, ids, incumbent = reelection
    rows = [(ids[0], True, 280), (ids[1], True, 250), (ids[2], True, 200), (ids[3], False, 100)]
    claim_and_execute(board, process, NominationFlow.record_result, result_data(rows))
    claim_and_execute(
        leader, process, NominationFlow.confirm_result, sign_data(grounds="Căn cứ kết quả bầu cử")
    )

    process.refresh_from_db()
    assert process.outcome == NominationOutcome.ELECTED
    incumbent.refresh_from_db()
    today = date.today()
    assert incumbent.ended_on == today and incumbent.end_reason == Tenure.EndReason.TERM_EXPIRED
    new = Tenure.objects.get(cadre=incumbent.cadre, position=elected_position, ended_on__isnull=True)
    assert new.start_date == today and new.seat_number == 2  # the same seat, the periods touch
    decision = process.candidates.get(cadre=incumbent.cadre).result_decision
    assert decision.kind == Decision.Kind.ELECTION_RESULT and decision.tenure == new
    assert new.decision_number == decision.number
    assert _open_tenures(elected_position).count() == 3
    assert sorted(_open_tenures(elected_position).values_list("seat_number", flat=True)) == [1, 2, 3]
    assert Position.objects.with_vacancies().get(pk=elected_position.pk).vacancies == 0
    ended = AuditEntry.objects.get(process_id=process.pk, action="tenure.ended", object_id=str(incumbent.pk))
    assert ended.data["re_elected"] is True


def test_an_incumbent_who_is_not_elected_keeps_the_tenure_to_its_term_end(reelection, elected_position):
    process, board, leader, ids, incumbent = reelection
    # the incumbent (ids[0]) is below half of the valid ballots; two others are elected for the two free seats
    rows = [(ids[0], False, 120), (ids[1], True, 250), (ids[2], True, 200), (ids[3], False, 100)]
    claim_and_execute(board, process, NominationFlow.record_result, result_data(rows))
    claim_and_execute(
        leader, process, NominationFlow.confirm_result, sign_data(grounds="Căn cứ kết quả bầu cử")
    )

    process.refresh_from_db()
    assert process.outcome == NominationOutcome.ELECTED
    incumbent.refresh_from_db()
    assert incumbent.ended_on is None and incumbent.term_end == TERM_END and incumbent.end_reason == ""
    assert Tenure.objects.filter(cadre=incumbent.cadre).count() == 1
    assert _open_tenures(elected_position).count() == 3
    assert not AuditEntry.objects.filter(action="tenure.ended", object_id=str(incumbent.pk)).exists()


def test_a_refused_confirmation_leaves_the_incumbents_tenure_untouched(
    client_for, reelection, leadership, elected_position
):
    process, board, leader, ids, incumbent = reelection
    rows = [(ids[0], True, 280), (ids[1], True, 250), (ids[2], True, 200), (ids[3], False, 100)]
    claim_and_execute(board, process, NominationFlow.record_result, result_data(rows))
    TenureFactory(position=elected_position, seat_number=1, start_date=date(2024, 1, 1))  # a seat still held
    response = claim_and_execute(
        leader, process, NominationFlow.confirm_result, sign_data(grounds="Căn cứ"), expect=200
    )
    assert non_field_codes(response) == ["seat_over_filled"]
    incumbent.refresh_from_db()
    assert incumbent.ended_on is None and incumbent.end_reason == ""
    assert Tenure.objects.filter(cadre=incumbent.cadre).count() == 1
    assert not Decision.objects.filter(kind=Decision.Kind.ELECTION_RESULT).exists()


def test_a_new_term_must_start_after_the_current_tenure_began():
    with pytest.raises(RuleViolation) as exc:
        rules.require_new_term_after_current(date(2026, 1, 1), date(2026, 1, 1))
    assert exc.value.rule_code == "new_term_before_current"
    rules.require_new_term_after_current(date(2026, 1, 1), date(2026, 1, 2))
