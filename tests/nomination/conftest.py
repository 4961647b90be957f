"""Personas and registry data for the nomination procedure tests."""

import pytest

from apps.accounts.models import Role
from apps.accounts.services import grant_role
from tests.factories import PositionFactory, UserFactory
from tests.signers import seat_signer


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """Uploaded minutes and signed PDFs go to the test's own folders, never the checkout's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"
    return settings


@pytest.fixture
def elected_position(unit_a):
    """Three seats filled by election (e.g. members of a standing committee)."""
    return PositionFactory(
        unit=unit_a, title="Ủy viên Ban Thường vụ", seats=3, term_years=5, is_elected=True, rank=4
    )


@pytest.fixture
def leadership(province, admin_user):
    user = UserFactory(username="leadership")
    grant_role(user=user, role=Role.LEADERSHIP, unit=province, include_descendants=True, actor=admin_user)
    seat_signer(user, province)  # signs from the registry (issue 9 §8)
    return user


@pytest.fixture
def reviewer_b(unit_b, admin_user):
    """An organisation-board reviewer whose scope is unit B only."""
    user = UserFactory(username="reviewer_b")
    grant_role(user=user, role=Role.ORG_BOARD, unit=unit_b, include_descendants=True, actor=admin_user)
    return user


@pytest.fixture
def leadership_b(unit_b, admin_user):
    user = UserFactory(username="leadership_b")
    grant_role(user=user, role=Role.LEADERSHIP, unit=unit_b, include_descendants=True, actor=admin_user)
    return user
