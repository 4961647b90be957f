"""Conferences and tallies through the API (issue 12 §1): the conferences of the procedures the caller may see,
never one of their own (R10); the tallies only where the step's publication rule lets the caller read them
(``can_see_tallies``, as the procedure's detail); a procedure filter; constant queries per page."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.accounts import permissions
from tests.factories import PositionFactory

from .test_errors_and_auth import assert_error

pytestmark = pytest.mark.django_db

URL = "/api/v1/conferences/"


@pytest.fixture
def conference(listed, conference_of):
    process, c1, c2 = listed
    return conference_of(process, [c1, c2])


def test_the_board_reads_the_conference_and_its_tallies(client_for, reviewer, listed, conference):
    process, c1, c2 = listed
    client = client_for(reviewer)
    rows = client.get(URL).json()["results"]
    assert [(r["id"], r["procedure"], r["kind"]) for r in rows] == [
        (conference.pk, process.pk, "appointment")
    ]
    assert rows[0]["tallies_visible"] is True
    assert {(t["cadre"], t["votes_for"]) for t in rows[0]["tallies"]} == {(c1.pk, 8), (c2.pk, 3)}
    detail = client.get(f"{URL}{conference.pk}/").json()
    assert detail["tallies"] == rows[0]["tallies"]
    # the same answer as the procedure's detail
    procedure = client.get(f"/api/v1/procedures/{process.pk}/").json()
    assert [c["id"] for c in procedure["conferences"]] == [conference.pk]


def test_the_tallies_follow_the_publication_rule(
    client_for, reviewer, leader_a, inspector, listed, conference
):
    process = listed[0]
    assert conference.announce_result is False  # step 2's result is not announced at the conference
    assert (
        client_for(leader_a).get(f"{URL}{conference.pk}/").json()["tallies"] is None
    )  # the proposing leader
    row = process.appointmentprocess if hasattr(process, "appointmentprocess") else process
    for user in (reviewer, leader_a, inspector):
        body = client_for(user).get(f"{URL}{conference.pk}/").json()
        expected = permissions.can_see_tallies(user, conference, row)
        assert body["tallies_visible"] is expected, user
        assert (body["tallies"] is None) is (not expected), user


def test_out_of_scope_or_a_candidate_is_a_404(client_for, leader_b, candidate_user, conference):
    for user in (leader_b, candidate_user):
        client = client_for(user)
        assert_error(client.get(f"{URL}{conference.pk}/"), 404)
        assert client.get(URL).json()["count"] == 0


def test_the_procedure_filter(client_for, reviewer, listed, conference):
    process = listed[0]
    client = client_for(reviewer)
    assert [r["id"] for r in client.get(f"{URL}?procedure={process.pk}").json()["results"]] == [conference.pk]
    assert client.get(f"{URL}?procedure=999999").json()["count"] == 0
    today = date.today()
    assert client.get(f"{URL}?held_from={today + timedelta(days=1)}").json()["count"] == 0
    assert client.get(f"{URL}?held_to={today}").json()["count"] == 1


@pytest.mark.parametrize(
    "query, field",
    [
        ("procedure=abc", "procedure"),
        ("procedure=0", "procedure"),
        ("held_from=2026-02-30", "held_from"),
        ("held_to=2026-13-01", "held_to"),
        ("outcome=lost", "outcome"),
        ("step=%00", "step"),
        ("ordering=votes", "ordering"),
    ],
)
def test_bad_filter_values_are_400s(client_for, reviewer, query, field):
    body = assert_error(client_for(reviewer).get(f"{URL}?{query}"), 400)
    assert field in body["fields"], body


def test_bad_ids_are_json_404s(client_for, reviewer):
    for pk in ("0", "999999", "99999999999999999999"):
        assert_error(client_for(reviewer).get(f"{URL}{pk}/"), 404)


def test_the_list_keeps_a_constant_number_of_queries(client_for, reviewer, leader_a, unit_a, conference_of):
    from tests.appointment.conftest import make_eligible
    from tests.appointment.helpers import latest_process, propose

    def grow(n):
        for _ in range(n):
            position = PositionFactory(unit=unit_a)
            cadres = [make_eligible(unit_a, position), make_eligible(unit_a, position)]
            assert propose(client_for(leader_a), position).status_code == 302
            conference_of(latest_process(), cadres)

    def count(client):
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(URL)
        assert response.status_code == 200, response.content
        return len(ctx), response.json()["count"]

    for user in (reviewer, leader_a):
        client = client_for(user)
        grow(1)
        first, rows = count(client)
        grow(2)
        again, more = count(client)
        assert more == rows + 2
        assert again == first, user
