"""Personas and registry data for the appointment procedure tests."""

from datetime import date

import pytest

from apps.accounts.models import Role
from apps.accounts.services import grant_role
from apps.cadres.models import PoliticalConclusion
from tests.factories import CadreFactory, PositionFactory, UserFactory
from tests.signers import seat_signer


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """Uploaded minutes and signed PDFs go to the test's own folders, never the checkout's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"
    return settings


@pytest.fixture(autouse=True)
def _collectives(request):
    """The units' leadership collectives in the registry (issue 9 point 10: sizes are data)."""
    from tests.collectives import seed_registry_collectives

    seed_registry_collectives(request)


@pytest.fixture
def position(unit_a):
    return PositionFactory(unit=unit_a, title="Phó Giám đốc Sở Nội vụ", seats=1, term_years=5)


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


def make_eligible(unit, position, **kwargs):
    """A cadre who meets every appointment condition for `position` today (first appointment to a post)."""
    from datetime import timedelta

    from tests.factories import (
        AchievementFactory,
        AssetDeclarationFactory,
        EvaluationFactory,
        PlanningEntryFactory,
    )

    today = date.today()
    cadre = make_candidate(unit, resume_verified_on=today - timedelta(days=30), **kwargs)
    for year in range(today.year - 4, today.year + 1):
        EvaluationFactory(cadre=cadre, year=year, rating="good")
    AchievementFactory(
        cadre=cadre,
        achieved_on=today - timedelta(days=200),
        recognised_by="UBND tỉnh",
        recognised_on=today - timedelta(days=150),
    )
    PlanningEntryFactory(cadre=cadre, position=position, approved_on=today - timedelta(days=400))
    AssetDeclarationFactory(
        cadre=cadre,
        year=today.year,
        declared_on=today - timedelta(days=40),
        verified_on=today - timedelta(days=20),
    )
    return cadre
