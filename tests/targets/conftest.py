"""A small registry for the targets tests: a province, two departments and three communes, with known holders.

Measured on 31/12/2025. Holders of rank-5+ posts in the departments:
  A: head (woman, 35, no language), deputy 1 (man, 45, A2), deputy 2 (woman, 50, B2); division head (woman, 30,
     rank 4: outside the rank-5 population); a former deputy (woman) whose tenure ended on 30/12/2025; a future one
     (woman) starting on 1/1/2026.
  B: head (man, 38, B1), who also holds a second rank-5 post in B (counted once).
"""

from datetime import date

import pytest

from apps.organisation.models import OrgUnit

from ..factories import CadreFactory, OrgUnitFactory, PositionFactory, TenureFactory, UnitLevelFactory

ON = date(2025, 12, 31)


def holder(
    position, *, gender="male", birth=date(1980, 1, 1), language="", home="Bắc Ninh", commune="", **kw
):
    cadre = CadreFactory(
        gender=gender,
        birth_date=birth,
        foreign_language_level=language or "none",
        home_province=home,
        home_commune=commune,
        current_unit=position.unit,
    )
    return TenureFactory(cadre=cadre, position=position, start_date=kw.pop("start", date(2021, 1, 1)), **kw)


@pytest.fixture
def registry(province, unit_a, unit_b):
    head_a = PositionFactory(unit=unit_a, title="Giám đốc Sở Nội vụ", rank=7)
    deputy_a = PositionFactory(unit=unit_a, title="Phó Giám đốc Sở Nội vụ", rank=6, seats=4)
    division_a = PositionFactory(unit=unit_a, title="Trưởng phòng Công chức", rank=4)
    head_b = PositionFactory(unit=unit_b, title="Giám đốc Sở Tài chính", rank=7)
    extra_b = PositionFactory(unit=unit_b, title="Trưởng Ban chỉ đạo", rank=5)
    holder(head_a, gender="female", birth=date(1990, 6, 1))
    holder(deputy_a, birth=date(1980, 6, 1), language="A2")
    holder(deputy_a, gender="female", birth=date(1975, 6, 1), language="B2", seat_number=2)
    holder(division_a, gender="female", birth=date(1995, 6, 1))
    holder(deputy_a, gender="female", seat_number=3, ended_on=date(2025, 12, 30), end_reason="resigned")
    holder(deputy_a, gender="female", seat_number=4, start=date(2026, 1, 1))
    b = holder(head_b, birth=date(1987, 6, 1), language="B1")
    TenureFactory(cadre=b.cadre, position=extra_b, start_date=date(2022, 1, 1))
    return {"unit_a": unit_a, "unit_b": unit_b, "head_a": head_a, "deputy_a": deputy_a}


@pytest.fixture
def communes(province):
    """Three communes with a party secretary and a chair each; a non-local holder in the first two."""
    level = UnitLevelFactory(code="commune", name="Cấp xã", order=3)
    units = []
    for i, (secretary_home, chair_home) in enumerate(
        [("Lim", "Tiên Du 1"), ("Tiên Du 2", "Đông Anh"), ("Tiên Du 3", "Tiên Du 3")], 1
    ):
        unit = OrgUnitFactory(
            code=f"xa{i}",
            name=f"Xã Tiên Du {i}",
            level=level,
            parent=province,
            kind=OrgUnit.Kind.PARTY,
            commune_name=f"Tiên Du {i}",
        )
        secretary = PositionFactory(unit=unit, title=f"Bí thư Đảng ủy xã {i}", rank=6)
        chair = PositionFactory(unit=unit, title=f"Chủ tịch Ủy ban nhân dân xã {i}", rank=5, is_elected=True)
        holder(secretary, commune=secretary_home)
        holder(chair, commune=chair_home, gender="female")
        units.append(unit)
    return units
