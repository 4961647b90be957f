"""procedures §3 for the nomination: every registry condition at the proposal (the listing), and the whole
eligibility again when the nomination decisions are drafted and signed and when the election result is
confirmed (issue 9, points 1 and 2)."""

from datetime import date

import pytest

from apps.cadres import services as cadre_services
from apps.core.rules import RuleViolation
from apps.decisions.models import Decision
from tests.factories import DisciplineFactory
from workflows.nomination.flows import NominationFlow
from workflows.nomination.models import NominationCandidate
from workflows.nomination.services.listing import require_still_eligible

from .helpers import (
    claim_and_execute,
    eligible_cadres,
    field_codes,
    latest_process,
    non_field_codes,
    proposal,
    propose,
    sign_data,
    verification,
)
from .test_walkthrough import approved, prepare, through_rounds  # noqa: F401

pytestmark = pytest.mark.django_db

Status = NominationCandidate.Status


def _negative_conclusion(cadre, actor):
    cadre_services.add_political_conclusion(
        cadre=cadre,
        actor=actor,
        status="concluded",
        result="does_not_meet",
        issuer="Ban Thường vụ Tỉnh ủy",
        concluded_on=date.today(),
    )


@pytest.fixture
def verified(approved):  # noqa: F811
    process, board, cadres = approved
    five = through_rounds(process, board, cadres)
    claim_and_execute(board, process, NominationFlow.verification, verification(process))
    return process, board, five


def test_the_rule_refuses_a_candidate_under_disciplinary_review_after_verification(verified):
    process, _board, five = verified
    candidates = list(process.candidates.filter(cadre__in=five[:4]).select_related("cadre"))
    require_still_eligible(process, candidates, stage="draft")  # all still eligible
    DisciplineFactory(cadre=five[1], status="under_review", kind="", decided_on=None, effective_from=None)
    with pytest.raises(RuleViolation) as exc:
        require_still_eligible(process, candidates, stage="confirm")
    assert exc.value.rule_code == "no_longer_eligible" and exc.value.failed_checks == ["discipline"]


def test_a_conclusion_turned_negative_after_verification_refuses_the_list_over_http(verified, admin_user):
    process, board, five = verified
    _negative_conclusion(five[0], admin_user)
    listable = list(process.candidates.filter(cadre__in=five[:4]))
    data = {
        "candidates": [c.pk for c in listable],
        "effective_from": date.today().strftime("%d/%m/%Y"),
        "grounds": "Căn cứ Quy định 190-QĐ/TW",
    }
    response = claim_and_execute(board, process, NominationFlow.prepare_list, data, expect=200)
    assert non_field_codes(response) == ["no_longer_eligible"]
    assert not Decision.objects.filter(process_id=process.pk).exists()
    assert not process.candidates.filter(on_list=True).exists()


def test_a_reprimand_after_the_list_refuses_its_signature_over_http(
    verified, client_for, leadership, admin_user
):
    process, board, five = verified
    prepare(board, process, list(process.candidates.filter(cadre__in=five[:4])))
    cadre_services.add_discipline(
        cadre=five[2],
        actor=admin_user,
        kind="reprimand",
        status="decided",
        decided_on=date.today(),
        effective_from=date.today(),
    )
    response = claim_and_execute(
        client_for(leadership), process, NominationFlow.sign_decision, sign_data(), expect=200
    )
    assert non_field_codes(response) == ["no_longer_eligible"]
    assert not Decision.objects.filter(process_id=process.pk, status="signed").exists()
    assert not process.candidates.filter(status=Status.NOMINATED).exists()


def test_the_proposal_shows_each_standing_and_refuses_the_ineligible_next_to_the_field(
    client_for, reviewer, elected_position, unit_a
):
    cadres = eligible_cadres(unit_a, elected_position, 6)
    sixty = cadres[5]
    sixty.birth_date = date.today().replace(year=date.today().year - 60)
    sixty.save()
    unplanned = cadres[4]
    unplanned.planning.all().delete()
    board = client_for(reviewer)
    page = board.get(NominationFlow.start.reverse("execute"), {"position": elected_position.pk})
    assert page.status_code == 200
    standings = page.context["form"].standings
    assert all(standings[c.pk].eligible for c in cadres[:4])
    assert standings[sixty.pk].failed_checks == ("retirement",)
    assert standings[unplanned.pk].failed_checks == ("planning",)
    response = board.post(NominationFlow.start.reverse("execute"), proposal(elected_position, cadres))
    assert response.status_code == 200
    assert field_codes(response, "cadres") == ["not_eligible_for_listing"]
    assert set(response.context["form"].errors.as_data()["cadres"][0].failed) == {sixty.pk, unplanned.pk}
    assert latest_process() is None or not latest_process().candidates.exists()
    others = eligible_cadres(unit_a, elected_position, 2, prefix="Khác")
    assert propose(board, elected_position, cadres[:4] + others).status_code == 302
    assert latest_process().candidates.count() == 6
