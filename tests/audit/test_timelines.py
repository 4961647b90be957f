"""Timelines over a real appointment procedure and the revocation of its decision: audit entries, steps and record
changes merged, with field diffs; the people who made the decision still found after they moved or retired;
filters; CSV and PDF exports; who may read them."""

# ruff: noqa: F811 (fixtures imported from other test packages are redefined as arguments)

import csv
import io
import re
from datetime import date, timedelta

import pytest
from django.utils import translation
from pypdf import PdfReader

from apps.accounts.models import RoleAssignment
from apps.accounts.services import withdraw_role
from apps.audit.labels import label_of
from apps.audit.models import AuditEntry
from apps.cadres.models import Cadre
from apps.cadres.services import update_cadre
from tests.appointment.conftest import leadership, position  # noqa: F401
from tests.appointment.helpers import claim_and_execute, latest_process, propose
from tests.appointment.test_walkthrough import _through_step4, _verification, conference, counts
from tests.factories import CadreFactory
from tests.signers import signer_of
from workflows.appointment.flows import AppointmentFlow
from workflows.revocation.flows import RevocationFlow

from .conftest import pdf as a_pdf

pytestmark = pytest.mark.django_db


def url(kind, pk, suffix="", query=""):
    return f"/inspection/timelines/{kind}/{pk}/{suffix}" + (f"?{query}" if query else "")


def entries(response):
    assert response.status_code == 200, response.status_code
    return list(response.context["page_obj"].object_list)


def page(client, process, number):
    return entries(client.get(url("procedure", process.pk), {"page": number}))


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def appointed(client_for, leader_a, reviewer, leadership, position, unit_a):
    """A whole appointment procedure, proposed by a unit leader who has a cadre record, ending with a signed
    decision. Returns (process, decision, winner)."""
    from tests.appointment.conftest import make_eligible

    leader_a.cadre = CadreFactory(full_name="Lê Văn Đề Xuất", current_unit=unit_a, job_title="Giám đốc Sở")
    leader_a.first_name, leader_a.last_name = "Văn Đề Xuất", "Lê"
    leader_a.save()
    c1 = make_eligible(unit_a, position, full_name="Nguyễn Văn An")
    c2 = make_eligible(unit_a, position, full_name="Trần Thị Bình")
    assert propose(client_for(leader_a), position).status_code == 302
    process = latest_process()
    board = client_for(reviewer)
    claim_and_execute(board, process, AppointmentFlow.policy_review, {"decision": "approved"})
    claim_and_execute(board, process, AppointmentFlow.nominate, {"cadres": [c1.pk, c2.pk]})
    _through_step4(process, board, c1, c2)
    claim_and_execute(board, process, AppointmentFlow.verification, _verification(process))
    claim_and_execute(
        board,
        process,
        AppointmentFlow.internal_5_collective,
        conference(counts(7, members=7), [5, 2], [c1, c2]),
    )
    winner = process.candidates.get(cadre=c1)
    today = date.today().strftime("%d/%m/%Y")
    claim_and_execute(
        board,
        process,
        AppointmentFlow.draft_decision,
        {"candidate": winner.pk, "effective_from": today, "grounds": "Căn cứ Quy định 377-QĐ/TW"},
    )
    claim_and_execute(
        client_for(leadership),
        process,
        AppointmentFlow.sign_decision,
        {"signer": signer_of(), "issued_on": today},
    )
    process.refresh_from_db()
    assert process.decision.status == "signed"
    return process, process.decision, c1


def test_the_procedure_timeline_merges_audit_entries_steps_and_record_changes(
    client_for, inspector, appointed
):
    process, decision, winner = appointed
    client = client_for(inspector)
    audit_only = entries(client.get(url("procedure", process.pk), {"kind": "audit"}))
    assert [e.action for e in audit_only] == list(
        AuditEntry.objects.filter(process_id=process.pk).order_by("seq").values_list("action", flat=True)
    )
    response = client.get(url("procedure", process.pk))
    assert response.context["page_obj"].paginator.count > len(audit_only)
    events = [
        e
        for number in response.context["page_obj"].paginator.page_range
        for e in page(client, process, number)
    ]
    actions = [e.action for e in events]
    assert "appointment.proposed" in actions and "step.done" in actions
    assert {"change.created", "change.changed"} <= set(actions)
    # field-level diffs of the procedure's own record and of its candidates
    assert any(("policy_decision", "", "approved") in e.fields for e in events)
    assert any(("status", "eligible", "selected") in e.fields for e in events)  # a candidate advancing
    created = next(
        e for e in events if e.action == "change.created" and e.subject.startswith("appointment candidate")
    )
    assert ("status", None, "eligible") in created.fields and created.changes
    # in time order
    assert [e.when for e in events] == sorted(e.when for e in events)


def test_a_participant_who_moved_and_retired_stays_on_the_decision_timeline(
    client_for, inspector, admin_user, leader_a, unit_b, appointed
):
    process, decision, winner = appointed
    update_cadre(
        leader_a.cadre,
        actor=admin_user,
        current_unit=unit_b,
        employment_status=Cadre.EmploymentStatus.RETIRED,
        left_on=date.today() - timedelta(days=1),
    )
    for assignment in RoleAssignment.objects.active().filter(user=leader_a):
        withdraw_role(assignment=assignment, actor=admin_user)
    leader_a.is_active = False
    leader_a.save()

    response = client_for(inspector).get(url("decision", decision.pk))
    events = entries(response)
    content = response.content.decode()
    # who they were then and where they are now
    proposer = next(p for p in response.context["people"] if p.user_id == leader_a.pk)
    assert proposer.role_in_procedure == "proposer" and proposer.unit_at_the_time.name == "Sở Nội vụ"
    assert proposer.now["cadre"].employment_status == "retired" and proposer.now["roles"] == []
    row = re.search(rf'<tr class="cf-person" data-user="{leader_a.pk}">(.*?)</tr>', content, re.S).group(1)
    assert "Sở Nội vụ" in row and "Sở Tài chính" in row and "Văn Đề Xuất" in row
    assert proposer.now["cadre"].get_employment_status_display() in row
    # what they did in the procedure that produced the decision
    theirs = [e for e in events if e.actor_id == leader_a.pk]
    assert {"appointment.proposed", "step.done"} <= {e.action for e in theirs}
    assert all("dexuat" in e.actor or "Đề Xuất" in e.actor for e in theirs)
    # and their own timeline shows it too, after they left
    mine = entries(client_for(inspector).get(url("user", leader_a.pk)))
    assert "appointment.proposed" in {e.action for e in mine}
    assert any(
        e.object_ref[:1] == ("cadres.cadre",) and e.action == "change.changed" for e in mine
    )  # the transfer
    page = client_for(inspector).get(url("user", leader_a.pk)).content.decode()
    assert decision.number in page and "withdrawn" in page


def test_the_decision_timeline_follows_its_revocation(client_for, inspector, leadership, appointed):
    from tests.revocation.conftest import claim_and_execute as step
    from tests.revocation.conftest import investigation, latest_case, open_case, ruling

    process, decision, winner = appointed
    commission = client_for(inspector)
    open_case(commission, decision, files=[a_pdf()])
    case = latest_case()
    step(commission, case, RevocationFlow.investigate, investigation(case))
    step(client_for(leadership), case, RevocationFlow.decide, ruling("revoke"))
    case.refresh_from_db()
    events = entries(commission.get(url("decision", decision.pk), {"order": "desc"}))
    actions = [e.action for e in events]
    for action in ("decision.revoked", "revocation.opened", "revocation.revoked", "decision.signed"):
        assert action in actions, action
    revoked = next(
        e
        for e in events
        if e.object_ref == ("decisions.decision", str(decision.pk)) and e.action == "change.changed"
    )
    assert ("status", "signed", "revoked") in revoked.fields
    assert any(
        name == "revoked_by" and new == case.revocation_decision_id for name, _o, new in revoked.fields
    )
    assert events[0].when >= events[-1].when
    # the tenure the decision opened, and its end on the revocation date
    tenure_events = entries(commission.get(url("decision", decision.pk), {"action": "tenure"}))
    assert {"tenure.added", "tenure.ended"} <= {e.action for e in tenure_events}
    ended = entries(commission.get(url("decision", decision.pk), {"kind": "change", "order": "desc"}))
    assert any(
        e.object_ref == ("cadres.tenure", str(decision.tenure_id))
        and any(f[0] == "ended_on" for f in e.fields)
        for e in ended
    )
    case_events = entries(commission.get(url("procedure", case.pk)))
    assert {"revocation.opened", "step.done", "change.changed", "tenure.ended"} <= {
        e.action for e in case_events
    }


def test_the_cadre_timeline_gathers_their_procedures_decisions_and_records(client_for, inspector, appointed):
    process, decision, winner = appointed
    client = client_for(inspector)
    audit = entries(client.get(url("cadre", winner.pk), {"kind": "audit", "order": "desc"}))
    assert {"candidate.verified", "decision.signed", "tenure.started"} & {e.action for e in audit} >= {
        "candidate.verified",
        "decision.signed",
    }
    assert any(e.process_id == process.pk for e in audit)
    changes = entries(client.get(url("cadre", winner.pk), {"kind": "change", "order": "desc"}))
    assert any(e.object_ref[:1] == ("cadres.tenure",) and e.action == "change.created" for e in changes)
    assert any(e.object_ref[:1] == ("appointment.appointmentcandidate",) for e in changes)
    steps = entries(client.get(url("cadre", winner.pk), {"kind": "step"}))
    assert steps and all(e.process_id == process.pk for e in steps)  # the steps of their procedure


def test_filters_by_action_source_and_date(client_for, inspector, appointed):
    process, decision, winner = appointed
    client = client_for(inspector)
    only = entries(client.get(url("procedure", process.pk), {"action": "appointment"}))
    assert only and all(e.action.startswith("appointment.") for e in only)
    exact = entries(client.get(url("procedure", process.pk), {"action": "appointment.proposed"}))
    assert [e.action for e in exact] == ["appointment.proposed"]
    steps = entries(client.get(url("procedure", process.pk), {"kind": "step"}))
    assert steps and all(e.kind == "step" for e in steps)
    changes = entries(client.get(url("procedure", process.pk), {"kind": "change"}))
    assert changes and all(e.kind == "change" for e in changes)
    assert entries(client.get(url("procedure", process.pk), {"date_to": "01/01/2000"})) == []
    today = date.today().strftime("%d/%m/%Y")
    assert entries(client.get(url("procedure", process.pk), {"date_from": today, "date_to": today}))


def labels(code):
    """The action's label in either language (the export is in the reader's)."""
    found = set()
    for language in ("vi", "en"):
        with translation.override(language):
            found.add(label_of(code))
    return found


def test_exports_open_and_contain_the_entries(client_for, inspector, appointed):
    process, decision, winner = appointed
    client = client_for(inspector)
    response = client.get(url("procedure", process.pk, "csv/"))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    total = client.get(url("procedure", process.pk)).context["page_obj"].paginator.count
    assert len(rows) == 2 + total
    # the export names the action in the reader's language, never by its code
    proposed = labels("appointment.proposed")
    assert "appointment.proposed" not in proposed and any(row[2] in proposed for row in rows[2:])
    assert not any(row[2] == "appointment.proposed" for row in rows[2:])
    assert any("Nguyễn Văn An" in cell for row in rows for cell in row)

    response = client.get(url("procedure", process.pk, "pdf/"), {"action": "appointment"})
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    flat = " ".join(text.split())
    assert any(label in flat for label in labels("appointment.proposed"))
    assert any(label in flat for label in labels("appointment.appointed"))
    assert "appointment.proposed" not in flat  # the label, not the code
    assert "Phó Giám đốc Sở Nội vụ" in text and "1/QĐ-UBND" in text  # diacritics embedded and extractable
    assert not any(label in flat for label in labels("step.done"))  # the filter applies to the export


def test_only_the_inspection_commission_reads_timelines(
    client_for,
    inspector,
    leader_a,
    reviewer,
    leadership,
    unit_b,
    admin_user,
    appointed,
):
    from apps.accounts.models import Role
    from apps.accounts.services import grant_role
    from tests.factories import UserFactory

    process, decision, winner = appointed
    paths = [
        url("procedure", process.pk),
        url("decision", decision.pk),
        url("cadre", winner.pk),
        url("user", reviewer.pk),
        url("decision", decision.pk, "csv/"),
        url("decision", decision.pk, "pdf/"),
        "/inspection/timelines/",
    ]
    for user in (reviewer, leadership):
        for path in paths:
            assert client_for(user).get(path).status_code == 403, (user, path)
    assert client_for(None).get(paths[0]).status_code == 302  # to the login page
    inspector_b = UserFactory(username="inspector_b")
    grant_role(
        user=inspector_b, role=Role.INSPECTION, unit=unit_b, include_descendants=True, actor=admin_user
    )
    for path in paths[:3]:
        assert client_for(inspector_b).get(path).status_code == 404, path
    for path in paths:
        assert client_for(inspector).get(path).status_code == 200, path
        assert client_for(inspector).post(path).status_code == 405, path
    assert client_for(inspector).get(url("nonsense", 1)).status_code == 404


def test_the_timeline_is_linked_from_decision_cadre_and_procedure_pages(
    client_for, inspector, reviewer, appointed
):
    process, decision, winner = appointed
    pages = {
        f"/decisions/decisions/{decision.pk}/": url("decision", decision.pk),
        f"/registry/cadres/{winner.pk}/": url("cadre", winner.pk),
        AppointmentFlow.instance.reverse("process_detail", args=[process.pk]): url("procedure", process.pk),
    }
    for page, link in pages.items():
        assert link in client_for(inspector).get(page).content.decode(), page
        assert link not in client_for(reviewer).get(page).content.decode(), page


def test_timeline_lookup(client_for, inspector, appointed):
    process, decision, winner = appointed
    client = client_for(inspector)
    response = client.get("/inspection/timelines/", {"q": winner.code})
    assert url("cadre", winner.pk) in response.content.decode()
    response = client.get("/inspection/timelines/", {"q": decision.number})
    assert url("decision", decision.pk) in response.content.decode()
    response = client.get("/inspection/timelines/", {"q": str(process.pk), "kind": "procedure"})
    assert response.status_code == 302 and response["Location"] == url("procedure", process.pk)


@pytest.fixture(autouse=True)
def _english_ui(settings):
    """These tests read subjects rendered through gettext (model names): pin English for requests and code
    alike, so that they test the timelines and not the Vietnamese catalogue."""
    from django.utils import translation

    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield
