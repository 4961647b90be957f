"""Issue 9 over HTTP in the nomination procedure: rounds dated in order (point 11) and verification only with the
dossier's documents (point 12)."""

from datetime import date, timedelta

import pytest
from viewflow.workflow.models import Process

from .helpers import ROUNDS, claim_and_execute, conference, counts, field_codes, going_on, non_field_codes
from .helpers import verification as verification_data
from .test_bad_input import refused
from .test_walkthrough import LATER_ROUNDS, approved  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db
FLOW_ROUND1 = ROUNDS[0]


def dmy(day):
    return day.strftime("%d/%m/%Y")


def test_a_round_dated_before_the_procedure_started_is_refused(approved):  # noqa: F811
    process, board, cadres = approved
    data = conference(counts(15, 14), [12, 11, 10, 9, 8, 3], cadres, held_on=dmy(date.today() - timedelta(1)))
    response = refused(board, process, FLOW_ROUND1, data)
    assert field_codes(response, "held_on") == ["held_before_start"]


def test_a_round_dated_before_the_previous_round_is_refused(approved):  # noqa: F811
    process, board, cadres = approved
    Process.objects.filter(pk=process.pk).update(created=process.created - timedelta(days=10))
    first = date.today() - timedelta(days=3)
    claim_and_execute(
        board,
        process,
        ROUNDS[0],
        conference(counts(15, 14), [12, 11, 10, 9, 8, 3], cadres, held_on=dmy(first)),
    )
    five = going_on(process)
    convened, present, tallies = LATER_ROUNDS[0]
    data = conference(counts(convened, present), tallies, five, held_on=dmy(first - timedelta(days=1)))
    response = refused(board, process, ROUNDS[1], data)
    assert field_codes(response, "held_on") == ["held_before_previous_step"]


def test_verification_without_the_documents_is_refused(approved):  # noqa: F811
    from workflows.nomination.flows import NominationFlow

    process, board, cadres = approved
    claim_and_execute(board, process, ROUNDS[0], conference(counts(15, 14), [12, 11, 10, 9, 8, 3], cadres))
    five = going_on(process)
    for node, (convened, present, tallies) in zip(ROUNDS[1:], LATER_ROUNDS, strict=True):
        claim_and_execute(board, process, node, conference(counts(convened, present), tallies, five))
    response = refused(
        board, process, NominationFlow.verification, verification_data(process, documents=False)
    )
    assert non_field_codes(response) == ["documents_required"]
    claim_and_execute(board, process, NominationFlow.verification, verification_data(process))
    assert process.candidates.filter(verified_at__isnull=False).count() == 5


# --- point 10: a committee's round counts its membership in the registry ------------------------------------------


def test_a_standing_committee_round_refuses_a_typed_figure_without_a_reason_and_takes_it_with_one(
    approved,  # noqa: F811
    unit_a,
):
    from apps.audit.models import AuditEntry
    from apps.conferences.models import CollectiveKind, Conference
    from tests.collectives import REGISTRY_MEMBERS

    process, board, cadres = approved
    # the standing committee has 15 members in the registry; 14 typed: "12 of 14" is not what the minutes count
    typed = {**counts(14, 14), REGISTRY_MEMBERS: 15}
    response = refused(board, process, FLOW_ROUND1, conference(typed, [12, 11, 10, 9, 8, 3], cadres))
    assert field_codes(response, "size_reason") == ["collective_size_differs"]
    assert not Conference.objects.filter(process_id=process.pk).exists()
    reason = "Một ủy viên Ban Thường vụ được điều động, chưa có quyết định thôi tham gia"
    data = conference({**typed, "size_reason": reason}, [12, 11, 10, 9, 8, 3], cadres)
    claim_and_execute(board, process, FLOW_ROUND1, data)
    recorded = Conference.objects.get(process_id=process.pk, step_code="nomination_1_standing")
    assert (recorded.convened, recorded.registry_members, recorded.size_reason) == (14, 15, reason)
    assert (
        recorded.collective.kind == CollectiveKind.STANDING_COMMITTEE and recorded.collective.unit == unit_a
    )
    entry = AuditEntry.objects.get(action="conference.collective_size_overridden", process_id=process.pk)
    assert entry.data["entered"] == {"convened": 14} and entry.data["reason"] == reason


def test_an_executive_committee_round_counts_the_registry_when_left_empty(approved):  # noqa: F811
    from apps.conferences.models import CollectiveKind, Conference

    process, board, cadres = approved
    claim_and_execute(board, process, ROUNDS[0], conference(counts(15, 14), [12, 11, 10, 9, 8, 3], cadres))
    five = going_on(process)
    convened, present, tallies = LATER_ROUNDS[0]
    claim_and_execute(board, process, ROUNDS[1], conference(counts(convened, present), tallies, five))
    convened, present, tallies = LATER_ROUNDS[1]
    claim_and_execute(board, process, ROUNDS[2], conference(counts(convened, present), tallies, five))
    recorded = Conference.objects.get(process_id=process.pk, step_code="nomination_3_executive")
    assert recorded.collective.kind == CollectiveKind.PARTY_COMMITTEE
    assert recorded.convened == recorded.registry_members == convened == recorded.convened_members.count()
    key_officials = Conference.objects.get(process_id=process.pk, step_code="nomination_2_key_officials")
    assert key_officials.collective is None and key_officials.registry_members is None
