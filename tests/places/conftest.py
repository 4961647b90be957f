"""Places of the tests: the provinces come from the ``places`` data migration (Bắc Giang merged into Bắc Ninh on
1/7/2025); a former district and a commune of the merged province are added here."""

from datetime import date

import pytest

from apps.places.models import Place

REFORM = date(2025, 7, 1)


@pytest.fixture
def bac_ninh(db):
    return Place.objects.get(code="bac-ninh")


@pytest.fixture
def bac_giang(db):
    return Place.objects.get(code="bac-giang")


@pytest.fixture
def ha_noi(db):
    return Place.objects.get(code="ha-noi")


@pytest.fixture
def phuong_yen_dung(bac_ninh):
    return Place.objects.create(
        code="bn-phuong-yen-dung",
        kind="Phường",
        name="Yên Dũng",
        level="commune",
        parent=bac_ninh,
        valid_from=REFORM,
    )


@pytest.fixture
def huyen_yen_dung(bac_giang, phuong_yen_dung):
    return Place.objects.create(
        code="bg-huyen-yen-dung",
        kind="Huyện",
        name="Yên Dũng",
        level="district",
        parent=bac_giang,
        valid_to=REFORM,
        successor=phuong_yen_dung,
    )


@pytest.fixture
def xa_tien_du(bac_ninh):
    return Place.objects.create(
        code="bn-xa-tien-du", kind="Xã", name="Tiên Du", level="commune", parent=bac_ninh, valid_from=REFORM
    )
