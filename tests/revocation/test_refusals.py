"""Bad input is refused with its rule code and changes nothing: a decision already revoked, a second open case, a
case or a revocation without grounds, empty findings, a recommendation without a note, an investigator who took
part in the decision, a ruling without reasons."""

import pytest
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from apps.audit.models import AuditEntry
from apps.cadres.models import Discipline, Tenure
from apps.core.rules import RuleViolation
from apps.decisions import services as decision_services
from apps.decisions.models import Decision
from workflows.common import runner
from workflows.common.models import StepAttachment
from workflows.revocation.flows import RevocationFlow
from workflows.revocation.models import InvolvedPerson, RevocationProcess

from .conftest import (
    CASE_GROUNDS,
    REASON,
    REVOCATION_GROUNDS,
    claim_and_execute,
    form_codes,
    investigation,
    latest_case,
    open_case,
    open_task,
    pdf,
    ruling,
)

pytestmark = pytest.mark.django_db


def snapshot():
    """Everything a refused step must leave as it was."""
    return (
        list(RevocationProcess.objects.order_by("pk").values_list("pk", "outcome", "findings", "ruling")),
        list(Task.objects.order_by("pk").values_list("pk", "status")),
        list(Decision.objects.order_by("pk").values_list("pk", "status", "revoked_by")),
        list(Tenure.objects.order_by("pk").values_list("pk", "ended_on")),
        list(InvolvedPerson.objects.order_by("pk").values_list("pk", "recommendation", "note", "discipline")),
        Discipline.objects.count(),
        StepAttachment.objects.count(),
        AuditEntry.objects.count(),
    )


def open_directly(user, decision, grounds=CASE_GROUNDS):
    """Open a case through the step runner, as the start page does (no form)."""
    return runner.start(RevocationFlow, actor=user, decision=decision, grounds=grounds)


def refused(code, call):
    before = snapshot()
    with pytest.raises(RuleViolation) as exc:
        call()
    assert exc.value.rule_code == code
    assert snapshot() == before


def revoke_directly(decision, leadership):
    """The decision revoked outside any case (e.g. by the authority's own decision)."""
    from django.utils import timezone

    return decision_services.revoke_decision(
        original=decision,
        grounds=REVOCATION_GROUNDS,
        reason=REASON,
        authority=decision.authority,
        signer=leadership,
        signer_title="Chủ tịch",
        revoked_on=timezone.localdate(),
        actor=leadership,
    )


def test_a_decision_already_revoked_cannot_be_the_subject_of_a_case(inspector, leadership, decision):
    revoke_directly(decision, leadership)
    refused(
        "already_revoked",
        lambda: open_directly(inspector, decision),
    )


def test_a_revocation_decision_cannot_be_the_subject_of_a_case(inspector, leadership, decision):
    revocation = revoke_directly(decision, leadership)
    refused(
        "revocation_not_revocable",
        lambda: open_directly(inspector, revocation),
    )


def test_a_second_open_case_on_the_same_decision_is_refused(client_for, inspector, reviewer, decision):
    open_case(client_for(inspector), decision)
    refused(
        "case_already_open",
        lambda: open_directly(reviewer, decision),
    )
    # over HTTP: the form shows the refusal, nothing is written
    before = snapshot()
    response = open_case(client_for(reviewer), decision, expect=200)
    assert form_codes(response) == ["case_already_open"]
    assert snapshot() == before


def test_a_case_without_grounds_is_refused(client_for, inspector, decision):
    refused(
        "grounds_required",
        lambda: open_directly(inspector, decision, "  "),
    )
    before = snapshot()
    response = open_case(client_for(inspector), decision, grounds="", files=[pdf()], expect=200)
    assert form_codes(response) == ["grounds_required"]
    assert snapshot() == before


def test_an_executable_is_not_evidence(client_for, inspector, decision):
    from django.core.files.uploadedfile import SimpleUploadedFile

    before = snapshot()
    exe = SimpleUploadedFile("bang-chung.exe", b"MZ\x90\x00", content_type="application/octet-stream")
    response = open_case(client_for(inspector), decision, files=[exe], expect=200)
    assert [e.code for e in response.context["form"].errors.as_data()["evidence"]] == [
        "attachment_executable"
    ]
    assert snapshot() == before


def test_a_case_outside_the_openers_scope_is_not_found(client_for, unit_b, admin_user, decision):
    from django.http import Http404

    from apps.accounts.models import Role
    from apps.accounts.services import grant_role
    from tests.factories import UserFactory

    inspector_b = UserFactory(username="inspector_b")
    grant_role(
        user=inspector_b, role=Role.INSPECTION, unit=unit_b, include_descendants=True, actor=admin_user
    )
    before = snapshot()
    with pytest.raises(Http404):
        open_directly(inspector_b, decision)
    assert snapshot() == before
    assert decision not in open_case_choices(client_for(inspector_b))


def open_case_choices(client):
    response = client.get(RevocationFlow.start.reverse("execute"))
    assert response.status_code == 200
    return list(response.context["form"].fields["decision"].queryset)


@pytest.fixture
def opened(client_for, inspector, decision):
    open_case(client_for(inspector), decision)
    return latest_case()


def test_investigation_refusals(client_for, inspector, proposer, opened):
    commission = client_for(inspector)
    before = snapshot()
    response = claim_and_execute(
        commission, opened, RevocationFlow.investigate, investigation(opened, findings=""), expect=200
    )
    assert form_codes(response) == ["findings_required"]
    response = claim_and_execute(
        commission,
        opened,
        RevocationFlow.investigate,
        investigation(opened, people={proposer: (True, "")}),
        expect=200,
    )
    assert form_codes(response) == ["recommendation_note_required"]
    after = snapshot()
    # the claim is the only change: the task is assigned to the inspector, nothing else moved
    assert after[0] == before[0] and after[2:] == before[2:]
    assert Discipline.objects.count() == 0


def test_nobody_investigates_a_decision_they_took_part_in(client_for, admin_user, province, opened):
    from apps.accounts.models import Role
    from apps.accounts.services import grant_role

    signer = InvolvedPerson.objects.get(case=opened, role_in_procedure="signer").user
    grant_role(user=signer, role=Role.INSPECTION, unit=province, include_descendants=True, actor=admin_user)
    response = claim_and_execute(
        client_for(signer), opened, RevocationFlow.investigate, investigation(opened), expect=200
    )
    assert form_codes(response) == ["conflict_of_interest"]
    assert not opened.task_set.filter(flow_task=RevocationFlow.decide).exists()


@pytest.fixture
def investigated(client_for, inspector, opened):
    claim_and_execute(client_for(inspector), opened, RevocationFlow.investigate, investigation(opened))
    return opened


def test_a_revocation_without_grounds_or_reasons_is_refused(client_for, leadership, investigated):
    leaders = client_for(leadership)
    response = claim_and_execute(
        leaders, investigated, RevocationFlow.decide, ruling("revoke", grounds=""), expect=200
    )
    assert form_codes(response) == ["grounds_required"]
    before = snapshot()
    for data, code in (
        (ruling("revoke", reason=""), "reason_required"),
        (ruling("keep", reason=" "), "reason_required"),
        (ruling("revoke", grounds="   "), "grounds_required"),
    ):
        response = claim_and_execute(leaders, investigated, RevocationFlow.decide, data, expect=200)
        assert form_codes(response) == [code]
        assert snapshot() == before
    assert investigated.decision.status == Decision.Status.SIGNED
    assert not Decision.objects.filter(kind=Decision.Kind.REVOCATION).exists()


def test_revoking_a_decision_revoked_meanwhile_is_refused(client_for, leadership, investigated):
    revoke_directly(investigated.decision, leadership)
    leaders = client_for(leadership)
    task = open_task(investigated, RevocationFlow.decide)
    leaders.post(RevocationFlow.decide.reverse("assign", args=[investigated.pk, task.pk]))
    before = snapshot()
    response = claim_and_execute(leaders, investigated, RevocationFlow.decide, ruling("revoke"), expect=200)
    assert form_codes(response) == ["already_revoked"]
    assert snapshot() == before
    assert Decision.objects.filter(kind=Decision.Kind.REVOCATION).count() == 1
    assert open_task(investigated, RevocationFlow.decide).status == STATUS.ASSIGNED


def test_a_closed_case_no_longer_blocks_a_new_one(client_for, inspector, leadership, investigated):
    claim_and_execute(
        client_for(leadership), investigated, RevocationFlow.decide, ruling("keep", reason="Đúng quy định.")
    )
    open_case(client_for(inspector), investigated.decision)
    assert RevocationProcess.objects.filter(decision=investigated.decision).count() == 2
