"""Political protection asked inside the reappointment flow (issue 9 point 17; procedures §9): the verification
finds the cadre's conclusion expired → a task for internal political protection in scope → the conclusion is
recorded → verification runs again and the procedure goes on to the decision."""

from datetime import timedelta

import pytest
from django.utils import timezone

from apps.accounts.models import Role
from apps.accounts.services import grant_role
from apps.cadres.models import PoliticalConclusion, PoliticalProtectionRequest
from tests.factories import UserFactory
from workflows.reappointment.flows import ReappointmentFlow
from workflows.reappointment.models import ReappointmentOutcome

from .helpers import FLOW, claim_and_execute, open_task, verified
from .test_walkthrough import _decide_and_sign, _through_conferences

pytestmark = pytest.mark.django_db

VERIFIED = {"health_ok": "yes", "conclusion": "meets", "remarks": ""}


def test_verification_waits_for_political_protection_then_the_cadre_is_reappointed(
    client_for, opened, holder, reviewer, leadership, province, admin_user
):
    cadre, _tenure = holder
    board = client_for(reviewer)
    _through_conferences(board, opened, cadre)
    PoliticalConclusion.objects.filter(cadre=cadre).update(
        concluded_on=timezone.localdate() - timedelta(days=3 * 365)
    )

    claim_and_execute(board, opened, ReappointmentFlow.verification, verified())

    request = PoliticalProtectionRequest.objects.get(process_id=opened.pk)
    assert (request.cadre, request.reason) == (cadre, "expired")
    opened.refresh_from_db()
    assert opened.verification_passed is not True  # nothing concluded yet: verification waits
    task = open_task(opened, ReappointmentFlow.political_protection)
    assign = task.flow_task.reverse("assign", args=[opened.pk, task.pk])
    assert board.post(assign).status_code == 403
    protection = UserFactory(username="bvct")
    grant_role(
        user=protection,
        role=Role.POLITICAL_PROTECTION,
        unit=province,
        include_descendants=True,
        actor=admin_user,
    )
    pp = client_for(protection)
    assert f"#{opened.pk}/" in pp.get(FLOW.reverse("queue")).content.decode()
    claim_and_execute(
        pp,
        opened,
        ReappointmentFlow.political_protection,
        {
            f"result_{request.pk}": "meets",
            f"issuer_{request.pk}": "Ban Thường vụ Tỉnh ủy",
            f"reference_{request.pk}": "77-KL/TU",
            f"concluded_on_{request.pk}": timezone.localdate().strftime("%d/%m/%Y"),
        },
    )

    # the collective's evaluation handed in at the first verification is in the dossier: not asked again
    claim_and_execute(board, opened, ReappointmentFlow.verification, VERIFIED)
    opened.refresh_from_db()
    assert opened.verification_passed is True
    process = _decide_and_sign(board, client_for(leadership), opened, "reappoint")
    assert process.outcome == ReappointmentOutcome.REAPPOINTED
