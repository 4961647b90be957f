"""Appointment from an external source (docs/procedures.md §2; ND 170 Đ.33 k.3), over HTTP as the real roles: the
receiving unit's leadership on the policy, the vote where the person works (> 50% of those convened; at exactly
50% the head decides and the dissent is recorded), verification, the appointing collective's vote, the decision."""

from datetime import date

import pytest
from viewflow.workflow.status import PROCESS

from apps.audit.models import AuditEntry
from apps.cadres.models import Tenure
from apps.conferences.models import Conference
from tests.signers import signer_of
from workflows.appointment.flows import AppointmentFlow
from workflows.appointment.models import AppointmentCandidate
from workflows.appointment.models import AppointmentOutcome as Outcome

from .conftest import make_eligible
from .helpers import claim_and_execute, latest_process, open_task, propose
from .test_walkthrough import _verification, conference, counts

pytestmark = pytest.mark.django_db

Status = AppointmentCandidate.Status


@pytest.fixture
def external(client_for, leader_a, reviewer, position, unit_b):
    """A proposal from the external source, approved, naming one cadre who works in unit B."""
    person = make_eligible(unit_b, position, full_name="Phạm Văn Dũng")
    assert propose(client_for(leader_a), position, source="external").status_code == 302
    process = latest_process()
    board = client_for(reviewer)
    claim_and_execute(board, process, AppointmentFlow.policy_review, {"decision": "approved"})
    assert open_task(process, AppointmentFlow.ext_nominate)
    claim_and_execute(board, process, AppointmentFlow.ext_nominate, {"cadres": [person.pk]})
    return process, board, person


def test_the_three_steps_end_with_a_signed_decision(client_for, external, leadership, position):
    process, board, person = external
    # 1. the receiving unit's leadership agrees with the policy: 5 of its 7 members
    claim_and_execute(
        board, process, AppointmentFlow.external_1_receiving, conference(counts(7, members=7), [5], [person])
    )
    # 2. the leadership collective where the person works (12 members in the registry): 9 agree (> 50% of
    # those convened)
    claim_and_execute(
        board,
        process,
        AppointmentFlow.external_2_origin,
        conference(counts(12, members=12), [(9, 3)], [person], confidence=True),
    )
    claim_and_execute(board, process, AppointmentFlow.verification, _verification(process))
    # 3. the appointing collective appraises and votes: 6 of 9 members
    claim_and_execute(
        board, process, AppointmentFlow.external_3_collective, conference(counts(9, members=9), [6], [person])
    )
    steps = list(
        Conference.objects.filter(process_id=process.pk).values_list("step_code", "denominator_kind")
    )
    assert steps == [
        ("external_1_receiving", "collective_members"),
        ("external_2_origin", "convened"),
        ("external_3_collective", "collective_members"),
    ]
    candidate = process.candidates.get(cadre=person)
    claim_and_execute(
        board,
        process,
        AppointmentFlow.draft_decision,
        {"candidate": candidate.pk, "effective_from": date.today().strftime("%d/%m/%Y"), "grounds": "Căn cứ"},
    )
    claim_and_execute(
        client_for(leadership),
        process,
        AppointmentFlow.sign_decision,
        {"signer": signer_of(), "issued_on": date.today().strftime("%d/%m/%Y")},
    )
    process.refresh_from_db()
    assert process.status == PROCESS.DONE and process.outcome == Outcome.APPOINTED
    assert Tenure.objects.filter(cadre=person, position=position, ended_on__isnull=True).exists()
    assert not process.task_set.filter(
        flow_task__in=[AppointmentFlow.internal_1_collective, AppointmentFlow.internal_5_collective]
    ).exists()


def test_at_exactly_half_where_the_person_works_the_head_decides_with_the_dissent_recorded(external):
    process, board, person = external
    claim_and_execute(
        board, process, AppointmentFlow.external_1_receiving, conference(counts(7, members=7), [5], [person])
    )
    tied = conference(counts(12, members=12), [(6, 6)], [person], confidence=True)
    response = claim_and_execute(board, process, AppointmentFlow.external_2_origin, tied, expect=200)
    assert [e.code for e in response.context["form"].errors["head_decision"].as_data()] == [
        "head_decision_required"
    ]
    claim_and_execute(
        board,
        process,
        AppointmentFlow.external_2_origin,
        conference(
            counts(12, members=12),
            [(6, 6)],
            [person],
            confidence=True,
            head_decision="approve",
            dissent="Ông B: chưa đủ thời gian công tác tại đơn vị",
        ),
    )
    recorded = Conference.objects.get(process_id=process.pk, step_code="external_2_origin")
    assert recorded.head_decision == "approve" and recorded.dissent.startswith("Ông B")
    assert recorded.candidates.get().head_decided
    assert open_task(process, AppointmentFlow.verification)


def test_the_person_refused_where_they_work_closes_the_procedure(external):
    process, board, person = external
    claim_and_execute(
        board, process, AppointmentFlow.external_1_receiving, conference(counts(7, members=7), [5], [person])
    )
    before = AuditEntry.objects.filter(process_id=process.pk).count()
    claim_and_execute(
        board,
        process,
        AppointmentFlow.external_2_origin,
        conference(counts(12, members=12), [(4, 8)], [person], confidence=True),
    )
    process.refresh_from_db()
    assert process.status == PROCESS.DONE and process.outcome == Outcome.NO_CANDIDATE_PASSED
    assert process.candidates.get(cadre=person).status == Status.ELIMINATED
    assert AuditEntry.objects.filter(process_id=process.pk).count() > before


def test_an_external_procedure_names_one_person_without_a_surplus(
    client_for, leader_a, reviewer, position, unit_b
):
    """The external steps vote on a named person (consults=False): one name is enough."""
    person = make_eligible(unit_b, position)
    propose(client_for(leader_a), position, source="external")
    process = latest_process()
    board = client_for(reviewer)
    claim_and_execute(board, process, AppointmentFlow.policy_review, {"decision": "approved"})
    assert process.params.surplus_required
    claim_and_execute(board, process, AppointmentFlow.ext_nominate, {"cadres": [person.pk]})
    assert list(process.candidates.values_list("cadre_id", flat=True)) == [person.pk]
