"""Political protection asked inside the flow (issue 9 point 17; procedures §9): verification finds a candidate's
conclusion missing or expired → a task for internal political protection in scope, due in
``political_protection_request_days`` working days → they record the conclusion → verification runs again."""

from datetime import timedelta

import pytest
from django.utils import timezone
from viewflow.workflow.status import STATUS

from apps.accounts.models import Role
from apps.accounts.services import grant_role
from apps.audit.models import AuditEntry
from apps.cadres.models import PoliticalConclusion, PoliticalProtectionRequest
from workflows.appointment.flows import AppointmentFlow
from workflows.appointment.models import AppointmentCandidate
from workflows.common.deadlines import end_of_day, working_days_after
from workflows.common.models import TaskDeadline

from . import test_walkthrough
from .helpers import claim_and_execute, open_task
from .test_walkthrough import _through_step4, _verification

started = test_walkthrough.started  # the walk-through's fixture: proposed, policy approved, two candidates

pytestmark = pytest.mark.django_db

Status = AppointmentCandidate.Status


@pytest.fixture
def protection(province, admin_user):
    from tests.factories import UserFactory

    user = UserFactory(username="bvct")
    grant_role(
        user=user, role=Role.POLITICAL_PROTECTION, unit=province, include_descendants=True, actor=admin_user
    )
    return user


@pytest.fixture
def protection_b(unit_b, admin_user):
    from tests.factories import UserFactory

    user = UserFactory(username="bvct_b")
    grant_role(
        user=user, role=Role.POLITICAL_PROTECTION, unit=unit_b, include_descendants=True, actor=admin_user
    )
    return user


def _expire(cadre):
    old = timezone.localdate() - timedelta(days=3 * 365)
    PoliticalConclusion.objects.filter(cadre=cadre).update(concluded_on=old)


@pytest.fixture
def waiting(started):
    """Steps 1–4 done; c2's conclusion has expired; the board submits verification."""
    process, board, c1, c2 = started
    _through_step4(process, board, c1, c2)
    _expire(c2)
    claim_and_execute(board, process, AppointmentFlow.verification, _verification(process))
    return process, board, c1, c2


def _answer(request, **overrides):
    data = {
        f"result_{request.pk}": "meets",
        f"issuer_{request.pk}": "Ban Thường vụ Tỉnh ủy",
        f"reference_{request.pk}": "312-KL/TU",
        f"concluded_on_{request.pk}": timezone.localdate().strftime("%d/%m/%Y"),
    }
    data.update(overrides)
    return data


def test_verification_asks_political_protection_and_waits(waiting, protection, client_for):
    process, board, c1, c2 = waiting
    request = PoliticalProtectionRequest.objects.get(process_id=process.pk)
    assert (request.cadre, request.reason, request.unit) == (c2, "expired", process.unit)
    today = timezone.localdate()
    assert request.due_on == working_days_after(
        today, process.params.political_protection_request_days, process.params
    )
    # nobody was failed: verification waits
    assert set(process.candidates.values_list("status", flat=True)) <= set(
        AppointmentCandidate.ACTIVE_STATUSES
    )
    task = open_task(process, AppointmentFlow.political_protection)
    assert task.owner_permission == "organisation.act_political_protection"
    assert TaskDeadline.objects.get(task=task).due_at == end_of_day(request.due_on)
    assert not process.task_set.filter(flow_task=AppointmentFlow.internal_5_collective).exists()
    # the task is in the political-protection user's queue
    queue = client_for(protection).get(AppointmentFlow.instance.reverse("queue"))
    assert queue.status_code == 200 and f"#{process.pk}/" in queue.content.decode()
    assert AuditEntry.objects.filter(action="political_protection.requested", process_id=process.pk).exists()


def test_political_protection_records_the_conclusion_and_verification_proceeds(
    waiting, protection, client_for
):
    process, board, c1, c2 = waiting
    request = PoliticalProtectionRequest.objects.get(process_id=process.pk)
    pp = client_for(protection)

    claim_and_execute(pp, process, AppointmentFlow.political_protection, _answer(request))

    request.refresh_from_db()
    assert request.answered_at is not None and request.conclusion.cadre == c2
    assert request.conclusion.result == "meets" and request.conclusion.status == "concluded"
    assert request.conclusion.history.first().history_user == protection
    # back to verification; this time both pass and step 5 opens
    claim_and_execute(board, process, AppointmentFlow.verification, _verification(process))
    assert process.candidates.get(cadre=c2).is_active
    assert open_task(process, AppointmentFlow.internal_5_collective)
    assert AuditEntry.objects.filter(action="political_protection.answered", process_id=process.pk).exists()


def test_a_negative_answer_fails_the_candidate_at_the_next_verification(waiting, protection, client_for):
    process, board, c1, c2 = waiting
    request = PoliticalProtectionRequest.objects.get(process_id=process.pk)
    claim_and_execute(
        client_for(protection),
        process,
        AppointmentFlow.political_protection,
        _answer(request, **{f"result_{request.pk}": "does_not_meet"}),
    )
    claim_and_execute(board, process, AppointmentFlow.verification, _verification(process))
    failed = process.candidates.get(cadre=c2)
    assert failed.status == Status.FAILED_VERIFICATION
    assert [c.code for c in failed.checks.all() if not c.passed] == ["political_standard"]
    assert open_task(process, AppointmentFlow.internal_5_collective)


def test_an_answer_already_expired_is_refused_and_nothing_changes(waiting, protection, client_for):
    process, board, c1, c2 = waiting
    request = PoliticalProtectionRequest.objects.get(process_id=process.pk)
    before = (PoliticalConclusion.objects.count(), AuditEntry.objects.count())
    old = (timezone.localdate() - timedelta(days=800)).strftime("%d/%m/%Y")
    response = claim_and_execute(
        client_for(protection),
        process,
        AppointmentFlow.political_protection,
        _answer(request, **{f"concluded_on_{request.pk}": old}),
        expect=200,
    )
    assert [e.code for e in response.context["form"].non_field_errors().as_data()] == ["conclusion_expired"]
    request.refresh_from_db()
    assert request.answered_at is None
    assert (PoliticalConclusion.objects.count(), AuditEntry.objects.count()) == before
    assert open_task(process, AppointmentFlow.political_protection)


def test_only_political_protection_in_scope_may_take_the_request(
    waiting, protection_b, leader_a, client_for, protection
):
    process, board, c1, c2 = waiting
    task = open_task(process, AppointmentFlow.political_protection)
    assign = task.flow_task.reverse("assign", args=[process.pk, task.pk])
    execute = task.flow_task.reverse("execute", args=[process.pk, task.pk])
    request = PoliticalProtectionRequest.objects.get(process_id=process.pk)
    # the unit leader follows the procedure but may not take the step; the board neither
    assert client_for(leader_a).post(assign).status_code == 403
    assert board.post(assign).status_code == 403
    # political protection of another unit does not even see it
    assert client_for(protection_b).post(assign).status_code == 404
    assert client_for(protection_b).post(execute, _answer(request)).status_code == 404
    task.refresh_from_db()
    assert task.status == STATUS.NEW and task.owner is None
    request.refresh_from_db()
    assert request.answered_at is None
    # the political-protection user of the province may
    assert client_for(protection).post(assign).status_code == 302


def test_a_missing_conclusion_is_asked_for_too(started, protection):
    process, board, c1, c2 = started
    _through_step4(process, board, c1, c2)
    PoliticalConclusion.objects.filter(cadre=c1).update(status="pending", result="", concluded_on=None)
    claim_and_execute(board, process, AppointmentFlow.verification, _verification(process))
    assert PoliticalProtectionRequest.objects.get(process_id=process.pk).reason == "missing"
    assert open_task(process, AppointmentFlow.political_protection)
    # the flow waits; nothing was failed
    assert not process.candidates.filter(status=Status.FAILED_VERIFICATION).exists()
