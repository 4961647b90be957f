"""Rotation over HTTP: proposal with its conditions, the collective's vote, the rotation decision (the home post
ends, the target tenure runs for the period), the return opened by the scheduler and signed, and the revocation
of the rotation decision restoring the registry."""

from datetime import date, timedelta

from apps.audit.models import AuditEntry
from apps.cadres.models import Tenure
from apps.decisions.models import Decision
from tests.planning.test_walkthrough import conference, post_step
from tests.readable import assert_readable
from tests.reappointment.helpers import counts, dmy, error_codes
from tests.signers import signer_of
from workflows.rotation import services
from workflows.rotation.flows import RotationFlow
from workflows.rotation.models import RotationOutcome, RotationProcess

FLOW = RotationFlow.instance


def propose(client, cadre, post, *, starts_on=None, months=36, expect=302):
    url = FLOW.start.reverse("execute")
    assert client.get(url).status_code == 200
    data = {
        "cadre": cadre.pk,
        "position": post.pk,
        "starts_on": dmy(starts_on or date.today() + timedelta(days=10)),
        "period_months": months,
        "reason": "Đào tạo, rèn luyện thực tiễn",
    }
    response = client.post(url, data)
    assert response.status_code == expect
    return response


def tally(cadre, votes):
    return {
        "tally-TOTAL_FORMS": 1,
        "tally-INITIAL_FORMS": 1,
        "tally-0-cadre": cadre.pk,
        "tally-0-votes_for": votes,
    }


def rotate(client, reviewer, leadership, cadre, post):
    client.force_login(reviewer)
    propose(client, cadre, post)
    process = RotationProcess.objects.latest("pk")
    post_step(client, process, FLOW.collective, conference(counts(7, members=7), tally(cadre, 6)))
    client.force_login(leadership)
    post_step(
        client, process, FLOW.decide, {"grounds": "Căn cứ Quy định số 65-QĐ/TW;", "signer": signer_of()}
    )
    process.refresh_from_db()
    return process


def test_rotation_return_and_timeline(client, reviewer, leadership, rotated_cadre, home_post, target_post):
    process = rotate(client, reviewer, leadership, rotated_cadre, target_post)
    assert process.outcome == RotationOutcome.ROTATED and process.status == "DONE"
    assert process.direction == "horizontal"
    decision = process.decision
    assert decision.kind == Decision.Kind.ROTATION and decision.status == "signed"
    new = decision.tenure
    assert new.position == target_post and new.term_end == process.ends_on
    home = Tenure.objects.get(cadre=rotated_cadre, position=home_post)
    assert home.ended_on == process.starts_on - timedelta(days=1) and home.ended_by_decision == decision
    # the scheduler: nothing before the notice period, the return once inside it
    early = process.ends_on - timedelta(days=91)
    assert services.open_due_returns(on=early)["opened"] == []
    opened = services.open_due_returns(on=process.ends_on - timedelta(days=90))["opened"]
    assert len(opened) == 1
    assert services.open_due_returns(on=process.ends_on - timedelta(days=80))["opened"] == []
    back = RotationProcess.objects.get(pk=opened[0])
    assert back.kind == "return" and back.rotation == process and back.position == home_post
    client.force_login(leadership)
    post_step(
        client,
        back,
        FLOW.decide_return,
        {"grounds": "Căn cứ Quy định số 65-QĐ/TW;", "signer": signer_of(), "position": home_post.pk},
    )
    back.refresh_from_db()
    assert back.outcome == RotationOutcome.RETURNED
    returned = back.decision.tenure
    assert returned.position == home_post and returned.start_date == process.ends_on
    new.refresh_from_db()
    assert new.ended_on == process.ends_on - timedelta(days=1)
    actions = set(AuditEntry.objects.filter(process_id=process.pk).values_list("action", flat=True))
    assert {"rotation.proposed", "rotation.conference_recorded", "rotation.decided"} <= actions
    assert_readable()  # the history of the rotation and its return, as the procedure's page shows it


def test_conditions_refused_with_nothing_written(client, reviewer, rotated_cadre, target_post, unit_b):
    from tests.factories import PositionFactory

    client.force_login(reviewer)
    response = propose(client, rotated_cadre, target_post, months=35, expect=200)
    assert error_codes(response) == ["rotation_too_short"]
    higher = PositionFactory(unit=unit_b, title="Giám đốc Sở Tài chính", rank=4)
    response = propose(client, rotated_cadre, higher, expect=200)
    assert error_codes(response) == ["rotation_not_equivalent"]
    assert not RotationProcess.objects.exists()


def test_revoking_the_rotation_restores_the_registry(
    client, reviewer, leadership, inspector, rotated_cadre, home_post, target_post
):
    from apps.decisions.services import revoke_decision

    process = rotate(client, reviewer, leadership, rotated_cadre, target_post)
    decision = process.decision
    revocation = revoke_decision(
        original=decision,
        grounds="Căn cứ Kết luận kiểm tra;",
        reason="Không đủ điều kiện luân chuyển",
        authority=decision.authority,
        signer=leadership,
        signer_cadre=leadership.cadre,
        revoked_on=process.starts_on,
        actor=leadership,
    )
    home = Tenure.objects.get(cadre=rotated_cadre, position=home_post)
    assert home.ended_on is None and home.ended_by_decision is None
    rotated = Tenure.objects.get(pk=decision.tenure_id)
    assert rotated.ended_on == process.starts_on and rotated.end_reason == "revoked"
    decision.refresh_from_db()
    assert decision.status == "revoked" and decision.revoked_by == revocation
    assert_readable()
