"""Targets dashboard and yearly report downloads: who sees what (permission matrix), scope, and query counts."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.accounts.models import Role
from apps.accounts.services import grant_role
from apps.organisation.models import OrgUnit

from ..factories import OrgUnitFactory, PositionFactory, TargetFactory, UserFactory
from .conftest import holder

INDEX = "targets:targets:index"
YEAR = date.today().year - 1


def pdf_url(year=YEAR):
    return reverse("targets:targets:report-pdf", args=[year])


def xlsx_url(year=YEAR):
    return reverse("targets:targets:report-xlsx", args=[year])


@pytest.fixture
def leadership(province, admin_user):
    user = UserFactory(username="leadership")
    grant_role(user=user, role=Role.LEADERSHIP, unit=province, include_descendants=True, actor=admin_user)
    return user


@pytest.fixture
def protection(province, admin_user):
    user = UserFactory(username="protection")
    grant_role(
        user=user, role=Role.POLITICAL_PROTECTION, unit=province, include_descendants=True, actor=admin_user
    )
    return user


@pytest.fixture
def citizen(db):
    return UserFactory(username="citizen")


@pytest.mark.parametrize("persona", ["reviewer", "inspector", "leadership", "leader_a", "admin_user"])
@pytest.mark.parametrize("which", ["index", "pdf", "xlsx"])
def test_readers_get_the_dashboard_and_the_report(request, client_for, registry, persona, which):
    user = request.getfixturevalue(persona)
    url = {"index": reverse(INDEX), "pdf": pdf_url(), "xlsx": xlsx_url()}[which]
    assert client_for(user).get(url).status_code == 200


@pytest.mark.parametrize("persona", ["citizen", "protection"])
@pytest.mark.parametrize("which", ["index", "pdf", "xlsx"])
def test_signed_in_users_without_targets_are_refused_by_the_shell(
    request, client_for, registry, persona, which
):
    """The Viewflow shell refuses an application the user has no role for with 403, as for decisions; the views
    themselves answer 404 (selectors.require_reader) if reached another way."""
    user = request.getfixturevalue(persona)
    url = {"index": reverse(INDEX), "pdf": pdf_url(), "xlsx": xlsx_url()}[which]
    assert client_for(user).get(url).status_code == 403


def test_the_selectors_refuse_a_user_without_targets_with_404(citizen, protection):
    from django.http import Http404

    from apps.targets import selectors

    for user in (citizen, protection):
        assert not selectors.may_read_targets(user)
        with pytest.raises(Http404):
            selectors.unit_for(user)


@pytest.mark.parametrize("which", ["index", "pdf", "xlsx"])
def test_anonymous_users_are_sent_to_the_login_page(client_for, registry, which):
    url = {"index": reverse(INDEX), "pdf": pdf_url(), "xlsx": xlsx_url()}[which]
    response = client_for(None).get(url)
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


@pytest.mark.parametrize("which", ["index", "pdf", "xlsx"])
def test_a_unit_leader_reads_only_their_own_unit(client_for, leader_a, registry, province, which):
    client = client_for(leader_a)
    url = {"index": reverse(INDEX), "pdf": pdf_url(), "xlsx": xlsx_url()}[which]
    assert client.get(url, {"unit": registry["unit_a"].pk}).status_code == 200
    assert client.get(url, {"unit": province.pk}).status_code == 404
    assert client.get(url, {"unit": registry["unit_b"].pk}).status_code == 404
    assert client.get(url, {"unit": "nonsense"}).status_code == 404


def test_the_unit_leaders_dashboard_measures_their_unit(client_for, leader_a, reviewer, registry):
    # measured today: the deputy who started on 1/1/2026 is in, the one who left on 30/12/2025 is out
    target = TargetFactory(code="women-leaders", metric="female", min_rank=5)
    own = client_for(leader_a).get(reverse(INDEX))
    assert own.context["unit"] == registry["unit_a"]
    row = next(m for m in own.context["measurements"] if m.target == target)
    assert (row.numerator, row.denominator, row.status) == (3, 4, "above")
    province_wide = client_for(reviewer).get(reverse(INDEX))
    row = next(m for m in province_wide.context["measurements"] if m.target == target)
    assert (row.numerator, row.denominator) == (3, 5)
    in_b = client_for(reviewer).get(reverse(INDEX), {"unit": registry["unit_b"].pk})
    row = next(m for m in in_b.context["measurements"] if m.target == target)
    assert (row.numerator, row.denominator, row.status) == (0, 1, "below")


def test_the_dashboard_filters_by_level(client_for, reviewer, registry, communes):
    target = TargetFactory(code="women-any", metric="female", min_rank=None, goal_min=10, goal_max=None)
    commune = communes[0].level
    page = client_for(reviewer).get(reverse(INDEX), {"level": commune.pk})
    row = next(m for m in page.context["measurements"] if m.target == target)
    assert (row.numerator, row.denominator) == (3, 6)
    assert client_for(reviewer).get(reverse(INDEX), {"level": 999999}).status_code == 404


def test_a_future_year_has_no_report(client_for, reviewer, registry):
    assert client_for(reviewer).get(pdf_url(date.today().year + 1)).status_code == 404
    assert client_for(reviewer).get(pdf_url(date.today().year)).status_code == 200


def _tree(parent, n, start):
    """n units under `parent`, each with a head and two deputies holding rank-5+ posts."""
    for i in range(start, start + n):
        unit = OrgUnitFactory(code=f"qd{i}", name=f"Sở {i}", parent=parent, kind=OrgUnit.Kind.STATE)
        head = PositionFactory(unit=unit, title=f"Giám đốc Sở {i}", rank=7)
        deputy = PositionFactory(unit=unit, title=f"Phó Giám đốc Sở {i}", rank=6, seats=2)
        holder(head, gender="female" if i % 2 else "male", birth=date(1990, 1, 1))
        holder(deputy, language="B1")
        holder(deputy, seat_number=2, gender="female")


def _regrant(user):
    from apps.accounts.services import sync_unit_permissions

    sync_unit_permissions(user)


def _count(client, url, params=None):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, params or {}).status_code == 200
    return len(queries)


@pytest.mark.parametrize("which", ["index", "pdf", "xlsx"])
def test_pages_cost_the_same_with_n_and_3n_units(client_for, reviewer, leader_a, province, unit_a, which):
    """N and 3N units with their holders, in the province and under the unit leader's unit (sub-units made after
    the grant are in scope through a re-grant)."""
    url = {"index": reverse(INDEX), "pdf": pdf_url(date.today().year), "xlsx": xlsx_url(date.today().year)}[
        which
    ]
    _tree(province, 3, 0)
    _tree(unit_a, 3, 100)
    _regrant(leader_a)
    board, leader = client_for(reviewer), client_for(leader_a)
    small = (_count(board, url), _count(leader, url))
    _tree(province, 6, 3)
    _tree(unit_a, 6, 103)
    _regrant(leader_a)
    large = (_count(board, url), _count(leader, url))
    print(f"queries {which}: board {small[0]} -> {large[0]}, unit leader {small[1]} -> {large[1]}")
    assert large == small
