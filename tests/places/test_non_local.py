"""R7 compares places, following mergers (issue 9 point 13): "Bac Ninh" typed without accents, "huyện Yên Dũng"
(a district dissolved into phường Yên Dũng) and "Bắc Giang" (merged into Bắc Ninh on 1/7/2025) are the same
locality as Bắc Ninh / Yên Dũng and must not pass as non-local."""

from datetime import date

import pytest

from apps.cadres import eligibility
from apps.cadres.models import Cadre
from apps.organisation.models import OrgUnit
from apps.places import locality
from apps.places.matching import match_cadres, match_units
from apps.places.models import Place
from tests.factories import CadreFactory, OrgUnitFactory, PositionFactory

pytestmark = pytest.mark.django_db

AFTER = date(2026, 11, 26)
BEFORE = date(2025, 6, 30)


def non_local(cadre, position, on=AFTER):
    facts = eligibility.gather_facts(cadre, position, on)
    return eligibility.check_non_local(facts, eligibility.position_facts(position, on))


@pytest.fixture
def provincial_post(province, bac_ninh):
    unit = OrgUnitFactory(parent=province, name="Sở Nội vụ", place=bac_ninh)
    return PositionFactory(unit=unit, requires_non_local=True)


@pytest.fixture
def commune_post(province, phuong_yen_dung):
    unit = OrgUnitFactory(
        parent=province, name="UBND phường Yên Dũng", commune_name="Yên Dũng", place=phuong_yen_dung
    )
    return PositionFactory(unit=unit, requires_non_local=True)


def test_a_home_province_typed_without_accents_is_the_same_province(provincial_post):
    cadre = CadreFactory(home_province="Bac Ninh", home_commune="")
    result = non_local(cadre, provincial_post)
    assert result.code == "non_local" and not result.passed
    # and once matched by the data migration's matcher, it is the place Bắc Ninh
    match_cadres(Cadre, Place)
    cadre.refresh_from_db()
    assert cadre.home_place.code == "bac-ninh"
    assert not non_local(cadre, provincial_post).passed


def test_a_former_district_is_the_commune_that_succeeded_it(commune_post, huyen_yen_dung):
    cadre = CadreFactory(home_place=huyen_yen_dung, home_province="Bắc Giang", home_commune="huyện Yên Dũng")
    assert not non_local(cadre, commune_post).passed
    typed = CadreFactory(
        home_province="Bắc Giang", home_commune="huyện Yên Dũng"
    )  # no place: typed text only
    assert not non_local(typed, commune_post).passed


def test_a_merged_province_is_its_successor_from_the_day_of_the_merger(provincial_post, bac_giang):
    cadre = CadreFactory(home_place=bac_giang, home_province="Bắc Giang")
    assert not non_local(cadre, provincial_post, on=AFTER).passed
    assert not non_local(cadre, provincial_post, on=date(2025, 7, 1)).passed
    # before 1/7/2025 Bắc Giang was another province
    assert non_local(cadre, provincial_post, on=BEFORE).passed


def test_a_cadre_from_another_province_or_commune_is_non_local(
    provincial_post, commune_post, ha_noi, xa_tien_du
):
    assert non_local(CadreFactory(home_place=ha_noi, home_province="Hà Nội"), provincial_post).passed
    assert non_local(CadreFactory(home_place=xa_tien_du), commune_post).passed
    assert non_local(CadreFactory(home_place=ha_noi), commune_post).passed


def test_an_unknown_home_or_unit_locality_is_never_non_local(province, provincial_post, bac_ninh):
    assert not non_local(CadreFactory(home_province="Atlantis", home_commune=""), provincial_post).passed
    nowhere = PositionFactory(
        unit=OrgUnitFactory(parent=province, province_name="", commune_name=""), requires_non_local=True
    )
    assert not non_local(CadreFactory(home_place=bac_ninh), nowhere).passed
    # a commune post and a home recorded only as the same province: the home commune is unknown
    commune_unit = OrgUnitFactory(parent=province, commune_name="Tiên Du", place=None)
    Place.objects.create(code="bn-tien-du", kind="Xã", name="Tiên Du", level="commune", parent=bac_ninh)
    post = PositionFactory(unit=commune_unit, requires_non_local=True)
    assert not non_local(CadreFactory(home_place=bac_ninh), post).passed


def test_the_locality_follows_successors_only_from_the_day_they_apply(bac_giang, huyen_yen_dung):
    assert locality.locality_on(bac_giang, BEFORE).province == "bac-giang"
    assert locality.locality_on(bac_giang, AFTER).province == "bac-ninh"
    assert locality.locality_on(huyen_yen_dung, BEFORE).province == "bac-giang"
    after = locality.locality_on(huyen_yen_dung, AFTER)
    assert (after.province, after.local) == ("bac-ninh", "bn-phuong-yen-dung")


def test_the_matcher_is_blind_to_accents_case_and_prefixes(huyen_yen_dung, phuong_yen_dung):
    places = Place.objects.all()
    assert locality.match(places, "BẮC GIANG", "Huyện Yên Dũng") == huyen_yen_dung
    assert locality.match(places, "Bac Ninh", "phuong yen dung") == phuong_yen_dung
    # "Yên Dũng" under Bắc Ninh finds the commune; under Bắc Giang the district
    assert locality.match(places, "Tỉnh Bắc Ninh", "Yên Dũng") == phuong_yen_dung
    assert locality.match(places, "Bắc Giang", "Yên Dũng") == phuong_yen_dung  # the current one first
    assert locality.match(places, "Atlantis", "Yên Dũng") is None
    assert locality.match(places, "Hà Nội", "Nowhere").code == "ha-noi"


def test_matching_existing_records_leaves_the_unmatched_empty_and_lists_them(province, bac_ninh):
    matched = CadreFactory(code="CB-1", home_province="Bac Ninh")
    unmatched = CadreFactory(code="CB-2", home_province="Atlantis")
    count, missing = match_cadres(Cadre, Place)
    assert count >= 1 and ("CB-2", "Atlantis") in missing
    matched.refresh_from_db()
    unmatched.refresh_from_db()
    assert matched.home_place == bac_ninh and unmatched.home_place is None
    unit = OrgUnitFactory(parent=province, province_name="bắc ninh")
    match_units(OrgUnit, Place)
    unit.refresh_from_db()
    assert unit.place == bac_ninh


def test_the_match_places_command_matches_and_lists_the_rest(province, bac_ninh):
    from io import StringIO

    from django.core.management import call_command

    CadreFactory(code="CB-7", home_province="BẮC NINH")
    CadreFactory(code="CB-8", home_province="Atlantis")
    out = StringIO()
    call_command("match_places", stdout=out)
    assert Cadre.objects.get(code="CB-7").home_place == bac_ninh
    assert Cadre.objects.get(code="CB-8").home_place is None
    assert "CB-8: Atlantis" in out.getvalue()
