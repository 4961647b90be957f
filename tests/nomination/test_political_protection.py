"""Political protection asked inside the nomination flow (issue 9 point 17; procedures §9), as in the appointment:
verification finds a conclusion expired → a task for internal political protection in scope → the conclusion is
recorded → verification runs again and the list can be prepared."""

from datetime import timedelta

import pytest
from django.utils import timezone

from apps.accounts.models import Role
from apps.accounts.services import grant_role
from apps.cadres.models import PoliticalConclusion, PoliticalProtectionRequest
from tests.factories import UserFactory
from workflows.nomination.flows import NominationFlow

from . import test_walkthrough
from .helpers import claim_and_execute, open_task, verification

approved = test_walkthrough.approved  # the walk-through's fixture: six names proposed, the plan approved

pytestmark = pytest.mark.django_db


def test_verification_waits_for_political_protection_then_proceeds(
    approved, client_for, province, leader_a, admin_user
):
    process, board, cadres = approved
    five = test_walkthrough.through_rounds(process, board, cadres)
    expired = five[1]
    PoliticalConclusion.objects.filter(cadre=expired).update(
        concluded_on=timezone.localdate() - timedelta(days=3 * 365)
    )
    claim_and_execute(board, process, NominationFlow.verification, verification(process))

    request = PoliticalProtectionRequest.objects.get(process_id=process.pk)
    assert (request.cadre, request.reason) == (expired, "expired")
    task = open_task(process, NominationFlow.political_protection)
    assert client_for(leader_a).post(
        task.flow_task.reverse("assign", args=[process.pk, task.pk])
    ).status_code in (
        403,
        404,
    )
    protection = UserFactory(username="bvct")
    grant_role(
        user=protection,
        role=Role.POLITICAL_PROTECTION,
        unit=province,
        include_descendants=True,
        actor=admin_user,
    )
    pp = client_for(protection)
    queue = pp.get(NominationFlow.instance.reverse("queue"))
    assert queue.status_code == 200 and f"#{process.pk}/" in queue.content.decode()
    claim_and_execute(
        pp,
        process,
        NominationFlow.political_protection,
        {
            f"result_{request.pk}": "meets",
            f"issuer_{request.pk}": "Ban Thường vụ Tỉnh ủy",
            f"reference_{request.pk}": "41-KL/TU",
            f"concluded_on_{request.pk}": timezone.localdate().strftime("%d/%m/%Y"),
        },
    )
    request.refresh_from_db()
    assert request.answered_at is not None and request.conclusion.result == "meets"

    claim_and_execute(board, process, NominationFlow.verification, verification(process))
    assert process.candidates.get(cadre=expired).is_active
    assert open_task(process, NominationFlow.prepare_list)
