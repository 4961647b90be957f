import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from apps.accounts import permissions
from apps.accounts.models import RoleAssignment
from apps.accounts.services import withdraw_role
from apps.audit.models import AuditEntry
from apps.cadres.models import Cadre
from tests.factories import CadreFactory, OrgUnitFactory

pytestmark = pytest.mark.django_db


def test_a_unit_leader_sees_their_unit_and_its_sub_units_only(leader_a, unit_a, unit_b):
    sub = OrgUnitFactory(code="snv-p1", parent=unit_a)
    assert permissions.can(leader_a, "view", unit_a)
    assert permissions.can(leader_a, "view", sub)
    assert not permissions.can(leader_a, "view", unit_b)


def test_restrict_filters_a_queryset_to_the_scope(leader_a, unit_a, unit_b):
    mine = CadreFactory(current_unit=unit_a)
    CadreFactory(current_unit=unit_b)
    assert list(permissions.restrict(Cadre.objects.all(), leader_a)) == [mine]


def test_require_gives_404_out_of_scope_and_403_in_scope_without_the_action(leader_a, unit_a, unit_b):
    with pytest.raises(Http404):
        permissions.require(leader_a, "view", unit_b)
    with pytest.raises(PermissionDenied):
        permissions.require(leader_a, "decide", unit_a)
    assert permissions.require(leader_a, "start_procedure", unit_a) == unit_a


def test_withdrawing_a_role_removes_the_object_permissions(leader_a, unit_a, admin_user):
    assignment = RoleAssignment.objects.get(user=leader_a)
    withdraw_role(assignment=assignment, actor=admin_user)
    assert not permissions.can(leader_a, "view", unit_a)
    assert not leader_a.has_perm("organisation.act_unit_leader", unit_a)
    assert AuditEntry.objects.filter(action="role.withdrawn").count() == 1


def test_the_guardian_permission_is_what_viewflow_checks(leader_a, unit_a, unit_b):
    assert leader_a.has_perm("organisation.act_unit_leader", unit_a)
    assert not leader_a.has_perm("organisation.act_unit_leader", unit_b)


def test_role_grant_history_records_the_acting_user(leader_a, admin_user):
    assignment = RoleAssignment.objects.get(user=leader_a)
    assert assignment.history.first().history_user == admin_user


def test_anonymous_and_inactive_users_can_do_nothing(unit_a, leader_a):
    from django.contrib.auth.models import AnonymousUser

    assert not permissions.can(AnonymousUser(), "view", unit_a)
    leader_a.is_active = False
    assert not permissions.can(leader_a, "view", unit_a)
