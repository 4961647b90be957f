"""procedures §3: a reappointment's eligibility is checked again when its decision is drafted and when it is
signed, under the procedure's rule set (issue 9, point 1)."""

from datetime import date

import pytest

from apps.cadres import services as cadre_services
from apps.core.rules import RuleViolation
from apps.decisions.models import Decision
from workflows.reappointment.flows import ReappointmentFlow
from workflows.reappointment.services.deciding import require_still_eligible

from .helpers import claim_and_execute, dmy, error_codes, sign, verified
from .test_walkthrough import GROUNDS, _through_conferences

pytestmark = pytest.mark.django_db


@pytest.fixture
def chosen(client_for, opened, holder, reviewer, leadership):
    """Verified (meets) and the leadership chose to reappoint: the decision is next."""
    cadre, _tenure = holder
    board, leaders = client_for(reviewer), client_for(leadership)
    _through_conferences(board, opened, cadre)
    claim_and_execute(
        board,
        opened,
        ReappointmentFlow.verification,
        verified(),
    )
    claim_and_execute(leaders, opened, ReappointmentFlow.decide, {"choice": "reappoint", "reasons": ""})
    opened.refresh_from_db()
    return opened, board, leaders, cadre


def _reprimand(cadre, actor):
    cadre_services.add_discipline(
        cadre=cadre,
        actor=actor,
        kind="reprimand",
        status="decided",
        decided_on=date.today(),
        effective_from=date.today(),
    )


def test_the_rule_refuses_a_reappointment_after_a_reprimand_but_not_a_non_reappointment(chosen, admin_user):
    process, _board, _leaders, cadre = chosen
    require_still_eligible(process, "reappointment", stage="draft")  # still eligible: no refusal
    _reprimand(cadre, admin_user)
    with pytest.raises(RuleViolation) as exc:
        require_still_eligible(process, "reappointment", stage="draft")
    assert exc.value.rule_code == "no_longer_eligible" and exc.value.failed_checks == ["discipline"]
    require_still_eligible(process, "non_reappointment", stage="draft")  # needs no eligibility


def test_a_reprimand_after_verification_refuses_the_draft_over_http(chosen, admin_user):
    process, board, _leaders, cadre = chosen
    _reprimand(cadre, admin_user)
    response = claim_and_execute(
        board,
        process,
        ReappointmentFlow.draft_decision,
        {"effective_from": dmy(process.term_end), "grounds": GROUNDS},
        expect=200,
    )
    assert error_codes(response) == ["no_longer_eligible"]
    assert not Decision.objects.filter(process_id=process.pk).exists()


def test_a_negative_conclusion_after_the_draft_refuses_the_signature_over_http(chosen, admin_user):
    process, board, leaders, cadre = chosen
    claim_and_execute(
        board,
        process,
        ReappointmentFlow.draft_decision,
        {"effective_from": dmy(process.term_end), "grounds": GROUNDS},
    )
    cadre_services.add_political_conclusion(
        cadre=cadre,
        actor=admin_user,
        status="concluded",
        result="does_not_meet",
        issuer="Ban Thường vụ Tỉnh ủy",
        concluded_on=date.today(),
    )
    response = claim_and_execute(leaders, process, ReappointmentFlow.sign_decision, sign(), expect=200)
    assert error_codes(response) == ["no_longer_eligible"]
    process.refresh_from_db()
    assert process.decision.status == "draft" and not process.decision.number
