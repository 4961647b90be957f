"""Targets at a glance: a bar per target against its goal band (plain Python: ``measures.bar``), the drill-down
to the cadres counted in the reader's scope with the dashboard's filters, and the year filter."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from apps.targets.measures import Measurement, bar

from ..factories import TargetFactory, UserFactory

INDEX = "targets:targets:index"


def holders_url(target):
    return reverse("targets:targets:holders", args=[target.code])


@pytest.mark.parametrize(
    ("goal_min", "goal_max", "count", "band"),
    [
        (Decimal("30"), None, None, (30.0, 100.0)),
        (None, Decimal("5"), None, (0.0, 5.0)),
        (Decimal("10"), Decimal("15"), None, (10.0, 15.0)),
        (None, None, 1, (None, None)),
    ],
)
def test_the_bar_draws_the_goal_band_and_the_share(goal_min, goal_max, count, band):
    target = TargetFactory.build(goal_min=goal_min, goal_max=goal_max, goal_min_count=count)
    drawn = bar(Measurement(target, 1, 4, Decimal("25.0"), "below"))
    assert (drawn.band_from, drawn.band_to) == band
    assert drawn.share == 25.0 and drawn.status == "below"
    assert bar(Measurement(target, 0, 0, None, "no_data")).share is None


@pytest.mark.django_db
def test_the_dashboard_draws_a_bar_per_target_linking_to_its_cadres(client_for, reviewer, registry):
    target = TargetFactory(code="women-leaders", metric="female", min_rank=5, goal_min=30, goal_max=None)
    page = client_for(reviewer).get(reverse(INDEX), {"unit": registry["unit_a"].pk})
    html = page.content.decode()
    assert page.status_code == 200
    row = html.split(f'id="target-{target.code}"', 1)[1].split("</tr>", 1)[0]
    assert "<svg" in row and "cf-bar__band" in row and "cf-bar__share--met" in row
    assert f"{holders_url(target)}?unit={registry['unit_a'].pk}" in row.replace("&amp;", "&")


@pytest.mark.django_db
def test_the_drill_down_lists_the_cadres_counted_in_scope(client_for, reviewer, leader_a, leader_b, registry):
    target = TargetFactory(code="women-leaders", metric="female", min_rank=5)

    everywhere = client_for(reviewer).get(holders_url(target))
    own = client_for(leader_a).get(holders_url(target))

    # measured today (as the dashboard): A's head, its two deputies and the deputy who started on 1/1/2026, three
    # of them women; B's head listed with both his posts
    counted = [h for h in everywhere.context["holders"] if h.counts]
    assert len(counted) == 3 and all(h.cadre.gender == "female" for h in counted)
    assert len({h.cadre.pk for h in everywhere.context["holders"]}) == 5
    assert everywhere.context["measurement"].numerator == 3
    assert everywhere.context["holders"][0].counts  # the counted first
    # a unit leader sees only their unit's holders
    assert {h.unit.pk for h in own.context["holders"]} == {registry["unit_a"].pk}
    assert client_for(leader_b).get(holders_url(target), {"unit": registry["unit_a"].pk}).status_code == 404


@pytest.mark.django_db
def test_the_year_filter_measures_on_the_last_day_of_a_past_year(client_for, reviewer, registry):
    target = TargetFactory(code="women-leaders", metric="female", min_rank=5)
    year = date.today().year - 1
    page = client_for(reviewer).get(reverse(INDEX), {"year": year})
    assert page.context["on"] == date(year, 12, 31)
    assert any(m.target == target for m in page.context["measurements"])
    assert client_for(reviewer).get(reverse(INDEX), {"year": date.today().year + 1}).status_code == 404
    assert client_for(reviewer).get(reverse(INDEX), {"year": "x"}).status_code == 404


@pytest.mark.django_db
def test_a_user_without_targets_gets_no_drill_down(client_for, registry):
    target = TargetFactory(code="women-leaders", metric="female", min_rank=5)
    page = client_for(UserFactory(username="citizen")).get(holders_url(target))
    assert page.status_code == 403  # the shell refuses the application, as for the dashboard
