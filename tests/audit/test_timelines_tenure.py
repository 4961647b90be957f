"""The tenure a decision opens is recorded on the procedure that produced the decision: its ``tenure.added`` audit
entry carries the procedure's id, so the procedure's timeline shows it (appointment over HTTP; reappointment and
election result through the signing service)."""

# ruff: noqa: F811 (fixtures imported from other test modules are redefined as arguments)

from datetime import date

import pytest
from viewflow.workflow.models import Process

from apps.audit.models import AuditEntry
from apps.decisions import services as decision_services
from apps.decisions.models import Decision
from apps.rulesets.selectors import rule_set_for
from tests.appointment.conftest import leadership, position  # noqa: F401
from tests.factories import CadreFactory, PositionFactory, TenureFactory

from .test_timelines import _english_ui, _media, appointed, entries, url  # noqa: F401

pytestmark = pytest.mark.django_db


def test_the_procedure_timeline_shows_the_tenure_its_decision_opened(client_for, inspector, appointed):
    process, decision, winner = appointed
    added = AuditEntry.objects.get(action="tenure.added", object_id=str(decision.tenure_id))
    assert added.process_id == process.pk
    events = entries(client_for(inspector).get(url("procedure", process.pk), {"action": "tenure"}))
    tenure_added = [e for e in events if e.action == "tenure.added"]
    assert len(tenure_added) == 1 and tenure_added[0].process_id == process.pk
    assert tenure_added[0].object_ref == ("cadres.tenure", str(decision.tenure_id))


@pytest.mark.parametrize("kind", [Decision.Kind.REAPPOINTMENT, Decision.Kind.ELECTION_RESULT])
def test_a_reappointment_or_election_result_records_its_tenure_on_its_procedure(
    kind, province, unit_a, reviewer, admin_user
):
    position = PositionFactory(unit=unit_a, authority=province, seats=1, is_elected=kind == "election_result")
    cadre = CadreFactory(current_unit=unit_a)
    if kind == Decision.Kind.REAPPOINTMENT:
        # the tenure an earlier signed decision opened (a seat is filled only by a decision: issue 9 point 6)
        TenureFactory(cadre=cadre, position=position, start_date=date(2022, 1, 1), term_end=date(2027, 1, 1))
    process = Process.objects.create(flow_class="workflows.reappointment.flows.ReappointmentFlow")
    on = date(2026, 11, 2)
    rule_set = rule_set_for(unit=province, on=on)
    draft = decision_services.draft_decision(
        kind=kind,
        cadre=cadre,
        position=position,
        authority=province,
        process=process,
        rule_set=rule_set,
        params=rule_set.resolve(),
        effective_from=on,
        grounds="Căn cứ Nghị định số 170/2025/NĐ-CP.",
        actor=reviewer,
    )
    decision = decision_services.sign_decision(
        decision=draft, signer=admin_user, signer_title="Chủ tịch", issued_on=on, actor=admin_user
    )
    added = AuditEntry.objects.get(action="tenure.added", object_id=str(decision.tenure_id))
    assert added.process_id == process.pk
