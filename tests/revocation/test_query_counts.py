"""The revocation lists and the case page cost the same number of queries with N and 3N cases or people
(docs/style.md rule 8)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from viewflow.workflow.status import STATUS

from apps.decisions import services as decision_services
from apps.decisions.models import Decision
from apps.rulesets.selectors import rule_set_for
from tests.factories import CadreFactory, PositionFactory, UserFactory
from workflows.revocation.flows import RevocationFlow
from workflows.revocation.models import RevocationProcess

from .conftest import GROUNDS, latest_case, open_case

pytestmark = pytest.mark.django_db

FLOW = RevocationFlow.instance


def signed_decision(unit, authority, signer, participants=()):
    issued = timezone.localdate() - timedelta(days=7)
    rule_set = rule_set_for(unit=authority, on=issued)
    draft = decision_services.draft_decision(
        kind=Decision.Kind.APPOINTMENT,
        cadre=CadreFactory(current_unit=unit),
        position=PositionFactory(unit=unit, authority=authority),
        authority=authority,
        rule_set=rule_set,
        params=rule_set.resolve(),
        effective_from=issued,
        grounds=GROUNDS,
        actor=signer,
    )
    return decision_services.sign_decision(
        decision=draft,
        signer=signer,
        signer_title="Chủ tịch",
        issued_on=issued,
        participants=participants,
        actor=signer,
    )


def make_cases(client, n, unit, authority, signer):
    for _ in range(n):
        open_case(client, signed_decision(unit, authority, signer))


def claim_all(client):
    for case in RevocationProcess.objects.all():
        task = case.task_set.filter(flow_task=RevocationFlow.investigate, status=STATUS.NEW).first()
        if task:
            assert (
                client.post(RevocationFlow.investigate.reverse("assign", args=[case.pk, task.pk])).status_code
                == 302
            )


def count(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response


@pytest.mark.parametrize("page", ["process_list", "queue", "inbox", "task_list"])
def test_list_query_count_is_constant(client_for, inspector, leadership, unit_a, province, page):
    commission = client_for(inspector)
    make_cases(commission, 2, unit_a, province, leadership)
    if page == "inbox":
        claim_all(commission)
    small, response = count(commission, FLOW.reverse(page))
    assert f"#{latest_case().pk}" in response.content.decode()
    make_cases(commission, 4, unit_a, province, leadership)
    if page == "inbox":
        claim_all(commission)
    large, _ = count(commission, FLOW.reverse(page))
    assert small == large, (small, large)


def test_the_case_page_costs_the_same_for_n_and_3n_people_involved(
    client_for, inspector, leadership, unit_a, province
):
    commission = client_for(inspector)
    sizes = {}
    for n in (2, 6):
        people = [(UserFactory(), "reviewer", unit_a) for _ in range(n)]
        open_case(commission, signed_decision(unit_a, province, leadership, participants=people))
        case = latest_case()
        assert case.involved.count() == n + 1  # and the signer
        sizes[n], response = count(commission, FLOW.reverse("process_detail", args=[case.pk]))
        task = case.task_set.get(flow_task=RevocationFlow.investigate)
        commission.post(RevocationFlow.investigate.reverse("assign", args=[case.pk, task.pk]))
        step, _ = count(commission, RevocationFlow.investigate.reverse("execute", args=[case.pk, task.pk]))
        sizes[f"step{n}"] = step
    assert sizes[2] == sizes[6] and sizes["step2"] == sizes["step6"], sizes
