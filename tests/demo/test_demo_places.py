"""The demo gives every cadre a home town and every unit a locality as places (R7 reference data), with the
districts dissolved on 1/7/2025 and Bắc Giang merged into Bắc Ninh."""

from datetime import date

import pytest

from apps.cadres import eligibility
from apps.cadres.models import Cadre
from apps.organisation.models import OrgUnit, Position
from apps.places.models import Place

pytestmark = pytest.mark.django_db


def test_cadres_and_units_have_places_and_the_merger_is_kept(demo):
    assert not Cadre.objects.filter(home_place__isnull=True).exists()
    assert not OrgUnit.objects.filter(place__isnull=True).exists()
    communes = OrgUnit.objects.exclude(commune_name="")
    assert communes.exists() and all(u.place.level == "commune" for u in communes.select_related("place"))
    bac_giang = Place.objects.get(code="bac-giang")
    assert bac_giang.valid_to == date(2025, 7, 1) and bac_giang.successor.code == "bac-ninh"
    yen_dung = Place.objects.get(level="district", name="Yên Dũng")
    assert yen_dung.parent == bac_giang and yen_dung.successor.name == "Yên Dũng"
    assert (
        Cadre.objects.exclude(home_place__parent__code="bac-ninh")
        .exclude(home_place__code="bac-ninh")
        .exists()
    )


def test_commune_secretaries_are_judged_non_local_on_places(demo):
    posts = Position.objects.filter(requires_non_local=True).select_related("unit__place")[:3]
    assert posts
    for post in posts:
        facts = eligibility.position_facts(post, demo.seeded_on)
        assert facts.unit_locality is not None and facts.unit_locality.local == post.unit.place.code
