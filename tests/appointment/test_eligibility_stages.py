"""procedures §3: eligibility is checked before step 1 (the listing) and again before the decision (when it is
drafted and when it is signed), under the procedure's rule set — issue 9, points 1 and 2."""

from datetime import date, timedelta

import pytest

from apps.cadres import services as cadre_services
from apps.cadres.eligibility import CheckResult, require_still_eligible
from apps.core.rules import RuleViolation
from apps.decisions.models import Decision
from tests.factories import DisciplineFactory
from tests.signers import signer_of
from workflows.appointment import services
from workflows.appointment.flows import AppointmentFlow
from workflows.appointment.models import AppointmentCandidate

from .conftest import make_eligible
from .helpers import claim_and_execute, latest_process, open_task, propose
from .test_bad_input import field_codes, refused, state
from .test_walkthrough import _through_step4, _verification, conference, counts

pytestmark = pytest.mark.django_db


def _negative_conclusion(cadre, actor, on=None):
    return cadre_services.add_political_conclusion(
        cadre=cadre,
        actor=actor,
        status="concluded",
        result="does_not_meet",
        issuer="Ban Thường vụ Tỉnh ủy",
        reference="45-KL/TU",
        concluded_on=on or date.today(),
    )


def _draft_data(process, cadre):
    return {
        "candidate": process.candidates.get(cadre=cadre).pk,
        "effective_from": (date.today() + timedelta(days=5)).strftime("%d/%m/%Y"),
        "grounds": "Căn cứ Quy định 377-QĐ/TW",
    }


def _sign_data():
    # the signer is taken from the registry (issue 9 §8): the signing login's cadre record
    return {"signer": signer_of(), "issued_on": date.today().strftime("%d/%m/%Y")}


@pytest.fixture
def decided(client_for, leader_a, reviewer, position, unit_a):
    """Through the final vote: c1 is the winner who passed verification; the decision is next."""
    c1 = make_eligible(unit_a, position, full_name="Nguyễn Văn An")
    c2 = make_eligible(unit_a, position, full_name="Trần Thị Bình")
    assert propose(client_for(leader_a), position).status_code == 302
    process = latest_process()
    board = client_for(reviewer)
    claim_and_execute(board, process, AppointmentFlow.policy_review, {"decision": "approved"})
    claim_and_execute(board, process, AppointmentFlow.nominate, {"cadres": [c1.pk, c2.pk]})
    _through_step4(process, board, c1, c2)
    claim_and_execute(board, process, AppointmentFlow.verification, _verification(process))
    claim_and_execute(
        board,
        process,
        AppointmentFlow.internal_5_collective,
        conference(counts(7, members=7), [5, 2], [c1, c2]),
    )
    return process, board, c1


# --- the rule, without the web layer -----------------------------------------------------------------------


def test_the_rule_names_each_condition_that_no_longer_holds_with_its_evidence():
    results = [
        CheckResult("discipline", "Discipline", True, "None"),
        CheckResult(
            "political_standard",
            "Political standard",
            False,
            "Conclusion no. 45-KL/TU, dated 01/12/2026",
            "The conclusion finds the standard not met.",
        ),
    ]
    with pytest.raises(RuleViolation) as exc:
        require_still_eligible(results, stage="draft")
    assert exc.value.rule_code == "no_longer_eligible"
    assert exc.value.failed_checks == ["political_standard"]
    assert "01/12/2026" in str(exc.value)
    require_still_eligible(results[:1], stage="sign")  # all passed: no refusal


def test_the_draft_service_re_checks_eligibility_after_verification(decided, reviewer, admin_user):
    process, board, c1 = decided
    _negative_conclusion(c1, admin_user)
    candidate = process.candidates.get(cadre=c1)
    with pytest.raises(RuleViolation) as exc:
        services.require_still_eligible(process, candidate, stage="draft")
    assert exc.value.failed_checks == ["political_standard"]
    assert date.today().strftime("%d/%m/%Y") in str(exc.value)


def test_the_listing_standing_names_every_registry_condition(
    client_for, leader_a, reviewer, position, unit_a
):
    ok = make_eligible(unit_a, position)
    under_review = make_eligible(unit_a, position)
    DisciplineFactory(
        cadre=under_review, status="under_review", kind="", decided_on=None, effective_from=None
    )
    unplanned = make_eligible(unit_a, position)
    unplanned.planning.all().delete()
    old = make_eligible(unit_a, position, birth_date=date.today().replace(year=date.today().year - 60))
    propose(client_for(leader_a), position)
    process = latest_process()
    standings = services.listing_standings(process, [ok, under_review, unplanned, old])
    assert standings[ok].eligible
    assert standings[under_review].failed_checks == ("discipline",)
    assert standings[unplanned].failed_checks == ("planning",)
    assert standings[old].failed_checks == ("retirement",)


# --- over HTTP ---------------------------------------------------------------------------------------------


def test_a_conclusion_turned_negative_after_verification_refuses_the_draft(decided, admin_user):
    process, board, c1 = decided
    _negative_conclusion(c1, admin_user)
    response = refused(board, process, AppointmentFlow.draft_decision, _draft_data(process, c1))
    assert field_codes(response) == ["no_longer_eligible"]
    assert not Decision.objects.filter(process_id=process.pk).exists()


def test_a_reprimand_decided_after_the_draft_refuses_the_signature(
    decided, client_for, leadership, admin_user
):
    process, board, c1 = decided
    claim_and_execute(board, process, AppointmentFlow.draft_decision, _draft_data(process, c1))
    cadre_services.add_discipline(
        cadre=c1,
        actor=admin_user,
        kind="reprimand",
        status="decided",
        decided_on=date.today(),
        effective_from=date.today(),
    )
    response = refused(client_for(leadership), process, AppointmentFlow.sign_decision, _sign_data())
    assert field_codes(response) == ["no_longer_eligible"]
    process.refresh_from_db()
    assert process.decision.status == "draft" and not process.decision.number
    assert process.candidates.get(cadre=c1).status != AppointmentCandidate.Status.APPOINTED


def test_the_listing_shows_each_standing_and_refuses_the_ineligible_next_to_the_field(
    client_for, leader_a, reviewer, position, unit_a
):
    c1 = make_eligible(unit_a, position)
    c2 = make_eligible(unit_a, position)
    sixty = make_eligible(unit_a, position, birth_date=date.today().replace(year=date.today().year - 60))
    propose(client_for(leader_a), position)
    process = latest_process()
    board = client_for(reviewer)
    claim_and_execute(board, process, AppointmentFlow.policy_review, {"decision": "approved"})
    task = open_task(process, AppointmentFlow.nominate)
    board.post(task.flow_task.reverse("assign", args=[process.pk, task.pk]))
    page = board.get(task.flow_task.reverse("execute", args=[process.pk, task.pk]))
    assert page.status_code == 200
    standings = page.context["form"].standings
    assert standings[c1.pk].eligible and standings[c2.pk].eligible
    assert standings[sixty.pk].failed_checks == ("retirement",)
    assert standings[sixty.pk].reason in page.content.decode()
    response = refused(board, process, AppointmentFlow.nominate, {"cadres": [c1.pk, c2.pk, sixty.pk]})
    assert field_codes(response, "cadres") == ["not_eligible_for_listing"]
    assert not process.candidates.exists()
    before = state(process)
    claim_and_execute(board, process, AppointmentFlow.nominate, {"cadres": [c1.pk, c2.pk]})
    assert state(process) != before and process.candidates.count() == 2
