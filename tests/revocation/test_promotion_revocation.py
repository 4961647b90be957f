"""The revocation procedure over HTTP for an appointment that ended the appointee's previous post (issue #3): the
post and the planning come back, on the case; refused with nothing changed once the old seat is filled."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from apps.audit.models import AuditEntry
from apps.cadres.models import PlanningEntry, Tenure
from apps.decisions.models import Decision
from tests.factories import CadreFactory, PlanningEntryFactory, PositionFactory, TenureFactory
from workflows.revocation.flows import RevocationFlow

from .conftest import claim_and_execute, form_codes, investigation, latest_case, open_case, ruling

pytestmark = pytest.mark.django_db


@pytest.fixture
def head_post(unit_a, province):
    return PositionFactory(unit=unit_a, authority=province, title="Trưởng phòng Tổ chức", seats=1)


@pytest.fixture
def held(appointee, head_post, position):
    """Before the appointment: the appointee heads the organisation office and is planned for the position."""
    tenure = TenureFactory(
        cadre=appointee, position=head_post, start_date=date(2022, 1, 1), term_end=date(2099, 1, 1)
    )
    return tenure, PlanningEntryFactory(cadre=appointee, position=position)


@pytest.fixture
def promoted(held, decision):
    return decision


def state():
    """The registry rows a refused revocation must leave as they were."""
    return (
        list(Tenure.objects.order_by("pk").values_list("pk", "ended_on", "end_reason", "ended_by_decision")),
        list(
            PlanningEntry.objects.order_by("pk").values_list(
                "pk", "status", "fulfilled_on", "fulfilled_by_decision"
            )
        ),
        list(Decision.objects.order_by("pk").values_list("pk", "status", "revoked_by")),
    )


def test_revoking_through_the_procedure_gives_back_the_post_and_the_planning(
    client_for, inspector, leadership, promoted, held
):
    tenure, entry = held
    assert Tenure.objects.get(pk=tenure.pk).ended_by_decision == promoted
    assert Tenure.objects.get(pk=tenure.pk).ended_on == promoted.effective_from - timedelta(days=1)
    assert PlanningEntry.objects.get(pk=entry.pk).status == PlanningEntry.Status.FULFILLED
    commission = client_for(inspector)
    open_case(commission, promoted)
    case = latest_case()
    claim_and_execute(commission, case, RevocationFlow.investigate, investigation(case))

    claim_and_execute(client_for(leadership), case, RevocationFlow.decide, ruling("revoke"))

    assert Decision.objects.get(pk=promoted.pk).status == Decision.Status.REVOKED
    old = Tenure.objects.get(pk=tenure.pk)
    assert (old.ended_on, old.end_reason, old.ended_by_decision) == (None, "", None)
    new = Tenure.objects.get(pk=promoted.tenure_id)
    assert new.ended_on == timezone.localdate() and new.end_reason == Tenure.EndReason.REVOKED
    assert PlanningEntry.objects.get(pk=entry.pk).status == PlanningEntry.Status.ACTIVE
    for action, obj in (("tenure.reopened", tenure), ("planning.reopened", entry)):
        audit = AuditEntry.objects.get(action=action, object_id=str(obj.pk))
        assert (audit.process_id, audit.actor.username) == (case.pk, "leadership")


def test_revoking_once_the_old_seat_is_filled_is_refused_on_the_form(
    client_for, inspector, leadership, promoted, held, head_post, unit_a
):
    TenureFactory(
        cadre=CadreFactory(current_unit=unit_a),
        position=head_post,
        start_date=promoted.effective_from + timedelta(days=3),
        term_end=date(2099, 1, 1),
    )
    commission = client_for(inspector)
    open_case(commission, promoted)
    case = latest_case()
    claim_and_execute(commission, case, RevocationFlow.investigate, investigation(case))
    before = state()

    response = claim_and_execute(
        client_for(leadership), case, RevocationFlow.decide, ruling("revoke"), expect=200
    )

    assert form_codes(response) == ["seat_filled_since"]
    assert state() == before
    assert Decision.objects.get(pk=promoted.pk).status == Decision.Status.SIGNED
    case.refresh_from_db()
    assert case.revocation_decision_id is None
