"""Walking the reappointment flow over HTTP."""

from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from viewflow.workflow.status import STATUS

from tests.signers import signer_of
from workflows.reappointment.flows import ReappointmentFlow

FLOW = ReappointmentFlow.instance


def dmy(day):
    return day.strftime("%d/%m/%Y")


def open_task(process, node):
    return process.task_set.filter(flow_task=node, status__in=[STATUS.NEW, STATUS.ASSIGNED]).first()


def errors(response):
    context = getattr(response, "context", None)
    form = context.get("form") if context else None
    return form.errors if form is not None else None


def error_codes(response):
    return [e.code for e in response.context["form"].non_field_errors().as_data()]


def claim_and_execute(client, process, node, data, *, expect=302):
    """Claim the open task of `node` (when not yet assigned) and post its form; return the response."""
    task = open_task(process, node)
    assert task is not None, f"no open {node.name} task"
    if task.status == STATUS.NEW:
        response = client.post(task.flow_task.reverse("assign", args=[process.pk, task.pk]))
        assert response.status_code == 302, (node.name, response.status_code)
    from tests.collectives import ensure_registry_members

    ensure_registry_members(process, node, data)
    url = task.flow_task.reverse("execute", args=[process.pk, task.pk])
    page = client.get(url)  # every step's page renders before it is posted
    assert page.status_code == 200, (node.name, "GET", page.status_code)
    response = client.post(url, data)
    assert response.status_code == expect, (node.name, response.status_code, errors(response))
    return response


def pdf(name):
    return SimpleUploadedFile(name, b"%PDF-1.4 bien ban", content_type="application/pdf")


def verified(**extra):
    """The verification form's data: "meets", with the collective's evaluation attached (issue 9 point 12)."""
    return {
        "health_ok": "yes",
        "conclusion": "meets",
        "remarks": "",
        "evaluation": pdf("nhan_xet.pdf"),
        **extra,
    }


def counts(convened, present=None, valid=None, members=None):
    present = convened if present is None else present
    valid = present if valid is None else valid
    out = {
        "convened": convened,
        "present": present,
        "ballots_issued": present,
        "ballots_returned": present,
        "ballots_valid": valid,
    }
    if members is not None:
        # a collective's conference: those convened and its members come from the registry's membership on the
        # date (issue 9 point 10) — `members` is the size the test's collective has there
        del out["convened"]
        out["_registry_members"] = members  # tests.collectives.ensure_registry_members
    return out


def conference(cadre, counts_, votes, *, confidence=False, **extra):
    data = {
        "held_on": dmy(date.today()),
        "minutes": pdf("bien_ban.pdf"),
        "count_minutes": pdf("kiem_phieu.pdf"),
        "tally-TOTAL_FORMS": 1,
        "tally-INITIAL_FORMS": 1,
        "tally-0-cadre": cadre.pk,
        **counts_,
        **extra,
    }
    if confidence:
        data["tally-0-votes_for"], data["tally-0-votes_against"] = votes
    else:
        data["tally-0-votes_for"] = votes
    return data


def notice():
    return {"sent_on": dmy(date.today()), "reference": "TB-12/SNV", "text": "Đề nghị chuẩn bị hồ sơ."}


def self_assessment(**extra):
    return {
        "report": SimpleUploadedFile("tu_kiem_diem.pdf", b"%PDF-1.4 bao cao", content_type="application/pdf"),
        "text": "",
        "years": 5,
        "health_statement": "Đủ sức khỏe công tác (giấy khám 10/2026).",
        **extra,
    }


def sign(day=None):
    return {
        "signer": signer_of(),
        "issued_on": dmy(day or date.today()),
    }
