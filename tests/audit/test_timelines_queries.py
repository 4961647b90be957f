"""Timelines cost a constant number of queries: a page and an export run the same queries for N and 3N events
(docs/style.md rule 8). The figures are printed (``-s``) for the record."""

# ruff: noqa: F811 (fixtures imported from other test packages are redefined as arguments)

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.audit.services import record
from apps.cadres.models import Discipline
from apps.cadres.services import add_discipline
from tests.revocation.conftest import (  # noqa: F401
    _media,
    appointee,
    decision,
    latest_case,
    leadership,
    open_case,
    position,
    proposer,
)
from workflows.common.services import add_comment

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(client_for, inspector, decision):
    open_case(client_for(inspector), decision)
    return latest_case()


def add_events(n, *, case, decision, appointee, reviewer):
    """n of each: a comment on the case (audit + history), an audit entry about the decision, a discipline
    record of the cadre (audit + history), all by the reviewer."""
    for i in range(n):
        add_comment(process=case, text=f"Ý kiến {i}", actor=reviewer)
        record("test.note", decision, actor=reviewer, data={"i": i})
        add_discipline(
            cadre=appointee, actor=reviewer, status=Discipline.Status.UNDER_REVIEW, reason=f"Xem xét {i}"
        )


def subjects(case, decision, appointee, reviewer):
    return {
        "procedure": case.pk,
        "decision": decision.pk,
        "cadre": appointee.pk,
        "user": reviewer.pk,
    }


def count_queries(client, path, params=None):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, params or {})
    assert response.status_code == 200
    return len(queries), response


@pytest.mark.parametrize("suffix", ["", "csv/"])
def test_a_timeline_costs_the_same_for_n_and_3n_events(
    client_for,
    inspector,
    reviewer,
    case,
    decision,
    appointee,
    suffix,
):
    client = client_for(inspector)
    paths = {
        kind: f"/inspection/timelines/{kind}/{pk}/{suffix}"
        for kind, pk in subjects(case, decision, appointee, reviewer).items()
    }
    for path in paths.values():
        client.get(path)  # warm the caches (content types, session)
    add_events(2, case=case, decision=decision, appointee=appointee, reviewer=reviewer)
    small = {kind: count_queries(client, path) for kind, path in paths.items()}
    add_events(4, case=case, decision=decision, appointee=appointee, reviewer=reviewer)
    large = {kind: count_queries(client, path) for kind, path in paths.items()}
    for kind in paths:
        (n_small, r_small), (n_large, r_large) = small[kind], large[kind]
        if not suffix:
            events_small = r_small.context["page_obj"].paginator.count
            events_large = r_large.context["page_obj"].paginator.count
            assert events_large >= events_small + 4 and events_large <= 50, (kind, events_small, events_large)
        assert n_small == n_large, (kind, n_small, n_large)
        print(f"timeline {kind} {suffix or 'page'}: {n_small} queries")


def test_a_full_page_costs_the_same_for_60_and_180_comments(client_for, inspector, reviewer, case):
    client = client_for(inspector)
    path = f"/inspection/timelines/procedure/{case.pk}/"
    client.get(path)
    for i in range(60):
        add_comment(process=case, text=f"Ý kiến {i}", actor=reviewer)
    n_small, small = count_queries(client, path, {"order": "desc"})
    for i in range(120):
        add_comment(process=case, text=f"Ý kiến thêm {i}", actor=reviewer)
    n_large, large = count_queries(client, path, {"order": "desc"})
    n_last, _ = count_queries(client, path, {"order": "desc", "page": 6})
    assert large.context["page_obj"].paginator.count >= small.context["page_obj"].paginator.count + 240
    assert len(large.context["page_obj"].object_list) == 50
    assert n_small == n_large, (n_small, n_large)
    print(
        f"timeline procedure, full page of 50 of {large.context['page_obj'].paginator.count}: {n_large} queries"
    )
    assert n_last <= n_large
