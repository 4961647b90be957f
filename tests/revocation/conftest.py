"""A signed appointment decision with the people who made it, and the personas of a revocation case.

The decision is of the province (a state authority) for a position of unit A; its participants are a unit leader
who has a cadre record (so a discipline can be recorded against them, and they can be transferred or retire), the
organisation-board reviewer and the province's leadership, who signed it.
"""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from viewflow.workflow.status import STATUS

from apps.accounts.models import Role
from apps.accounts.services import grant_role
from apps.decisions import services as decision_services
from apps.decisions.models import Decision
from apps.rulesets.selectors import rule_set_for
from tests.factories import CadreFactory, PositionFactory, UserFactory
from tests.signers import seat_signer, signer_of
from workflows.revocation.flows import RevocationFlow
from workflows.revocation.models import RevocationProcess

GROUNDS = "Căn cứ Luật Cán bộ, công chức;\nCăn cứ Nghị định số 170/2025/NĐ-CP của Chính phủ."
CASE_GROUNDS = "Bổ nhiệm người không có trong quy hoạch; hội nghị lấy phiếu không đủ số lượng triệu tập."
REVOCATION_GROUNDS = "Căn cứ Kết luận số 232-KL/TW;\nTheo đề nghị của Ủy ban Kiểm tra Tỉnh ủy."
REASON = "Quy trình bổ nhiệm vi phạm quy định về lấy phiếu tín nhiệm."


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def leadership(province, admin_user):
    user = UserFactory(username="leadership", first_name="Quốc Tuấn", last_name="Vương")
    grant_role(user=user, role=Role.LEADERSHIP, unit=province, include_descendants=True, actor=admin_user)
    seat_signer(user, province)  # signs from the registry (issue 9 §8)
    return user


@pytest.fixture
def proposer(unit_a, admin_user):
    """The unit leader who proposed the appointment: a cadre of unit A with a login."""
    cadre = CadreFactory(full_name="Đặng Văn Đề Xuất", current_unit=unit_a, job_title="Giám đốc Sở Nội vụ")
    user = UserFactory(username="dexuat", first_name="Văn Đề Xuất", last_name="Đặng", cadre=cadre)
    grant_role(user=user, role=Role.UNIT_LEADER, unit=unit_a, include_descendants=True, actor=admin_user)
    return user


@pytest.fixture
def position(unit_a, province):
    return PositionFactory(unit=unit_a, authority=province, title="Phó Giám đốc Sở Nội vụ", seats=1)


@pytest.fixture
def appointee(unit_a):
    return CadreFactory(full_name="Nguyễn Thị Hồng Nhung", current_unit=unit_a, job_title="Trưởng phòng")


@pytest.fixture
def decision(province, unit_a, position, appointee, proposer, reviewer, leadership):
    """Signed two weeks ago: the appointee holds the position's only seat."""
    issued = timezone.localdate() - timedelta(days=14)
    rule_set = rule_set_for(unit=province, on=issued)
    draft = decision_services.draft_decision(
        kind=Decision.Kind.APPOINTMENT,
        cadre=appointee,
        position=position,
        authority=province,
        rule_set=rule_set,
        params=rule_set.resolve(),
        effective_from=issued,
        grounds=GROUNDS,
        actor=reviewer,
    )
    return decision_services.sign_decision(
        decision=draft,
        signer=leadership,
        signer_title="Chủ tịch",
        signer_name="Vương Quốc Tuấn",
        issued_on=issued,
        participants=[
            (proposer, "proposer", unit_a),
            (reviewer, "reviewer", province, "Chuyên viên Ban Tổ chức"),
            (reviewer, "verifier", province, "Chuyên viên Ban Tổ chức"),
        ],
        actor=leadership,
    )


def pdf(name="bang-chung.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4 bang chung vi pham", content_type="application/pdf")


def today():
    return timezone.localdate().strftime("%d/%m/%Y")


def open_case(client, decision, *, grounds=CASE_GROUNDS, files=(), report=None, expect=302):
    data = {"decision": decision.pk, "grounds": grounds, "evidence": list(files)}
    if report is not None:
        data["report"] = report.pk
    response = client.post(RevocationFlow.start.reverse("execute"), data)
    assert response.status_code == expect, response.status_code
    return response


def latest_case():
    return RevocationProcess.objects.order_by("-pk").first()


def open_task(case, node):
    return case.task_set.get(flow_task=node, status__in=[STATUS.NEW, STATUS.ASSIGNED])


def claim_and_execute(client, case, node, data, *, expect=302):
    task = open_task(case, node)
    if task.status == STATUS.NEW:
        response = client.post(node.reverse("assign", args=[case.pk, task.pk]))
        assert response.status_code == 302, response.status_code
    response = client.post(node.reverse("execute", args=[case.pk, task.pk]), data)
    assert response.status_code == expect, (response.status_code, _errors(response))
    return response


def _errors(response):
    context = getattr(response, "context", None)
    if not context:
        return None
    form = context.get("form")
    return form.errors if form is not None else None


def form_codes(response):
    return [e.code for e in response.context["form"].non_field_errors().as_data()]


def investigation(case, *, findings="Hội nghị chỉ triệu tập 12/20 người.", people=None):
    """The investigation form for `case`: `people` maps a user to (discipline?, note)."""
    people = people or {}
    involved = list(case.involved.order_by("pk"))
    data = {"findings": findings, "people-TOTAL_FORMS": len(involved), "people-INITIAL_FORMS": len(involved)}
    for i, person in enumerate(involved):
        discipline, note = people.get(person.user, (False, ""))
        data[f"people-{i}-person"] = person.pk
        data[f"people-{i}-note"] = note
        if discipline:
            data[f"people-{i}-discipline"] = "on"
    return data


def ruling(kind, *, reason=REASON, grounds=REVOCATION_GROUNDS, on=None):
    on = on or today()
    return {
        "ruling": kind,
        "reason": reason,
        "grounds": grounds,
        "revoked_on": on,
        "issued_on": on,
        "signer": signer_of(),
    }
