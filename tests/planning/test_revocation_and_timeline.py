"""Revoking a planning decision restores the planning (H21); the review and its decisions show in the cadre's and
the decision's timelines; the post's planning limit is enforced at the decision, not only at the proposal."""

from datetime import date

import pytest

from apps.cadres.models import PlanningEntry
from apps.core.rules import RuleViolation
from apps.decisions.services import revoke_decision
from tests.factories import PlanningEntryFactory
from tests.planning.conftest import make_cadre
from tests.signers import signer_of
from workflows.planning.flows import PlanningFlow

from .test_walkthrough import post_step, walk_to_decision

FLOW = PlanningFlow.instance


@pytest.fixture
def decided(client, reviewer, leadership, post, planned, newcomer, outsider):
    client.force_login(reviewer)
    process = walk_to_decision(client, post, planned, newcomer, outsider)
    client.force_login(leadership)
    post_step(client, process, FLOW.decide, {"grounds": "Căn cứ Quy định 377-QĐ/TW;", "signer": signer_of()})
    return process


def revoke(decision, leadership):
    return revoke_decision(
        original=decision,
        grounds="Căn cứ Kết luận kiểm tra;",
        reason="Quy trình quy hoạch sai",
        authority=decision.authority,
        signer=leadership,
        signer_cadre=leadership.cadre,
        revoked_on=date.today(),
        actor=leadership,
    )


def test_revoking_an_addition_takes_the_cadre_out(decided, leadership, newcomer, post):
    entry = PlanningEntry.objects.get(cadre=newcomer, position=post)
    revoke(entry.approved_by_decision, leadership)
    entry.refresh_from_db()
    assert entry.status == "removed" and entry.removed_on == date.today()
    assert entry.approved_by_decision.status == "revoked"
    assert entry.history.latest().history_user == leadership


def test_revoking_a_removal_puts_the_cadre_back(decided, leadership, planned):
    _young, old, entries = planned
    entry = PlanningEntry.objects.get(pk=entries[1].pk)
    assert entry.status == "removed"
    revoke(entry.removed_by_decision, leadership)
    entry.refresh_from_db()
    assert entry.status == "active" and entry.removed_on is None and entry.removed_by_decision is None


def test_a_removal_is_not_undone_over_the_limit(decided, leadership, planned, post, unit_a):
    _young, _old, entries = planned
    for i in range(1):  # young + newcomer + one more = 3: the post is full again
        PlanningEntryFactory(cadre=make_cadre(unit_a, full_name=f"Thêm {i}"), position=post)
    entry = PlanningEntry.objects.get(pk=entries[1].pk)
    with pytest.raises(RuleViolation) as exc:
        revoke(entry.removed_by_decision, leadership)
    assert exc.value.code == "planning_limit_post"
    entry.refresh_from_db()
    assert entry.status == "removed" and entry.removed_by_decision.status == "signed"


def test_timelines_show_the_review(client, decided, inspector, newcomer):
    client.force_login(inspector)
    response = client.get(f"/inspection/timelines/cadre/{newcomer.pk}/", {"kind": "audit"})
    assert response.status_code == 200
    actions = {e.action for e in response.context["page_obj"].object_list}
    assert {"planning.review_opened", "planning.added"} <= actions
    decision = PlanningEntry.objects.get(cadre=newcomer).approved_by_decision
    response = client.get(f"/inspection/timelines/decision/{decision.pk}/", {"kind": "audit"})
    actions = {e.action for e in response.context["page_obj"].object_list}
    assert "planning.decided" in actions
