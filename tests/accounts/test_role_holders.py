"""One definition of "who holds a role on a unit" (``apps.accounts.permissions.users_with_permission`` /
``holders_of``): exactly the users the permission backend lets act in that role there."""

import pytest
from django.contrib.auth.models import Group
from guardian.shortcuts import assign_perm

from apps.accounts import permissions
from apps.accounts.models import Role
from apps.accounts.services import grant_role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _may_act(user, perm, unit):
    user = type(user).objects.get(pk=user.pk)  # a fresh object: no cached permissions
    return user.has_perm(perm, unit)


def test_a_group_grant_makes_a_holder_as_the_backend_does(unit_a, admin_user):
    via_group = UserFactory(username="via_group")
    group = Group.objects.create(name="board-a")
    via_group.groups.add(group)
    assign_perm(permissions.ORG_BOARD, group, unit_a)

    assert _may_act(via_group, permissions.ORG_BOARD, unit_a)
    assert via_group in permissions.holders_of(Role.ORG_BOARD, unit_a)


def test_holders_include_sub_unit_scopes_and_leave_out_the_inactive(
    province, unit_a, unit_b, reviewer, admin_user
):
    board_a = UserFactory(username="board_a")
    grant_role(user=board_a, role=Role.ORG_BOARD, unit=unit_a, actor=admin_user)
    retired = UserFactory(username="retired", is_active=False)
    grant_role(user=retired, role=Role.ORG_BOARD, unit=unit_a, actor=admin_user)

    assert set(permissions.holders_of(Role.ORG_BOARD, unit_a)) == {
        reviewer,
        board_a,
    }  # reviewer: the province
    assert list(permissions.holders_of(Role.ORG_BOARD, province)) == [reviewer]
    assert list(permissions.holders_of(Role.ORG_BOARD, unit_b)) == [reviewer]


def test_an_inspector_granted_another_role_is_no_holder_of_it(unit_a, inspector, admin_user):
    grant_role(user=inspector, role=Role.ORG_BOARD, unit=unit_a, actor=admin_user)

    assert not _may_act(inspector, permissions.ORG_BOARD, unit_a)  # RolePermissionBackend: read-only
    assert inspector not in permissions.holders_of(Role.ORG_BOARD, unit_a)
    assert inspector in permissions.holders_of(Role.INSPECTION, unit_a)


def test_every_holder_may_act_and_nobody_else_among_the_candidates(
    unit_a, unit_b, leader_a, leader_b, reviewer
):
    holders = set(permissions.holders_of(Role.UNIT_LEADER, unit_a))
    for user in (leader_a, leader_b, reviewer):
        assert (user in holders) == _may_act(user, permissions.UNIT_LEADER, unit_a)


def test_role_permission_strings_come_from_one_table():
    assert permissions.ORG_BOARD == "organisation.act_org_board"
    assert permissions.role_permission(Role.UNIT_LEADER) == permissions.UNIT_LEADER
