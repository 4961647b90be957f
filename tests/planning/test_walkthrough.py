"""The planning review over HTTP, from the start page to the signed planning decisions (377-QĐ/TW, docs/procedures.md
§7): the rules propose removing the cadre over age; the board adds one cadre from inside and one from outside; the
key officials support one of them; the collective approves; the leadership signs one decision per change."""

from datetime import date

from apps.audit.models import AuditEntry
from apps.cadres.models import PlanningEntry
from apps.decisions.models import Decision
from tests.readable import assert_readable
from tests.reappointment.helpers import counts, dmy, error_codes, open_task, pdf
from tests.signers import signer_of
from workflows.planning.flows import PlanningFlow
from workflows.planning.models import PlanningLine, PlanningOutcome, PlanningProcess

FLOW = PlanningFlow.instance
NO_TALLIES = {"tally-TOTAL_FORMS": 0, "tally-INITIAL_FORMS": 0}


def post_step(client, process, node, data, expect=302):
    from tests.collectives import ensure_registry_members

    task = open_task(process, node)
    assert task is not None, node.name
    if task.status == "NEW":
        assert client.post(node.reverse("assign", args=[process.pk, task.pk])).status_code == 302
    ensure_registry_members(process, node, data)
    url = node.reverse("execute", args=[process.pk, task.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, data)
    context = getattr(response, "context", None) or {}
    assert response.status_code == expect, (
        context.get("form") and context["form"].errors,
        context.get("formset") and context["formset"].errors,
    )
    return response


def tallies(cadres, votes, *, confidence):
    data = {"tally-TOTAL_FORMS": len(cadres), "tally-INITIAL_FORMS": len(cadres)}
    for i, (cadre, vote) in enumerate(zip(cadres, votes, strict=True)):
        data[f"tally-{i}-cadre"] = cadre.pk
        if confidence:
            data[f"tally-{i}-votes_for"], data[f"tally-{i}-votes_against"] = vote
        else:
            data[f"tally-{i}-votes_for"] = vote
    return data


def conference(counts_, extra):
    return {
        "held_on": dmy(date.today()),
        "minutes": pdf("bien_ban.pdf"),
        "count_minutes": pdf("kiem_phieu.pdf"),
        **counts_,
        **extra,
    }


def open_review(client, post, term="2026-2031"):
    url = FLOW.start.reverse("execute")
    assert client.get(url).status_code == 200
    response = client.post(url, {"position": post.pk, "term": term})
    assert response.status_code == 302, response.context["form"].errors
    return PlanningProcess.objects.latest("pk")


def walk_to_decision(client, post, planned, newcomer, outsider):
    young, old, _entries = planned
    process = open_review(client, post)
    lines = {line.cadre_id: line for line in process.lines.all()}
    assert lines[old.pk].proposal == PlanningLine.Proposal.REMOVE
    assert lines[old.pk].auto_reasons == ["over_age"]
    assert lines[young.pk].proposal == PlanningLine.Proposal.KEEP
    post_step(
        client,
        process,
        FLOW.propose,
        {
            f"remove_{lines[old.pk].pk}": "on",
            f"reason_{lines[old.pk].pk}": "Quá tuổi quy hoạch",
            "internal": [newcomer.pk],
            "external": [outsider.pk],
        },
    )
    # 9 key officials convened: the newcomer gets 7 of 9, the outsider 4 of 9 (not more than half)
    post_step(
        client,
        process,
        FLOW.key_officials,
        conference(counts(9), tallies([newcomer, outsider], [(7, 2), (4, 5)], confidence=True)),
    )
    # the collective: 7 members, 5 approve the list
    post_step(
        client,
        process,
        FLOW.collective,
        conference(counts(7, members=7), {"list_votes_for": 5, **NO_TALLIES}),
    )
    return process


def test_the_review_adds_removes_and_signs(client, reviewer, leadership, post, planned, newcomer, outsider):
    young, old, entries = planned
    client.force_login(reviewer)
    process = walk_to_decision(client, post, planned, newcomer, outsider)
    process.refresh_from_db()
    assert process.vote_passed is True
    assert process.lines.get(cadre=outsider).proposal == PlanningLine.Proposal.DROPPED
    client.force_login(leadership)
    post_step(
        client,
        process,
        FLOW.decide,
        {
            "grounds": "Căn cứ Quy định số 377-QĐ/TW;",
            "effective_from": dmy(date.today()),
            "signer": signer_of(),
        },
    )
    process.refresh_from_db()
    assert process.outcome == PlanningOutcome.APPROVED
    assert process.status == "DONE"
    added = PlanningEntry.objects.get(cadre=newcomer, position=post)
    assert added.status == "active" and added.approved_by_decision.kind == Decision.Kind.PLANNING
    assert added.approved_by_decision.status == "signed"
    removed = PlanningEntry.objects.get(pk=entries[1].pk)
    assert removed.status == "removed" and removed.removed_by_decision.kind == Decision.Kind.PLANNING_REMOVAL
    assert PlanningEntry.objects.get(pk=entries[0].pk).status == "active"
    assert not PlanningEntry.objects.filter(cadre=outsider).exists()
    # history names the signer; the audit trail has every step
    assert removed.history.latest().history_user == leadership
    actions = set(AuditEntry.objects.filter(process_id=process.pk).values_list("action", flat=True))
    assert {"planning.review_opened", "planning.proposed", "planning.decided", "planning.added"} <= actions
    # the review page shows the decisions
    page = client.get(FLOW.reverse("process_detail", args=[process.pk]))
    assert page.status_code == 200
    assert added.approved_by_decision.number in page.content.decode()
    assert_readable()  # the review's history, as the procedure's page shows it


def test_a_rejected_list_changes_nothing(client, reviewer, post, planned, newcomer, outsider):
    client.force_login(reviewer)
    process = open_review(client, post)
    post_step(client, process, FLOW.propose, {"internal": [newcomer.pk]})
    post_step(
        client,
        process,
        FLOW.key_officials,
        conference(counts(9), tallies([newcomer], [(8, 1)], confidence=True)),
    )
    post_step(
        client,
        process,
        FLOW.collective,
        conference(counts(7, members=7), {"list_votes_for": 2, **NO_TALLIES}),
    )
    process.refresh_from_db()
    assert process.status == "DONE" and process.outcome == PlanningOutcome.REJECTED
    assert not PlanningEntry.objects.filter(cadre=newcomer).exists()


def test_an_addition_breaking_a_rule_is_refused_with_nothing_written(client, reviewer, post, planned, unit_a):
    from tests.planning.conftest import make_cadre

    client.force_login(reviewer)
    process = open_review(client, post)
    unconcluded = make_cadre(unit_a, concluded=False, full_name="Chưa Kết Luận")
    response = post_step(client, process, FLOW.propose, {"internal": [unconcluded.pk]}, expect=200)
    assert error_codes(response) == ["political_standard_missing"]
    assert not process.lines.filter(kind="addition").exists()
