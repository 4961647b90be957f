"""The cadre form picks the home town as a place (R7 reference data); a typed home is matched to a place."""

import pytest
from django.urls import reverse

from apps.audit.models import AuditEntry
from apps.cadres.models import Cadre
from tests.cadres.test_forms import _cadre_post

pytestmark = pytest.mark.django_db


def test_the_form_offers_places_and_saves_the_picked_one(client_for, reviewer, unit_a, huyen_yen_dung):
    client = client_for(reviewer)
    page = client.get(reverse("registry:cadres:add"))
    assert page.status_code == 200
    assert huyen_yen_dung.pk in [p.pk for p in page.context["form"].fields["home_place"].queryset]

    response = client.post(
        reverse("registry:cadres:add"),
        _cadre_post(unit_a, home_place=huyen_yen_dung.pk, home_province="", home_commune=""),
    )

    assert response.status_code == 302
    cadre = Cadre.objects.get(code="CB-900")
    assert cadre.home_place == huyen_yen_dung
    assert (cadre.home_province, cadre.home_commune) == ("Bắc Giang", "Huyện Yên Dũng")
    assert AuditEntry.objects.filter(action="cadre.created", object_id=str(cadre.pk)).exists()


def test_a_typed_home_without_accents_becomes_the_place(client_for, reviewer, unit_a, bac_ninh):
    response = client_for(reviewer).post(
        reverse("registry:cadres:add"), _cadre_post(unit_a, home_province="bac ninh")
    )
    assert response.status_code == 302
    cadre = Cadre.objects.get(code="CB-900")
    assert cadre.home_place == bac_ninh and cadre.home_province == "Bắc Ninh"


def test_no_home_at_all_is_refused_and_nothing_is_saved(client_for, reviewer, unit_a):
    before = (Cadre.objects.count(), AuditEntry.objects.count())
    response = client_for(reviewer).post(
        reverse("registry:cadres:add"), _cadre_post(unit_a, home_province="", home_commune="")
    )
    assert response.status_code == 200
    assert "home_place" in response.context["form"].errors
    assert (Cadre.objects.count(), AuditEntry.objects.count()) == before
