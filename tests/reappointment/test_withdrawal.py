"""Withdrawing an open reappointment: the organisation board in scope may, with a reason; the procedure closes as
``withdrawn`` with an audit entry and the person who opened it is told (in-app and e-mail). Nobody else may — not
the unit leader (docs/procedures.md §5 gives the reappointment to the competent level, see
``workflows.reappointment.services.withdrawal``), not another unit's board, not the inspection commission, not the
leadership, not the cadre, not an anonymous visitor — and a refusal changes nothing."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from viewflow.workflow.status import PROCESS, STATUS

from apps.accounts.models import Role
from apps.accounts.services import grant_role
from apps.audit.models import AuditEntry
from apps.core.rules import RuleViolation
from apps.notifications.models import Kind, Notification
from tests.factories import UserFactory
from workflows.reappointment import services
from workflows.reappointment.flows import ReappointmentFlow
from workflows.reappointment.models import ReappointmentOutcome, ReappointmentProcess

from .helpers import FLOW

pytestmark = pytest.mark.django_db

REASON = "Cán bộ được điều động sang đơn vị khác"


@pytest.fixture
def nobody(db):
    return UserFactory(username="nobody")


@pytest.fixture
def personas(leader_a, leader_b, reviewer, reviewer_b, inspector, leadership, holder_user, nobody):
    return {
        "anonymous": None,
        "leader_a": leader_a,
        "leader_b": leader_b,
        "reviewer_b": reviewer_b,
        "inspector": inspector,
        "leadership": leadership,
        "cadre": holder_user,
        "nobody": nobody,
    }


@pytest.fixture
def board_opened(client_for, reviewer, holder):
    """A procedure the board (``reviewer``) opened by hand: reviewer is its initiator."""
    response = client_for(reviewer).post(ReappointmentFlow.start.reverse("execute"), {"tenure": holder[1].pk})
    assert response.status_code == 302
    process = ReappointmentProcess.objects.get(tenure=holder[1])
    assert process.started_by == reviewer
    return process


@pytest.fixture
def board_colleague(province, admin_user):
    user = UserFactory(username="board2")
    grant_role(user=user, role=Role.ORG_BOARD, unit=province, include_descendants=True, actor=admin_user)
    return user


def url(process):
    return FLOW.reverse("process_withdraw", args=[process.pk])


def _state(process):
    process.refresh_from_db()
    return (
        process.outcome,
        process.outcome_reason,
        process.status,
        process.task_set.filter(status=STATUS.CANCELED).count(),
        AuditEntry.objects.filter(process_id=process.pk).count(),
        Notification.objects.filter(kind=Kind.PROCEDURE_FINISHED).count(),
    )


REFUSED = {
    "anonymous": 302,  # to the login page
    "leader_a": 403,
    "leader_b": 404,
    "reviewer_b": 404,
    "inspector": 403,
    "leadership": 403,
    "cadre": 404,
    "nobody": 403,
}


def test_nobody_but_the_board_in_scope_may_withdraw_and_a_refusal_changes_nothing(
    client_for, personas, opened
):
    before = _state(opened)
    for who, status in REFUSED.items():
        client = client_for(personas[who])
        for response in (client.get(url(opened)), client.post(url(opened), {"reason": REASON})):
            assert response.status_code == status, (who, response.status_code)
            if who == "anonymous":
                assert response["Location"].startswith("/accounts/login/")
        assert _state(opened) == before, who
    assert opened.outcome == ReappointmentOutcome.IN_PROGRESS and opened.status == PROCESS.NEW


@pytest.mark.parametrize(
    ("who", "error"),
    [
        ("leader_a", PermissionDenied),
        ("inspector", PermissionDenied),
        ("leader_b", Http404),
        ("cadre", Http404),
    ],
)
def test_the_service_refuses_everyone_but_the_board_in_scope(personas, opened, who, error):
    before = _state(opened)
    with pytest.raises(error):
        services.withdraw(process=opened, reason=REASON, actor=personas[who])
    assert _state(opened) == before


def test_the_board_withdraws_with_a_reason_and_the_initiator_is_told(
    client_for, board_opened, board_colleague, reviewer, django_capture_on_commit_callbacks, mailoutbox
):
    process = board_opened
    open_steps = process.task_set.filter(status__in=[STATUS.NEW, STATUS.ASSIGNED]).count()
    assert open_steps >= 1
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(board_colleague).post(url(process), {"reason": REASON})
    assert response.status_code == 302
    process.refresh_from_db()
    assert process.outcome == ReappointmentOutcome.WITHDRAWN and process.outcome_reason == REASON
    assert process.status == PROCESS.CANCELED
    assert not process.task_set.filter(status__in=[STATUS.NEW, STATUS.ASSIGNED]).exists()
    entry = AuditEntry.objects.get(process_id=process.pk, action="reappointment.withdrawn")
    assert entry.data == {"reason": REASON} and entry.actor_label == "board2"
    told = Notification.objects.filter(kind=Kind.PROCEDURE_FINISHED, process_id=process.pk)
    assert list(told.values_list("recipient__username", flat=True)) == ["reviewer"]
    assert [mail.to for mail in mailoutbox if "reviewer@cadreflow.test" in mail.to] == [
        ["reviewer@cadreflow.test"]
    ]
    # closed: a second withdrawal is refused and changes nothing
    before = _state(process)
    with pytest.raises(RuleViolation) as exc:
        services.withdraw(process=process, reason=REASON, actor=reviewer)
    assert exc.value.rule_code == "procedure_closed"
    assert _state(process) == before


def test_a_withdrawal_without_a_reason_is_refused(client_for, opened, reviewer):
    before = _state(opened)
    response = client_for(reviewer).post(url(opened), {"reason": "   "})
    assert response.status_code == 200
    with pytest.raises(RuleViolation) as exc:
        services.withdraw(process=opened, reason="  ", actor=reviewer)
    assert exc.value.rule_code == "reason_required"
    assert _state(opened) == before


def test_a_procedure_the_scheduled_job_opened_tells_nobody_it_was_withdrawn(
    client_for, opened, reviewer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert client_for(reviewer).post(url(opened), {"reason": REASON}).status_code == 302
    opened.refresh_from_db()
    assert opened.outcome == ReappointmentOutcome.WITHDRAWN
    assert not Notification.objects.filter(kind=Kind.PROCEDURE_FINISHED).exists()  # the system user is no one


def test_the_procedure_page_offers_the_withdrawal_to_the_board_only(client_for, opened, reviewer, leader_a):
    assert (
        url(opened)
        in client_for(reviewer).get(FLOW.reverse("process_detail", args=[opened.pk])).content.decode()
    )
    page = client_for(leader_a).get(FLOW.reverse("process_detail", args=[opened.pk]))
    assert page.status_code == 200 and url(opened) not in page.content.decode()
