"""Organisation registry pages: scope isolation, content and constant query counts."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import CadreFactory, OrgUnitFactory, PositionFactory, TenureFactory

pytestmark = pytest.mark.django_db

UNITS = reverse("registry:units:index")
POSITIONS = reverse("registry:positions:index")


def unit_url(unit):
    return reverse("registry:units:detail", args=[unit.pk])


def position_url(position):
    return reverse("registry:positions:detail", args=[position.pk])


# --- scope isolation ------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", [UNITS, POSITIONS])
def test_anonymous_users_are_sent_to_the_login_page(client_for, url):
    response = client_for(None).get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_anonymous_users_are_sent_to_the_login_page_from_a_detail_page(client_for, unit_a):
    position = PositionFactory(unit=unit_a)
    for url in (unit_url(unit_a), position_url(position)):
        response = client_for(None).get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


def test_a_unit_leader_lists_only_units_in_their_scope(client_for, leader_a, unit_a, unit_b):
    sub = OrgUnitFactory(code="snv-p1", name="Phòng Tổ chức", parent=unit_a)
    response = client_for(leader_a).get(UNITS)
    assert response.status_code == 200
    listed = set(response.context["object_list"])
    assert listed == {unit_a, sub}
    assert unit_b.name not in response.content.decode()


def test_a_unit_leader_opens_their_unit_and_gets_404_for_another(client_for, leader_a, unit_a, unit_b):
    client = client_for(leader_a)
    assert client.get(unit_url(unit_a)).status_code == 200
    assert client.get(unit_url(unit_b)).status_code == 404
    assert client.get(reverse("registry:units:detail", args=[999999])).status_code == 404


def test_a_unit_leader_lists_and_opens_only_positions_in_scope(client_for, leader_a, unit_a, unit_b):
    mine = PositionFactory(unit=unit_a, title="Giám đốc Sở Nội vụ")
    theirs = PositionFactory(unit=unit_b, title="Giám đốc Sở Tài chính")
    client = client_for(leader_a)
    response = client.get(POSITIONS)
    assert response.status_code == 200
    assert list(response.context["object_list"]) == [mine]
    assert client.get(position_url(mine)).status_code == 200
    assert client.get(position_url(theirs)).status_code == 404


def test_the_province_wide_reviewer_and_the_admin_see_every_unit(
    client_for, reviewer, admin_user, unit_a, unit_b
):
    for user in (reviewer, admin_user):
        client = client_for(user)
        response = client.get(UNITS)
        assert {unit_a, unit_b} <= set(response.context["object_list"])
        assert client.get(unit_url(unit_b)).status_code == 200


def test_a_user_without_any_role_cannot_open_the_registry(client_for, unit_a):
    from tests.factories import UserFactory

    nobody = UserFactory(username="nobody")
    client = client_for(nobody)
    assert client.get(UNITS).status_code == 403
    assert client.get(unit_url(unit_a)).status_code == 403


# --- content --------------------------------------------------------------------------------------------


def test_the_unit_list_shows_level_parent_and_a_dissolved_unit_with_its_successor(
    client_for, admin_user, province
):
    new_commune = OrgUnitFactory(code="xa-moi", name="Xã Mới", parent=province)
    old = OrgUnitFactory(
        code="huyen-cu",
        name="Huyện Cũ",
        parent=province,
        is_active=False,
        dissolved_on=date(2025, 7, 1),
        successor=new_commune,
    )
    response = client_for(admin_user).get(UNITS)
    html = response.content.decode()
    row = html[html.index("Huyện Cũ") :]
    row = row[: row.index("</tr>")]
    assert "01/07/2025" in row
    assert "Xã Mới" in row
    assert province.name in row, row  # the parent
    assert old.level.name in row

    detail = client_for(admin_user).get(unit_url(new_commune)).content.decode()
    assert "Huyện Cũ" in detail  # listed as a predecessor


def test_the_position_list_shows_seats_occupied_and_vacancies(client_for, admin_user, unit_a):
    position = PositionFactory(unit=unit_a, title="Phó Giám đốc", seats=3)
    TenureFactory(position=position, seat_number=1)
    TenureFactory(position=position, seat_number=2, start_date=date(2020, 1, 1), ended_on=date(2021, 1, 1))
    TenureFactory(position=position, seat_number=2, start_date=date(2023, 1, 1))
    response = client_for(admin_user).get(POSITIONS)
    (row,) = response.context["object_list"]
    assert (row.seats, row.occupied, row.vacancies) == (3, 2, 1)

    detail = client_for(admin_user).get(position_url(position))
    assert len(detail.context["holders"]) == 2
    assert len(detail.context["past_tenures"]) == 1


def test_the_position_list_filters_on_vacant_seats_and_unit(client_for, admin_user, unit_a, unit_b):
    full = PositionFactory(unit=unit_a, title="Giám đốc", seats=1)
    TenureFactory(position=full)
    vacant = PositionFactory(unit=unit_a, title="Phó Giám đốc", seats=2)
    elsewhere = PositionFactory(unit=unit_b, title="Chánh Văn phòng")
    client = client_for(admin_user)
    assert set(client.get(POSITIONS, {"vacant": "true"}).context["object_list"]) == {vacant, elsewhere}
    assert set(client.get(POSITIONS, {"unit": unit_a.pk}).context["object_list"]) == {full, vacant}


def test_the_unit_filter_offers_only_units_in_scope(client_for, leader_a, unit_a, unit_b):
    response = client_for(leader_a).get(POSITIONS)
    choices = set(response.context["view"].filterset.form.fields["unit"].queryset)
    assert choices == {unit_a}


# --- query counts ---------------------------------------------------------------------------------------


def _count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _grow_units(parent, n, start):
    for i in range(start, start + n):
        unit = OrgUnitFactory(code=f"gen{i}", name=f"Đơn vị {i}", parent=parent)
        if i % 2:
            unit.is_active = False
            unit.successor = parent
            unit.save()


def _grow_positions(unit, n, start):
    for i in range(start, start + n):
        position = PositionFactory(unit=unit, title=f"Chức vụ {i}", seats=2)
        TenureFactory(position=position, cadre=CadreFactory(current_unit=unit))


@pytest.mark.parametrize(
    "url, grow",
    [(UNITS, _grow_units), (POSITIONS, _grow_positions)],
    ids=["units", "positions"],
)
@pytest.mark.parametrize("persona", ["leader_a", "admin_user"])
def test_list_pages_keep_the_same_query_count_with_n_and_3n_rows(
    request, client_for, unit_a, url, grow, persona
):
    user = request.getfixturevalue(persona)
    client = client_for(user)
    grow(unit_a, 5, 0)
    few = _count_queries(client, url)
    grow(unit_a, 10, 5)
    many = _count_queries(client, url)
    assert few == many, f"{url}: {few} queries with 5 rows, {many} with 15"
