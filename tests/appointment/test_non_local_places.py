"""R7 over HTTP (issue 9 point 13): for a post that must be held by a non-local cadre, a candidate from Bắc Giang —
merged into Bắc Ninh on 1/7/2025 — is refused when listed (issue 9 point 2), and those from Hà Nội and Hải Phòng
pass verification."""

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


def test_a_candidate_from_a_merged_province_is_refused_at_the_listing_and_verification_passes_the_others(
    client_for, leader_a, reviewer, position, unit_a
):
    OrgUnit.objects.filter(pk=unit_a.pk).update(place=Place.objects.get(code="bac-ninh"))
    Position.objects.filter(pk=position.pk).update(requires_non_local=True)
    from_ha_noi = make_eligible(unit_a, position, full_name="Nguyễn Văn An")
    from_bac_giang = make_eligible(unit_a, position, full_name="Trần Thị Bình")
    from_hai_phong = make_eligible(unit_a, position, full_name="Phan Văn Cường")
    for cadre, code in (
        (from_ha_noi, "ha-noi"),
        (from_bac_giang, "bac-giang"),
        (from_hai_phong, "hai-phong"),
    ):
        cadre.home_place = Place.objects.get(code=code)
        cadre.save()
    assert propose(client_for(leader_a), position).status_code == 302
    process = latest_process()
    board = client_for(reviewer)
    claim_and_execute(board, process, AppointmentFlow.policy_review, {"decision": "approved"})

    # Bắc Giang merged into Bắc Ninh on 01/07/2025: a local cadre, refused when listed (procedures §3, R7)
    response = claim_and_execute(
        board, process, AppointmentFlow.nominate, {"cadres": [from_ha_noi.pk, from_bac_giang.pk]}, expect=200
    )
    assert [e.code for e in response.context["form"].errors.as_data()["cadres"]] == [
        "not_eligible_for_listing"
    ]
    assert not process.candidates.exists()

    claim_and_execute(
        board, process, AppointmentFlow.nominate, {"cadres": [from_ha_noi.pk, from_hai_phong.pk]}
    )
    _through_step4(process, board, from_ha_noi, from_hai_phong)
    claim_and_execute(board, process, AppointmentFlow.verification, _verification(process))

    for cadre in (from_ha_noi, from_hai_phong):
        candidate = process.candidates.get(cadre=cadre)
        assert candidate.is_active
        assert {c.code: c.passed for c in candidate.checks.all()}["non_local"] is True
    assert open_task(process, AppointmentFlow.internal_5_collective)
