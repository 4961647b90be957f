"""The revocation procedure over HTTP, as the real roles: open → investigate → revoke, and the keep path."""

import pytest
from viewflow.workflow.status import PROCESS

from apps.audit.models import AuditEntry
from apps.cadres.models import Discipline, Tenure
from apps.decisions.models import Decision, DecisionParticipant
from apps.organisation.models import Position
from tests.readable import assert_readable
from workflows.common.models import StepAttachment
from workflows.revocation.flows import RevocationFlow
from workflows.revocation.models import CaseOutcome, InvolvedPerson

from .conftest import (
    CASE_GROUNDS,
    REASON,
    REVOCATION_GROUNDS,
    claim_and_execute,
    investigation,
    latest_case,
    open_case,
    pdf,
    ruling,
)

pytestmark = pytest.mark.django_db


def vacancies(position):
    return Position.objects.with_vacancies().get(pk=position.pk).vacancies


def content_of(decision):
    decision = Decision.objects.get(pk=decision.pk)
    return {name: getattr(decision, name) for name in decision.content_field_names} | {
        "pdf_sha256": decision.pdf_sha256
    }


def test_open_investigate_revoke(client_for, inspector, leadership, proposer, reviewer, decision, position):
    before = content_of(decision)
    assert vacancies(position) == 0
    commission = client_for(inspector)

    open_case(commission, decision, files=[pdf("bien-ban-xac-minh.pdf")])
    case = latest_case()
    assert (case.decision, case.unit, case.grounds, case.opened_as) == (
        decision,
        position.unit,
        CASE_GROUNDS,
        "inspection",
    )
    assert case.rule_set_id and case.due_on
    # the people who made the decision, pre-filled from its participant rows
    assert {(p.user, p.role_in_procedure) for p in case.involved.all()} == {
        (proposer, "proposer"),
        (reviewer, "reviewer"),
        (reviewer, "verifier"),
        (leadership, "signer"),
    }
    assert StepAttachment.objects.filter(process_id=case.pk, original_name="bien-ban-xac-minh.pdf").exists()

    claim_and_execute(
        commission,
        case,
        RevocationFlow.investigate,
        investigation(
            case, people={proposer: (True, "Đề xuất người ngoài quy hoạch."), reviewer: (False, "")}
        ),
    )
    case.refresh_from_db()
    assert case.findings and case.investigated_by == inspector
    discipline = Discipline.objects.get(cadre=proposer.cadre)
    assert discipline.status == Discipline.Status.UNDER_REVIEW and "quy hoạch" in discipline.reason
    person = InvolvedPerson.objects.get(case=case, user=proposer)
    assert (person.recommendation, person.discipline) == ("discipline", discipline)

    leaders = client_for(leadership)
    claim_and_execute(leaders, case, RevocationFlow.decide, ruling("revoke"))
    case.refresh_from_db()
    assert case.status == PROCESS.DONE and case.outcome == CaseOutcome.REVOKED
    revocation = case.revocation_decision
    assert revocation.kind == Decision.Kind.REVOCATION and revocation.status == Decision.Status.SIGNED
    assert (revocation.revokes_id, revocation.grounds, revocation.reason) == (
        decision.pk,
        REVOCATION_GROUNDS,
        REASON,
    )
    assert revocation.process_id == case.pk and revocation.authority_id == decision.authority_id

    # the original: marked revoked, content untouched, tenure ended, seat reopened
    original = Decision.objects.get(pk=decision.pk)
    assert original.status == Decision.Status.REVOKED and original.revoked_by == revocation
    assert content_of(original) == before
    tenure = Tenure.objects.get(pk=decision.tenure_id)
    assert tenure.ended_on == revocation.effective_from and tenure.end_reason == Tenure.EndReason.REVOKED
    assert vacancies(position) == 1
    assert [h.status for h in Decision.history.filter(id=decision.pk).order_by("history_date")] == [
        "draft",
        "signed",
        "revoked",
    ]

    # the original stays readable; the revocation decision's PDF exists and downloads
    page = commission.get(f"/decisions/decisions/{decision.pk}/")
    assert page.status_code == 200 and 'id="decision-status">' in page.content.decode()
    response = commission.get(f"/decisions/decisions/{revocation.pk}/pdf/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")

    # who took part in the revocation decision: opener, investigator, decider, signer
    assert set(
        DecisionParticipant.objects.filter(decision=revocation).values_list("user", "role_in_procedure")
    ) == {
        (inspector.pk, "proposer"),
        (inspector.pk, "verifier"),
        (leadership.pk, "decider"),
        (leadership.pk, "signer"),
    }
    actions = list(AuditEntry.objects.filter(process_id=case.pk).values_list("action", flat=True))
    for action in (
        "revocation.opened",
        "revocation.discipline_recommended",
        "revocation.investigated",
        "decision.signed",
        "tenure.ended",
        "decision.revoked",
        "revocation.revoked",
    ):
        assert action in actions, action
    assert AuditEntry.objects.filter(action="discipline.added", object_id=str(discipline.pk)).exists()
    case_page = commission.get(RevocationFlow.instance.reverse("process_detail", args=[case.pk]))
    assert case_page.status_code == 200
    assert revocation.number in case_page.content.decode()
    assert_readable()  # every entry the procedure wrote, as its history shows it


def test_the_competent_authority_may_keep_the_decision(client_for, inspector, leadership, decision, position):
    commission = client_for(inspector)
    open_case(commission, decision)
    case = latest_case()
    claim_and_execute(commission, case, RevocationFlow.investigate, investigation(case))
    claim_and_execute(
        client_for(leadership), case, RevocationFlow.decide, ruling("keep", reason="Quy trình đúng quy định.")
    )
    case.refresh_from_db()
    assert case.status == PROCESS.DONE and case.outcome == CaseOutcome.KEPT
    assert case.ruling_reason == "Quy trình đúng quy định." and case.revocation_decision is None
    decision.refresh_from_db()
    assert decision.status == Decision.Status.SIGNED and decision.revoked_by is None
    assert Tenure.objects.get(pk=decision.tenure_id).ended_on is None and vacancies(position) == 0
    assert not Decision.objects.filter(kind=Decision.Kind.REVOCATION).exists()
    assert AuditEntry.objects.filter(process_id=case.pk, action="revocation.kept").count() == 1
    assert case.task_set.filter(flow_task=RevocationFlow.end_kept).exists()


def test_the_organisation_board_may_open_a_case_too(client_for, reviewer, decision):
    open_case(client_for(reviewer), decision)
    case = latest_case()
    assert case.opened_as == "org_board" and case.started_by == reviewer


def test_each_step_belongs_to_its_role(client_for, inspector, leadership, reviewer, leader_a, decision):
    assert client_for(leader_a).get(RevocationFlow.start.reverse("execute")).status_code == 403
    open_case(client_for(inspector), decision)
    case = latest_case()
    task = case.task_set.get(flow_task=RevocationFlow.investigate)
    assign = RevocationFlow.investigate.reverse("assign", args=[case.pk, task.pk])
    for outsider in (reviewer, leadership):
        assert client_for(outsider).post(assign).status_code == 403
    claim_and_execute(client_for(inspector), case, RevocationFlow.investigate, investigation(case))
    task = case.task_set.get(flow_task=RevocationFlow.decide)
    assign = RevocationFlow.decide.reverse("assign", args=[case.pk, task.pk])
    for outsider in (inspector, reviewer):
        assert client_for(outsider).post(assign).status_code == 403
    assert client_for(leadership).post(assign).status_code == 302


def test_a_decision_page_offers_the_case_to_those_who_may_open_one(
    client_for, inspector, reviewer, leader_a, leadership, decision
):
    page = f"/decisions/decisions/{decision.pk}/"
    start = f"{RevocationFlow.start.reverse('execute')}?decision={decision.pk}"
    for user in (inspector, reviewer):
        assert start in client_for(user).get(page).content.decode()
    for user in (leader_a, leadership):
        assert start not in client_for(user).get(page).content.decode()
    form = client_for(inspector).get(start).context["form"]
    assert form["decision"].value() == decision.pk
