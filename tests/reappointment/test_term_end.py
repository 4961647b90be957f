"""H16 for every outcome: the decision (reappoint, not reappoint, extend to retirement) is refused on or after
the day the term ends — at the leadership's decision, and at signing whatever date the decision carries — and
nothing changes; a term that ends with the procedure still open is flagged to the organisation board and the
inspection commission (in-app and e-mail), once."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from apps.audit.models import AuditEntry
from apps.cadres.models import Tenure
from apps.decisions.models import Decision
from apps.notifications.models import Kind, Notification
from workflows.reappointment import services
from workflows.reappointment.flows import ReappointmentFlow
from workflows.reappointment.models import Path, ReappointmentOutcome, ReappointmentProcess

from .helpers import (
    claim_and_execute,
    conference,
    counts,
    dmy,
    error_codes,
    notice,
    self_assessment,
    sign,
    verified,
)

pytestmark = pytest.mark.django_db

GROUNDS = "Căn cứ Quy định 377-QĐ/TW"


def _at(day):
    return time_machine.travel(
        timezone.make_aware(timezone.datetime(day.year, day.month, day.day, 10)), tick=False
    )


def _reappoint_path(board, process, cadre, votes):
    claim_and_execute(board, process, ReappointmentFlow.self_assessment, self_assessment())
    claim_and_execute(
        board,
        process,
        ReappointmentFlow.reappointment_1_key_officials,
        conference(cadre, counts(30, 27), (20, 7), confidence=True),
    )
    claim_and_execute(
        board,
        process,
        ReappointmentFlow.reappointment_2_collective,
        conference(cadre, counts(7, members=7), votes),
    )


def _to_decision(choice, board, process, cadre):
    """Walk the path `choice` needs up to the leadership's decision."""
    claim_and_execute(board, process, ReappointmentFlow.notice, notice())
    if choice == "extend":
        claim_and_execute(board, process, ReappointmentFlow.self_assessment, self_assessment())
        findings = {"health_ok": "yes", "prestige_ok": "yes", "task_fit_ok": "yes", "conclusion": "meets"}
        claim_and_execute(board, process, ReappointmentFlow.ext_review, {**findings, "remarks": ""})
        claim_and_execute(
            board,
            process,
            ReappointmentFlow.extension_1_collective,
            conference(cadre, counts(7, members=7), 4),
        )
    elif choice == "reappoint":
        _reappoint_path(board, process, cadre, 5)
        verification = verified()
        claim_and_execute(board, process, ReappointmentFlow.verification, verification)
    else:
        _reappoint_path(board, process, cadre, 3)  # the collective's vote fails


CASES = {
    "reappoint": ("holder", Path.REAPPOINT, ""),
    "not_reappoint": ("holder", Path.REAPPOINT, "Không đạt số phiếu tín nhiệm."),
    "extend": ("elder", Path.EXTENSION, ""),
}


def _state(process, tenure):
    process.refresh_from_db()
    tenure.refresh_from_db()
    return (
        process.outcome,
        process.status,
        process.choice,
        process.decision_id,
        Decision.objects.filter(status="signed").count(),
        tenure.ended_on,
        tenure.term_end,
        Tenure.objects.filter(cadre=tenure.cadre).count(),
    )


@pytest.mark.parametrize("choice", list(CASES))
def test_each_outcome_is_refused_once_the_term_has_ended_and_the_open_procedure_is_flagged(
    request,
    choice,
    client_for,
    reviewer,
    leadership,
    inspector,
    django_capture_on_commit_callbacks,
    mailoutbox,
):
    fixture, path, reasons = CASES[choice]
    cadre, tenure = request.getfixturevalue(fixture)
    assert services.open_due_reappointments()["opened"] == 1
    process = ReappointmentProcess.objects.get(tenure=tenure)
    assert process.path == path
    board, leaders = client_for(reviewer), client_for(leadership)
    _to_decision(choice, board, process, cadre)
    term_end = process.term_end
    decide = {"choice": choice, "reasons": reasons}

    # the leadership's decision on the day the term ends: refused
    before = _state(process, tenure)
    with _at(term_end):
        response = claim_and_execute(
            client_for(leadership), process, ReappointmentFlow.decide, decide, expect=200
        )
        assert error_codes(response) == ["term_ended"]
    assert _state(process, tenure) == before

    # decided and drafted in time, but signed too late
    claim_and_execute(leaders, process, ReappointmentFlow.decide, decide)
    draft = {"effective_from": dmy(term_end), "grounds": GROUNDS}
    claim_and_execute(board, process, ReappointmentFlow.draft_decision, draft)
    before = _state(process, tenure)
    for dated in (term_end, term_end + timedelta(days=1)):  # dated on, or after, the day the term ends
        response = claim_and_execute(
            leaders, process, ReappointmentFlow.sign_decision, sign(dated), expect=200
        )
        assert error_codes(response) == ["signed_after_term_end"]
    with _at(term_end + timedelta(days=1)):  # today's date, once the term has ended
        response = claim_and_execute(
            client_for(leadership), process, ReappointmentFlow.sign_decision, sign(), expect=200
        )
        assert error_codes(response) == ["signed_after_term_end"]
    assert _state(process, tenure) == before
    assert process.outcome == ReappointmentOutcome.IN_PROGRESS
    assert Decision.objects.get(pk=process.decision_id).status == "draft"

    # the term has ended with the procedure still open: the board and the inspection commission are told, once
    mailoutbox.clear()
    with _at(term_end), django_capture_on_commit_callbacks(execute=True):
        assert services.flag_overdue_reappointments()["flagged"] == 1
        assert services.flag_overdue_reappointments()["flagged"] == 0
    told = Notification.objects.filter(kind=Kind.OVERDUE, process_id=process.pk)
    assert sorted(told.values_list("recipient__username", flat=True)) == ["inspector", "reviewer"]
    assert sorted(address for mail in mailoutbox for address in mail.to) == sorted(
        [inspector.email, reviewer.email]
    )
    assert AuditEntry.objects.filter(process_id=process.pk, action="reappointment.overdue").count() == 1
