"""A timeline page reads only the rows up to that page from each source and counts up to a cap (issue 13: a user of
decades has millions of events; the page sorted and counted all of them). The pages stay exactly the union's."""

import pytest

from apps.audit.services import record
from apps.inspection.timelines.entries import Timeline
from apps.inspection.timelines.sources import Filters, combined, user_sources
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def busy_user(unit_a):
    user = UserFactory(username="busy")
    for i in range(23):
        record("test.note", unit_a, actor=user, data={"i": i})
    return user


@pytest.mark.parametrize("newest_first", [True, False])
def test_each_page_is_the_union_s_own_rows_in_order(busy_user, newest_first, monkeypatch):
    filters = Filters(newest_first=newest_first)
    sources = user_sources(busy_user)
    everything = list(combined(sources, filters))
    assert len(everything) >= 23
    monkeypatch.setattr(Timeline, "PAGE_COUNT_CAP", 1000)
    timeline = Timeline(sources, filters)
    pages = [timeline.page(n, size=10) for n in (1, 2, 3)]
    shown = [(e.when, e.action) for page in pages for e in page.object_list]
    assert shown == [(when, action) for _kind, _ref, when, action, _obj in everything][:30]
    assert pages[0].paginator.count == len(everything) and not pages[0].paginator.capped


def test_the_count_stops_at_the_cap_and_says_so(busy_user, monkeypatch):
    monkeypatch.setattr(Timeline, "PAGE_COUNT_CAP", 15)
    page = Timeline(user_sources(busy_user), Filters(newest_first=True)).page(1, size=10)
    assert page.paginator.count == 15 and page.paginator.capped
    assert len(page.object_list) == 10


def test_on_postgresql_every_source_is_cut_to_the_page_before_the_union(busy_user):
    from django.db import connection

    sql = str(combined(user_sources(busy_user), Filters(newest_first=True), bound=20).query)
    parts = len(user_sources(busy_user))
    if connection.features.supports_slicing_ordering_in_compound:
        assert sql.count("LIMIT 20") == parts, sql[:2000]
    else:  # SQLite takes no ordered, sliced parts in a UNION: the whole union is sorted there
        assert "LIMIT 20" not in sql
