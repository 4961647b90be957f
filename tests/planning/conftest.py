"""Registry data and personas for the planning review: a post of unit A (rank 5) with two cadres planned for it,
one of them over age; cadres who may enter the planning; the board and the leadership."""

from datetime import date, timedelta

import pytest

from apps.cadres.models import PoliticalConclusion
from tests.appointment.conftest import leadership, reviewer_b  # noqa: F401
from tests.factories import CadreFactory, PlanningEntryFactory, PositionFactory


@pytest.fixture(autouse=True)
def _collectives(request):
    from tests.collectives import seed_registry_collectives

    seed_registry_collectives(request)


def make_cadre(unit, *, concluded=True, result="meets", **kwargs):
    cadre = CadreFactory(current_unit=unit, **kwargs)
    if concluded:
        PoliticalConclusion.objects.create(
            cadre=cadre,
            status=PoliticalConclusion.Status.CONCLUDED,
            result=result,
            issuer="Ban Thường vụ Tỉnh ủy",
            concluded_on=date.today() - timedelta(days=30),
        )
    return cadre


@pytest.fixture
def post(unit_a):
    return PositionFactory(unit=unit_a, title="Giám đốc Sở Nội vụ", rank=5, seats=1, term_years=5)


@pytest.fixture
def planned(unit_a, post):
    """Two cadres in the planning of the post: one young enough, one who can no longer serve two terms."""
    young = make_cadre(unit_a, full_name="Nguyễn Văn Trẻ", birth_date=date(1985, 3, 1))
    old = make_cadre(unit_a, full_name="Trần Văn Già", birth_date=date(1968, 3, 1))
    entries = [
        PlanningEntryFactory(cadre=young, position=post, approved_on=date(2024, 6, 1)),
        PlanningEntryFactory(cadre=old, position=post, approved_on=date(2024, 6, 1)),
    ]
    return young, old, entries


@pytest.fixture
def newcomer(unit_a):
    return make_cadre(unit_a, full_name="Lê Thị Mới", birth_date=date(1988, 9, 9), gender="female")


@pytest.fixture
def outsider(unit_b):
    return make_cadre(unit_b, full_name="Phạm Văn Ngoài", birth_date=date(1986, 1, 1))
