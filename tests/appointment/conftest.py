"""Personas and registry data for the appointment procedure tests."""

from datetime import date

import pytest

from apps.accounts.models import Role
from apps.accounts.services import grant_role
from apps.cadres.models import PoliticalConclusion
from tests.factories import CadreFactory, PositionFactory, UserFactory


@pytest.fixture
def position(unit_a):
    return PositionFactory(unit=unit_a, title="Phó Giám đốc Sở Nội vụ", seats=1, term_years=5)


@pytest.fixture
def leadership(province, admin_user):
    user = UserFactory(username="leadership")
    grant_role(user=user, role=Role.LEADERSHIP, unit=province, include_descendants=True, actor=admin_user)
    return user


@pytest.fixture
def reviewer_b(unit_b, admin_user):
    """An organisation-board reviewer whose scope is unit B only."""
    user = UserFactory(username="reviewer_b")
    grant_role(user=user, role=Role.ORG_BOARD, unit=unit_b, include_descendants=True, actor=admin_user)
    return user


def make_candidate(unit, **kwargs):
    cadre = CadreFactory(current_unit=unit, **kwargs)
    PoliticalConclusion.objects.create(
        cadre=cadre,
        status=PoliticalConclusion.Status.CONCLUDED,
        result=PoliticalConclusion.Result.MEETS,
        issuer="Ban Thường vụ Tỉnh ủy",
        concluded_on=date.today(),
    )
    return cadre
