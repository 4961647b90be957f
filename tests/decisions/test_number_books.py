"""Each issuer has its own number book and suffix, kept as data (issue 9 §7): QĐ-UBND for the province's People's
Committee, QĐ-SNV for Sở Nội vụ, QĐ-TU for the provincial party committee; numbers unique per issuer and year."""

import pytest
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from apps.audit.models import AuditEntry
from apps.decisions.models import Decision, IssuerProfile
from apps.decisions.symbols import default_symbol
from apps.organisation.models import OrgUnit
from tests.factories import CadreFactory, OrgUnitFactory, PositionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def issuers(province, unit_a):
    party = OrgUnitFactory(code="tu", name="Tỉnh ủy Bắc Ninh", kind=OrgUnit.Kind.PARTY, parent=province)
    return {"province": province, "snv": unit_a, "party": party}


@pytest.fixture
def appoint(draft, sign, unit_a):
    def run(authority):
        position = PositionFactory(unit=unit_a, authority=authority)
        decision = draft(position=position, cadre=CadreFactory(current_unit=unit_a), authority=authority)
        return sign(decision)

    return run


def test_three_issuers_give_three_different_numbers(appoint, issuers):
    numbers = [appoint(issuers[key]).number for key in ("province", "snv", "party")]
    assert numbers == ["1/QĐ-UBND", "1/QĐ-SNV", "1/QĐ-TU"]
    assert appoint(issuers["snv"]).number == "2/QĐ-SNV"


def test_the_suffix_is_data_the_administrator_changes(appoint, issuers, clerk):
    appoint(issuers["snv"])
    profile = IssuerProfile.objects.get(authority=issuers["snv"])
    assert profile.symbol == "QĐ-SNV"
    assert AuditEntry.objects.filter(
        action="decision.issuer_profile_created", object_id=str(profile.pk)
    ).exists()
    profile.symbol = "QĐ-SNVBN"
    profile.save()
    assert appoint(issuers["snv"]).number == "2/QĐ-SNVBN"


def test_two_decisions_of_one_issuer_cannot_share_a_number_in_a_year(appoint, issuers):
    first = appoint(issuers["snv"])
    clash = appoint(issuers["province"])
    assert Decision.objects.filter(authority=issuers["snv"]).count() == 1
    with pytest.raises(IntegrityError), transaction.atomic():
        # past the services (which refuse any change to a signed decision), straight to the database constraint
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE decisions_decision SET authority_id = %s, sequence = %s WHERE id = %s",
                [first.authority_id, first.sequence, clash.pk],
            )


@pytest.mark.parametrize(
    ("name", "kind", "top", "symbol"),
    [
        ("Tỉnh Bắc Ninh", "state", True, "QĐ-UBND"),
        ("Ủy ban nhân dân xã Tam Sơn", "state", False, "QĐ-UBND"),
        ("Xã Tam Sơn", "state", False, "QĐ-UBND"),
        ("Sở Nội vụ", "state", False, "QĐ-SNV"),
        ("Sở Tài chính", "state", False, "QĐ-STC"),
        ("Tỉnh ủy Bắc Ninh", "party", False, "QĐ-TU"),
        ("Đảng ủy xã Tam Sơn", "party", False, "QĐ-ĐU"),
    ],
)
def test_the_first_suffix_follows_the_issuers_name(name, kind, top, symbol):
    assert default_symbol(name, kind, top_level=top) == symbol


def test_the_decision_pages_show_each_issuers_number(client_for, reviewer, appoint, issuers):
    by_snv, by_province = appoint(issuers["snv"]), appoint(issuers["province"])
    body = client_for(reviewer).get(reverse("decisions:decisions:index")).content.decode()
    assert "1/QĐ-SNV" in body and "1/QĐ-UBND" in body
    page = client_for(reviewer).get(reverse("decisions:decisions:detail", args=[by_snv.pk]))
    assert page.status_code == 200 and "1/QĐ-SNV" in page.content.decode()
    assert by_province.number == "1/QĐ-UBND"


def test_the_data_migration_gives_each_existing_issuer_its_own_suffix(province, unit_a, unit_b):
    import importlib

    from django.apps import apps

    migration = importlib.import_module(
        "apps.decisions.migrations.0004_issuer_profiles_with_their_own_suffixes"
    )
    PositionFactory(unit=unit_a, authority=province)
    PositionFactory(unit=unit_a, authority=unit_a)
    PositionFactory(unit=unit_b, authority=unit_b)
    IssuerProfile.objects.create(authority=unit_b, symbol="QĐ-TC")  # configured already: left as it is

    migration.give_suffixes(apps, None)

    assert dict(IssuerProfile.objects.values_list("authority__code", "symbol")) == {
        province.code: "QĐ-UBND",
        unit_a.code: "QĐ-SNV",
        unit_b.code: "QĐ-TC",
    }
