"""The inspection commission reads everything and changes nothing (docs/design.md §1): every page of the registry,
the decisions, the procedures and the timelines opens for an inspector; every change endpoint — pages and the REST API —
refuses them (403/404/405, the admin sends them to its login) and nothing in the database moves. Their own work — opening and
investigating revocation cases, handling reports — is tested with the revocation procedure."""

# ruff: noqa: F811 (fixtures imported from other test packages are redefined as arguments)

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from viewflow.workflow.models import Process, Task

from apps.audit.models import AuditEntry
from apps.cadres import models as cadres
from apps.decisions.models import Decision, DecisionParticipant
from tests.appointment.helpers import latest_process, propose
from tests.factories import PositionFactory
from tests.revocation.conftest import (  # noqa: F401
    _media,
    appointee,
    claim_and_execute,
    decision,
    investigation,
    latest_case,
    leadership,
    open_case,
    position,
    proposer,
    ruling,
)
from workflows.appointment.flows import AppointmentFlow
from workflows.common.models import StepAttachment, StepComment
from workflows.revocation.flows import RevocationFlow

pytestmark = pytest.mark.django_db


def snapshot():
    counted = [
        cadres.Cadre,
        cadres.Tenure,
        cadres.Discipline,
        cadres.PoliticalConclusion,
        cadres.Evaluation,
        cadres.Achievement,
        Decision,
        DecisionParticipant,
        Process,
        StepComment,
        StepAttachment,
    ]
    return (
        {model.__name__: model.objects.count() for model in counted},
        list(Task.objects.order_by("pk").values_list("pk", "status", "owner")),
        list(Process.objects.order_by("pk").values_list("pk", "status")),
        list(Decision.objects.order_by("pk").values_list("pk", "status")),
        list(cadres.Cadre.objects.order_by("pk").values_list("pk", "full_name", "current_unit", "job_title")),
        AuditEntry.objects.count(),
    )


@pytest.fixture
def world(client_for, inspector, leader_a, reviewer, leadership, unit_a, decision, appointee):
    """An appointment waiting for its policy review, and a closed revocation case on a signed decision."""
    free = PositionFactory(unit=unit_a, title="Phó Chánh Văn phòng", seats=1)
    assert propose(client_for(leader_a), free).status_code == 302
    appointment = latest_process()
    commission = client_for(inspector)
    open_case(commission, decision)
    case = latest_case()
    claim_and_execute(commission, case, RevocationFlow.investigate, investigation(case))
    claim_and_execute(client_for(leadership), case, RevocationFlow.decide, ruling("keep", reason="Đúng."))
    return appointment, case, decision, appointee


def test_an_inspector_reads_every_page(client_for, inspector, world):
    appointment, case, decision, cadre = world
    client = client_for(inspector)
    task = appointment.task_set.get(flow_task=AppointmentFlow.policy_review)
    pages = [
        "/registry/cadres/",
        f"/registry/cadres/{cadre.pk}/",
        f"/registry/units/{cadre.current_unit_id}/",
        "/decisions/decisions/",
        f"/decisions/decisions/{decision.pk}/",
        f"/decisions/decisions/{decision.pk}/pdf/",
        AppointmentFlow.instance.reverse("process_detail", args=[appointment.pk]),
        AppointmentFlow.policy_review.reverse("detail", args=[appointment.pk, task.pk]),
        RevocationFlow.instance.reverse("process_detail", args=[case.pk]),
        "/inspection/audit/",
        f"/inspection/timelines/procedure/{appointment.pk}/",
        f"/inspection/timelines/procedure/{case.pk}/",
        f"/inspection/timelines/decision/{decision.pk}/",
        f"/inspection/timelines/cadre/{cadre.pk}/",
    ]
    for page in pages:
        assert client.get(page).status_code == 200, page


def test_an_inspector_changes_nothing(client_for, inspector, reviewer, world):
    appointment, case, decision, cadre = world
    client = client_for(inspector)
    review = appointment.task_set.get(flow_task=AppointmentFlow.policy_review)
    step = AppointmentFlow.policy_review
    today = date.today().strftime("%d/%m/%Y")
    pdf = SimpleUploadedFile("x.pdf", b"%PDF-1.4 x", content_type="application/pdf")
    posts = {
        "/registry/cadres/add/": {"code": "X1", "full_name": "Người Lạ", "birth_date": "01/01/1980"},
        f"/registry/cadres/{cadre.pk}/change/": {"full_name": "Đổi Tên", "birth_date": "01/01/1980"},
        f"/registry/cadres/{cadre.pk}/tenures/add/": {"start_date": today},
        f"/registry/cadres/{cadre.pk}/disciplines/add/": {"status": "under_review", "reason": "x"},
        f"/registry/cadres/{cadre.pk}/conclusions/add/": {"status": "pending"},
        f"/registry/cadres/{cadre.pk}/evaluations/add/": {"year": 2025, "rating": "good"},
        f"/registry/cadres/{cadre.pk}/achievements/add/": {"title": "x", "achieved_on": today},
        AppointmentFlow.start.reverse("execute"): {"seats": 1, "job_needs": "x", "criteria": "x"},
        step.reverse("assign", args=[appointment.pk, review.pk]): {},
        step.reverse("execute", args=[appointment.pk, review.pk]): {"decision": "approved"},
        step.reverse("cancel", args=[appointment.pk, review.pk]): {},
        AppointmentFlow.instance.reverse("process_comment", args=[appointment.pk]): {"text": "x"},
        AppointmentFlow.instance.reverse("process_attach", args=[appointment.pk]): {
            "kind": "other",
            "file": pdf,
        },
        AppointmentFlow.instance.reverse("process_withdraw", args=[appointment.pk]): {"reason": "x"},
        AppointmentFlow.instance.reverse("task_reassign", args=[appointment.pk, review.pk]): {
            "user": reviewer.pk
        },
        AppointmentFlow.instance.reverse("process_cancel", args=[appointment.pk]): {},
        RevocationFlow.instance.reverse("process_comment", args=[case.pk]): {"text": "x"},
        RevocationFlow.instance.reverse("process_withdraw", args=[case.pk]): {"reason": "x"},
        f"/decisions/decisions/{decision.pk}/": {"status": "revoked"},
        f"/inspection/timelines/decision/{decision.pk}/": {},
        "/inspection/audit/": {},
    }
    before = snapshot()
    for path, data in posts.items():
        status = client.post(path, data).status_code
        assert status in (403, 404, 405), (path, status)
    api = {
        "/api/v1/cadres/": "post",
        f"/api/v1/cadres/{cadre.pk}/": "patch",
        f"/api/v1/decisions/{decision.pk}/": "delete",
        "/api/v1/audit-entries/": "post",
        f"/api/v1/audit-entries/{AuditEntry.objects.order_by('seq').first().seq}/": "delete",
    }
    for path, method in api.items():
        status = getattr(client, method)(
            path, {"full_name": "Đổi Tên"}, content_type="application/json"
        ).status_code
        assert status in (403, 404, 405), (path, method, status)
    for path in (
        f"/admin/cadres/cadre/{cadre.pk}/change/",
        f"/admin/decisions/decision/{decision.pk}/change/",
    ):
        response = client.post(path, {"full_name": "Đổi Tên"})
        assert response.status_code == 302 and "/admin/login/" in response["Location"], path
    assert snapshot() == before
