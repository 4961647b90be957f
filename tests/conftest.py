"""Shared fixtures: a small province and one persona per role.

Personas: unit leader of A, unit leader of B, organisation-board reviewer (whole province), inspector (whole
province, read-only), admin (superuser), and the anonymous client.
"""

import pytest
from django.test import Client

from apps.accounts.models import Role
from apps.accounts.services import grant_role

from .factories import OrgUnitFactory, UnitLevelFactory, UserFactory


@pytest.fixture(autouse=True)
def _urlconf_loaded():
    """Viewflow's Node.reverse() needs the viewset tree that ``site.urls`` builds."""
    import config.urls  # noqa: F401


@pytest.fixture
def province(db):
    level = UnitLevelFactory(code="province", name="Cấp tỉnh", order=0)
    return OrgUnitFactory(code="bn", name="Tỉnh Bắc Ninh", level=level, parent=None)


@pytest.fixture
def unit_a(province):
    return OrgUnitFactory(code="snv", name="Sở Nội vụ", parent=province)


@pytest.fixture
def unit_b(province):
    return OrgUnitFactory(code="stc", name="Sở Tài chính", parent=province)


@pytest.fixture
def admin_user(db):
    return UserFactory(username="admin", is_staff=True, is_superuser=True)


def _persona(username, role, unit, admin_user):
    user = UserFactory(username=username)
    grant_role(user=user, role=role, unit=unit, include_descendants=True, actor=admin_user)
    return user


@pytest.fixture
def leader_a(unit_a, admin_user):
    return _persona("leader_a", Role.UNIT_LEADER, unit_a, admin_user)


@pytest.fixture
def leader_b(unit_b, admin_user):
    return _persona("leader_b", Role.UNIT_LEADER, unit_b, admin_user)


@pytest.fixture
def reviewer(province, admin_user):
    return _persona("reviewer", Role.ORG_BOARD, province, admin_user)


@pytest.fixture
def inspector(province, admin_user):
    return _persona("inspector", Role.INSPECTION, province, admin_user)


@pytest.fixture
def client_for():
    """``client_for(user)`` → a test client logged in as `user` (None: anonymous)."""

    def make(user=None):
        client = Client()
        if user is not None:
            client.force_login(user)
        return client

    return make
