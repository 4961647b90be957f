"""Registry data for the rotation: a commune level under the province, a cadre holding a rank-3 post in unit A
and a vacant rank-3 post in unit B (horizontal), the board and the leadership."""

from datetime import date

import pytest

from tests.appointment.conftest import leadership, reviewer_b  # noqa: F401
from tests.factories import PositionFactory, TenureFactory
from tests.planning.conftest import make_cadre


@pytest.fixture(autouse=True)
def _collectives(request):
    from tests.collectives import seed_registry_collectives

    seed_registry_collectives(request)


@pytest.fixture
def home_post(unit_a):
    return PositionFactory(unit=unit_a, title="Phó Giám đốc Sở Nội vụ", rank=3, seats=1)


@pytest.fixture
def target_post(unit_b):
    return PositionFactory(unit=unit_b, title="Phó Giám đốc Sở Tài chính", rank=3, seats=1)


@pytest.fixture
def rotated_cadre(unit_a, home_post):
    cadre = make_cadre(unit_a, full_name="Hoàng Văn Luân", birth_date=date(1984, 4, 4))
    TenureFactory(cadre=cadre, position=home_post, start_date=date(2023, 1, 1), term_end=date(2028, 1, 1))
    return cadre
