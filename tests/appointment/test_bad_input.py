"""Bad input of issue 3, each refused over HTTP with its rule code — next to its field where it has one — and
nothing changed: the same conferences, tallies, candidates, tasks, decisions, documents, history rows, stored
files and audit entries as before the refused request."""

from datetime import date

import pytest
from django.conf import settings

from apps.audit.models import AuditEntry
from apps.conferences.models import Conference, ConferenceCandidate
from apps.core.rules import RuleViolation
from apps.decisions.models import Decision
from workflows.appointment.flows import AppointmentFlow
from workflows.appointment.models import AppointmentCandidate, AppointmentProcess
from workflows.common import runner
from workflows.common.models import StepAttachment

from .conftest import make_eligible
from .helpers import claim_and_execute, latest_process, open_task, propose
from .test_walkthrough import _through_step4, _verification, conference, counts

pytestmark = pytest.mark.django_db


def _files():
    roots = (settings.MEDIA_ROOT, settings.PRIVATE_MEDIA_ROOT)
    return sorted(str(p) for root in roots if root.exists() for p in root.rglob("*") if p.is_file())


def state(process):
    """Everything a refused step could have touched."""
    process = AppointmentProcess.objects.get(pk=process.pk)
    return {
        "audit": AuditEntry.objects.count(),
        "conferences": Conference.objects.count(),
        "tallies": ConferenceCandidate.objects.count(),
        "conference_history": Conference.history.count() + ConferenceCandidate.history.count(),
        "tasks": list(process.task_set.order_by("pk").values_list("pk", "status", "owner_id", "finished")),
        "candidates": list(
            AppointmentCandidate.objects.order_by("pk").values_list("pk", "status", "reason", "verified_at")
        ),
        "candidate_history": AppointmentCandidate.history.count(),
        "process": (process.outcome, process.policy_decision, process.decision_id, process.status),
        "process_history": AppointmentProcess.history.count(),
        "decisions": Decision.objects.count(),
        "attachments": StepAttachment.objects.count(),
        "files": _files(),
    }


def field_codes(response, field=None):
    form = response.context["form"]
    errors = form.non_field_errors() if field is None else form.errors.get(field, form.error_class())
    return [e.code for e in errors.as_data()]


def refused(client, process, node, data):
    """Claim the step, then post `data`: the step's page comes back (200) with the refusal and nothing changed."""
    from viewflow.workflow.status import STATUS

    task = open_task(process, node)
    if task.status == STATUS.NEW:
        assert client.post(task.flow_task.reverse("assign", args=[process.pk, task.pk])).status_code == 302
    before = state(process)
    response = client.post(task.flow_task.reverse("execute", args=[process.pk, task.pk]), data)
    assert response.status_code == 200, response.status_code
    assert state(process) == before
    return response


@pytest.fixture
def listed(client_for, leader_a, reviewer, position, unit_a):
    """Proposed, policy approved, two eligible candidates listed; the board's client."""
    c1 = make_eligible(unit_a, position, full_name="Nguyễn Văn An")
    c2 = make_eligible(unit_a, position, full_name="Trần Thị Bình")
    assert propose(client_for(leader_a), position).status_code == 302
    process = latest_process()
    board = client_for(reviewer)
    claim_and_execute(board, process, AppointmentFlow.policy_review, {"decision": "approved"})
    claim_and_execute(board, process, AppointmentFlow.nominate, {"cadres": [c1.pk, c2.pk]})
    return process, board, c1, c2


@pytest.fixture
def at_step2(listed):
    process, board, c1, c2 = listed
    claim_and_execute(
        board, process, AppointmentFlow.step1, conference(counts(7, members=7), list_votes_for=6)
    )
    return listed


STEP2_REFUSALS = [
    # (what, counts, tallies, field showing the error, rule code)
    (
        "attendees exceed convened",
        {**counts(20, 18), "present": 21},
        [9, 8],
        "present",
        "attendance_exceeds_convened",
    ),
    (
        "valid ballots exceed attendees",
        {**counts(20, 18), "ballots_valid": 19},
        [9, 8],
        "ballots_valid",
        "valid_exceeds_present",
    ),
    ("a tally exceeds the valid ballots", counts(20, 18), [19, 0], None, "tally_exceeds_valid"),
    ("quorum not met", counts(20, 13), [7, 6], "present", "quorum"),
]


@pytest.mark.parametrize(
    ("what", "numbers", "tallies", "field", "code"), STEP2_REFUSALS, ids=[r[0] for r in STEP2_REFUSALS]
)
def test_bad_conference_counts_are_refused_next_to_their_field_and_change_nothing(
    at_step2, what, numbers, tallies, field, code
):
    process, board, c1, c2 = at_step2
    response = refused(board, process, AppointmentFlow.step2, conference(numbers, tallies, [c1, c2]))
    assert field_codes(response, field) == [code], (what, response.context["form"].errors)
    assert not process.task_set.filter(flow_task=AppointmentFlow.step3).exists()


def test_as_many_candidates_as_seats_is_refused_at_the_listing(
    client_for, leader_a, reviewer, position, unit_a
):
    c1 = make_eligible(unit_a, position)
    propose(client_for(leader_a), position)
    process = latest_process()
    board = client_for(reviewer)
    claim_and_execute(board, process, AppointmentFlow.policy_review, {"decision": "approved"})
    response = refused(board, process, AppointmentFlow.nominate, {"cadres": [c1.pk]})
    assert field_codes(response) == ["surplus"]


def test_two_seats_need_four_candidates(client_for, leader_a, reviewer, unit_a):
    from tests.factories import PositionFactory

    position = PositionFactory(unit=unit_a, seats=2)
    cadres = [make_eligible(unit_a, position) for _ in range(3)]
    propose(client_for(leader_a), position, seats=2)
    process = latest_process()
    board = client_for(reviewer)
    claim_and_execute(board, process, AppointmentFlow.policy_review, {"decision": "approved"})
    response = refused(board, process, AppointmentFlow.nominate, {"cadres": [c.pk for c in cadres]})
    assert field_codes(response) == ["surplus"]


def test_a_candidate_without_a_concluded_political_standard_is_refused(
    client_for, leader_a, reviewer, position, unit_a
):
    c1 = make_eligible(unit_a, position)
    pending = make_eligible(unit_a, position)
    pending.political_conclusions.update(status="pending", result="")
    propose(client_for(leader_a), position)
    process = latest_process()
    board = client_for(reviewer)
    claim_and_execute(board, process, AppointmentFlow.policy_review, {"decision": "approved"})
    response = refused(board, process, AppointmentFlow.nominate, {"cadres": [c1.pk, pending.pk]})
    # next to the list of candidates (procedures §3: the listing refuses the ineligible with the reason)
    assert [e.code for e in response.context["form"].errors.as_data()["cadres"]] == ["political_standard"]
    assert pending.full_name in str(response.context["form"].errors["cadres"])


def test_a_decision_before_verification_is_refused(at_step2, client_for):
    process, board, c1, c2 = at_step2
    # over HTTP: the draft step does not exist yet; its URL with the open step's task is unknown
    step2 = open_task(process, AppointmentFlow.step2)
    before = state(process)
    url = AppointmentFlow.draft_decision.reverse("execute", args=[process.pk, step2.pk])
    data = {"candidate": process.candidates.get(cadre=c1).pk, "effective_from": "01/01/2027", "grounds": "x"}
    assert board.post(url, data).status_code == 404
    assert state(process) == before


def test_the_draft_service_refuses_a_candidate_who_was_not_verified(listed, reviewer):
    """Even with the draft step open, a candidate whose verification is missing gets no decision."""
    process, board, c1, c2 = listed
    _through_step4(process, board, c1, c2)
    claim_and_execute(board, process, AppointmentFlow.verification, _verification(process))
    claim_and_execute(
        board, process, AppointmentFlow.step5, conference(counts(7, members=7), [5, 2], [c1, c2])
    )
    winner = process.candidates.get(cadre=c1)
    winner.verified_at = None  # as if verification had been skipped
    winner.save(update_fields=["verified_at"])
    before = state(process)
    task = open_task(process, AppointmentFlow.draft_decision)
    with pytest.raises(RuleViolation) as exc:
        runner.run_step(
            task,
            actor=reviewer,
            candidate=winner,
            effective_from=date.today(),
            term_end=None,
            grounds="Căn cứ",
        )
    assert exc.value.rule_code == "not_verified"
    # nothing was written, not even the claim the runner made for the call (one transaction)
    assert state(process) == before
    assert Decision.objects.filter(process=process).count() == 0


def test_posting_a_later_steps_url_skips_nothing(at_step2):
    process, board, c1, c2 = at_step2
    step2 = open_task(process, AppointmentFlow.step2)
    before = state(process)
    for node in (
        AppointmentFlow.step3,
        AppointmentFlow.step4,
        AppointmentFlow.verification,
        AppointmentFlow.step5,
    ):
        url = node.reverse("execute", args=[process.pk, step2.pk])
        response = board.post(url, conference(counts(7, members=7), [5, 2], [c1, c2]))
        assert response.status_code == 404, node.name
    assert state(process) == before


def test_a_second_completion_of_a_recorded_conference_is_refused(at_step2):
    process, board, c1, c2 = at_step2
    step1 = process.task_set.get(flow_task=AppointmentFlow.step1)
    before = state(process)
    response = board.post(
        AppointmentFlow.step1.reverse("execute", args=[process.pk, step1.pk]),
        conference(counts(7, members=7), list_votes_for=6),
    )
    assert response.status_code == 403
    assert state(process) == before
    assert Conference.objects.filter(process_id=process.pk, step_code="internal_1_collective").count() == 1
