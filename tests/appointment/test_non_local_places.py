"""R7 over HTTP (issue 9 point 13): verification of a post that must be held by a non-local cadre refuses a
candidate from Bắc Giang — merged into Bắc Ninh on 1/7/2025 — and passes one from Hà Nội."""

import pytest

from apps.organisation.models import OrgUnit, Position
from apps.places.models import Place
from workflows.appointment.flows import AppointmentFlow
from workflows.appointment.models import AppointmentCandidate

from .conftest import make_eligible
from .helpers import claim_and_execute, latest_process, open_task, propose
from .test_walkthrough import _through_step4, _verification

pytestmark = pytest.mark.django_db

Status = AppointmentCandidate.Status


def test_verification_refuses_a_candidate_from_a_merged_province(
    client_for, leader_a, reviewer, position, unit_a
):
    OrgUnit.objects.filter(pk=unit_a.pk).update(place=Place.objects.get(code="bac-ninh"))
    Position.objects.filter(pk=position.pk).update(requires_non_local=True)
    from_ha_noi = make_eligible(unit_a, position, full_name="Nguyễn Văn An")
    from_bac_giang = make_eligible(unit_a, position, full_name="Trần Thị Bình")
    from_ha_noi.home_place = Place.objects.get(code="ha-noi")
    from_bac_giang.home_place = Place.objects.get(code="bac-giang")
    from_ha_noi.save()
    from_bac_giang.save()
    assert propose(client_for(leader_a), position).status_code == 302
    process = latest_process()
    board = client_for(reviewer)
    claim_and_execute(board, process, AppointmentFlow.policy_review, {"decision": "approved"})
    claim_and_execute(
        board, process, AppointmentFlow.nominate, {"cadres": [from_ha_noi.pk, from_bac_giang.pk]}
    )
    _through_step4(process, board, from_ha_noi, from_bac_giang)

    claim_and_execute(board, process, AppointmentFlow.verification, _verification(process))

    refused = process.candidates.get(cadre=from_bac_giang)
    assert refused.status == Status.FAILED_VERIFICATION
    assert [c["code"] for c in refused.verification if not c["passed"]] == ["non_local"]
    passed = process.candidates.get(cadre=from_ha_noi)
    assert passed.is_active
    assert {c["code"]: c["passed"] for c in passed.verification}["non_local"] is True
    assert open_task(process, AppointmentFlow.step5)
