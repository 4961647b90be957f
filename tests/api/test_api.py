"""The REST API: scope isolation per endpoint, read-only everywhere, constant query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.audit.models import AuditEntry
from apps.audit.services import record
from apps.cadres.models import Cadre
from tests.factories import CadreFactory, OrgUnitFactory, PositionFactory, TenureFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry(unit_a, unit_b):
    pos_a = PositionFactory(unit=unit_a, seats=2)
    pos_b = PositionFactory(unit=unit_b)
    cadre_a = CadreFactory(current_unit=unit_a, full_name="Nguyễn Văn An")
    cadre_b = CadreFactory(current_unit=unit_b, full_name="Trần Thị Bình")
    TenureFactory(cadre=cadre_a, position=pos_a)
    return {"pos_a": pos_a, "pos_b": pos_b, "cadre_a": cadre_a, "cadre_b": cadre_b}


def ids(response):
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def test_anonymous_users_get_nothing(client_for, registry):
    for url in ["/api/v1/units/", "/api/v1/cadres/", "/api/v1/positions/", "/api/v1/decisions/"]:
        assert client_for().get(url).status_code in (302, 401, 403)


def test_a_unit_leader_lists_only_their_unit(client_for, leader_a, registry, unit_a, unit_b):
    client = client_for(leader_a)
    assert ids(client.get("/api/v1/units/")) == {unit_a.pk}
    assert ids(client.get("/api/v1/cadres/")) == {registry["cadre_a"].pk}
    assert ids(client.get("/api/v1/positions/")) == {registry["pos_a"].pk}


def test_out_of_scope_detail_is_a_404_like_a_missing_one(client_for, leader_a, registry):
    client = client_for(leader_a)
    assert client.get(f"/api/v1/cadres/{registry['cadre_a'].pk}/").status_code == 200
    assert client.get(f"/api/v1/cadres/{registry['cadre_b'].pk}/").status_code == 404
    assert client.get("/api/v1/cadres/999999/").status_code == 404


def test_the_reviewer_of_the_province_lists_everything(client_for, reviewer, registry):
    assert ids(client_for(reviewer).get("/api/v1/cadres/")) == {
        registry["cadre_a"].pk,
        registry["cadre_b"].pk,
    }


def test_vacancies_are_computed(client_for, reviewer, registry):
    rows = {r["id"]: r for r in client_for(reviewer).get("/api/v1/positions/").json()["results"]}
    assert rows[registry["pos_a"].pk]["occupied"] == 1
    assert rows[registry["pos_a"].pk]["vacancies"] == 1
    vacant = ids(client_for(reviewer).get("/api/v1/positions/?vacant=1"))
    assert registry["pos_a"].pk in vacant and registry["pos_b"].pk in vacant


def test_search_by_name(client_for, reviewer, registry):
    assert ids(client_for(reviewer).get("/api/v1/cadres/", {"q": "Bình"})) == {registry["cadre_b"].pk}


def test_the_api_is_read_only(client_for, reviewer, registry):
    client = client_for(reviewer)
    cadre = registry["cadre_a"]
    before = Cadre.objects.get(pk=cadre.pk).full_name
    assert client.post("/api/v1/cadres/", {"full_name": "X"}).status_code == 405
    assert (
        client.patch(
            f"/api/v1/cadres/{cadre.pk}/", {"full_name": "X"}, content_type="application/json"
        ).status_code
        == 405
    )
    assert client.delete(f"/api/v1/cadres/{cadre.pk}/").status_code == 405
    assert Cadre.objects.get(pk=cadre.pk).full_name == before


def test_only_the_inspection_commission_reads_the_audit_log(
    client_for, inspector, reviewer, leader_a, admin_user
):
    record("test.event", None, actor=admin_user, data={"x": 1})
    assert client_for(inspector).get("/api/v1/audit-entries/").status_code == 200
    assert client_for(reviewer).get("/api/v1/audit-entries/").status_code == 403
    assert client_for(leader_a).get("/api/v1/audit-entries/").status_code == 403


def test_no_one_can_change_or_delete_an_audit_entry_through_the_api(client_for, inspector, admin_user):
    entry = record("test.event", None, actor=admin_user, data={"x": 1})
    for client in (client_for(inspector), client_for(admin_user)):
        url = f"/api/v1/audit-entries/{entry.seq}/"
        assert client.get(url).status_code == 200
        assert client.delete(url).status_code == 405
        assert client.put(url, {"action": "forged"}, content_type="application/json").status_code == 405
    entry.refresh_from_db()
    assert entry.action == "test.event" and AuditEntry.objects.count() >= 1


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


@pytest.mark.parametrize("url", ["/api/v1/cadres/", "/api/v1/positions/", "/api/v1/units/"])
def test_list_endpoints_keep_a_constant_number_of_queries(client_for, reviewer, unit_a, url):
    client = client_for(reviewer)

    def grow(n):
        for _ in range(n):
            unit = OrgUnitFactory(parent=unit_a)
            position = PositionFactory(unit=unit)
            TenureFactory(position=position, cadre=CadreFactory(current_unit=unit))

    grow(5)
    first = _count(client, url)
    grow(10)
    assert _count(client, url) == first


def test_the_openapi_schema_describes_the_endpoints(client_for, reviewer):
    response = client_for(reviewer).get("/api/schema/")
    assert response.status_code == 200
    assert b"/api/v1/cadres/" in response.content
