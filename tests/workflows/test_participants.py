"""The unit each participant acted in: the role assignment through which they held the step's permission."""

import pytest
from django.utils import timezone

from apps.accounts.models import Role, RoleAssignment
from apps.accounts.services import grant_role
from tests.appointment.helpers import claim_and_execute, latest_process, propose
from tests.factories import UserFactory
from workflows.appointment.flows import AppointmentFlow
from workflows.appointment.services import participants
from workflows.common.participants import acting_units

pytestmark = pytest.mark.django_db


@pytest.fixture
def local_reviewer(unit_a, province, admin_user):
    """A board reviewer of unit A who also reviews for the whole province: the unit-A assignment is the one
    by which they act on a unit-A procedure."""
    user = UserFactory(username="local_reviewer")
    grant_role(user=user, role=Role.ORG_BOARD, unit=province, include_descendants=True, actor=admin_user)
    grant_role(user=user, role=Role.ORG_BOARD, unit=unit_a, include_descendants=False, actor=admin_user)
    return user


def test_each_participant_carries_the_unit_of_the_role_they_acted_in(
    client_for, leader_a, reviewer, local_reviewer, position, province, unit_a
):
    propose(client_for(leader_a), position)
    process = latest_process()
    claim_and_execute(
        client_for(local_reviewer),
        process,
        AppointmentFlow.policy_review,
        {"decision": "returned", "reason": "x"},
    )
    claim_and_execute(
        client_for(leader_a), process, AppointmentFlow.revise, {"seats": 1, "job_needs": "a", "criteria": "b"}
    )
    claim_and_execute(client_for(reviewer), process, AppointmentFlow.policy_review, {"decision": "approved"})
    rows = [(user.username, role, unit) for user, role, unit in participants(process)]
    assert rows == [
        ("leader_a", "proposer", unit_a),
        ("local_reviewer", "reviewer", unit_a),  # the most specific of their two assignments
        ("leader_a", "proposer", unit_a),
        ("reviewer", "reviewer", province),  # the province's board, not the procedure's unit
    ]


def test_a_role_withdrawn_after_the_step_still_names_the_unit_acted_in(
    client_for, leader_a, reviewer, position, province
):
    propose(client_for(leader_a), position)
    process = latest_process()
    claim_and_execute(client_for(reviewer), process, AppointmentFlow.policy_review, {"decision": "approved"})
    RoleAssignment.objects.filter(user=reviewer).update(withdrawn_at=timezone.now())
    task = process.task_set.get(flow_task=AppointmentFlow.policy_review)
    assert acting_units([task], process.unit)[task.pk] == province


def test_without_any_assignment_the_steps_unit_stands_in(client_for, leader_a, admin_user, position, unit_a):
    propose(client_for(leader_a), position)
    process = latest_process()
    task = process.task_set.get(flow_task=AppointmentFlow.policy_review)
    task.owner = admin_user  # a superuser acts without a role assignment
    assert acting_units([task], process.unit) == {task.pk: unit_a}
