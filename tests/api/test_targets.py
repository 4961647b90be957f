"""Targets through the API (issue 12 §1): each active target's measured value, goal and status for a unit, a level
and a year — the dashboard's selectors and measures; who reads no targets, or asks for a unit out of their scope,
gets a 404; bad parameters are 400s; constant queries per page."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.targets.models import Target
from tests.factories import TargetFactory, UserFactory
from tests.targets.conftest import registry  # noqa: F401 (the targets tests' registry)

from .test_errors_and_auth import assert_error

pytestmark = pytest.mark.django_db

URL = "/api/v1/targets/"


@pytest.fixture
def women(registry):  # noqa: F811
    Target.objects.exclude(code="women-leaders").update(is_active=False)  # only ours, whatever was seeded
    return TargetFactory(code="women-leaders", metric="female", min_rank=5, goal_min=30, goal_max=None)


def _row(client, query=""):
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 200, response.content
    rows = response.json()["results"]
    return next(r for r in rows if r["code"] == "women-leaders")


def test_the_board_reads_each_target_measured_for_a_unit_and_a_year(client_for, reviewer, registry, women):  # noqa: F811
    client = client_for(reviewer)
    everywhere = _row(client)
    # today: A's head, both deputies and the deputy who started on 1/1/2026 (three women), B's head once
    assert (everywhere["numerator"], everywhere["denominator"], everywhere["status"]) == (3, 5, "met")
    assert (
        everywhere["share"] == "60.0" and everywhere["goal_min"] == "30.00" and everywhere["goal_max"] is None
    )
    # without ?unit= the reader's top unit: the province for its board
    assert (
        everywhere["unit"] == registry["unit_a"].parent_id
        and everywhere["measured_on"] == date.today().isoformat()
    )
    in_a = _row(client, f"unit={registry['unit_a'].pk}")
    assert (in_a["numerator"], in_a["denominator"], in_a["unit"]) == (3, 4, registry["unit_a"].pk)
    last_year = date.today().year - 1
    past = _row(client, f"year={last_year}")
    assert past["measured_on"] == f"{last_year}-12-31" and past["year"] == last_year
    level = registry["unit_a"].level
    assert _row(client, f"level={level.pk}")["level"] == level.pk


def test_a_unit_leader_reads_their_own_unit_only(client_for, leader_a, leader_b, registry, women):  # noqa: F811
    own = _row(client_for(leader_a))
    assert (own["numerator"], own["denominator"]) == (3, 4)  # their unit's holders only
    response = client_for(leader_b).get(f"{URL}?unit={registry['unit_a'].pk}")
    assert_error(response, 404)


def test_who_reads_no_targets_gets_a_404(client_for, registry, women):  # noqa: F811
    assert_error(client_for(UserFactory(username="citizen")).get(URL), 404)


@pytest.mark.parametrize(
    "query, field",
    [
        ("unit=abc", "unit"),
        ("unit=0", "unit"),
        ("level=%00", "level"),
        ("year=1999", "year"),
        ("year=2026.5", "year"),
        ("term=%00", "term"),
        ("ordering=metric", "ordering"),
    ],
)
def test_bad_parameters_are_400s(client_for, reviewer, women, query, field):
    response = client_for(reviewer).get(f"{URL}?{query}")
    body = assert_error(response, 400)
    assert field in body["fields"], body


def test_an_unknown_unit_or_level_or_a_year_to_come_is_a_404(client_for, reviewer, women):
    client = client_for(reviewer)
    for query in ("unit=999999", "level=999999", f"year={date.today().year + 1}"):
        assert_error(client.get(f"{URL}?{query}"), 404)


def test_the_list_keeps_a_constant_number_of_queries_per_page(client_for, reviewer, registry, women):  # noqa: F811
    """One aggregate query per target of the page, whatever the number of targets and holders."""
    client = client_for(reviewer)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(f"{URL}?page_size=2")
        assert response.status_code == 200, response.content
        return len(ctx), response.json()["count"]

    TargetFactory(code="more-0")
    first, rows = count()
    for i in range(1, 5):
        TargetFactory(code=f"more-{i}")
    again, more = count()
    assert (rows, more) == (2, 6)
    assert again == first
