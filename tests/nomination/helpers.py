"""Walking the nomination flow over HTTP as the real roles."""

from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from viewflow.workflow.status import STATUS

from tests.appointment.conftest import make_eligible
from tests.signers import signer_of
from workflows.nomination.flows import NominationFlow
from workflows.nomination.models import NominationCandidate, NominationProcess

FLOW = NominationFlow.instance
ROUNDS = [
    NominationFlow.nomination_1_standing,
    NominationFlow.nomination_2_key_officials,
    NominationFlow.nomination_3_executive,
    NominationFlow.nomination_4_standing,
    NominationFlow.nomination_5_executive,
]


def today_text(day=None):
    return (day or date.today()).strftime("%d/%m/%Y")


def open_task(process, node):
    return process.task_set.get(flow_task=node, status__in=[STATUS.NEW, STATUS.ASSIGNED])


def errors_of(response):
    context = getattr(response, "context", None)
    if not context:
        return None
    form = context.get("form")
    formset = context.get("formset")
    return (
        form.errors if form is not None else None,
        (formset.errors, formset.non_form_errors()) if formset is not None else None,
    )


def registry_round(process, node, data):
    """Before posting a round of a collective — the standing or the executive committee, whose membership on the
    day gives those convened (issue 9 point 10): the collective gets the test's figure as its size in the
    registry (``tests.collectives.seed_collective``). The registry's size is ``_registry_members`` when the test
    sets it (then a typed `convened` is posted as typed), else the typed `convened`, which the form then does not
    receive. Returns the data to post; other rounds and steps are posted as they are."""
    from tests.collectives import REGISTRY_MEMBERS, registry_target, seed_collective

    target = registry_target(process, node) if getattr(node, "name", "").startswith("nomination_") else None
    if target is None or not hasattr(data, "get"):
        return data
    data = dict(data)
    size = data.pop(REGISTRY_MEMBERS, None)
    if size is None:
        size = data.pop("convened", None)
    if size is not None:
        seed_collective(target[0], size, kind=target[1])
    return data


def claim_and_execute(client, process, node, data, *, expect=302):
    """Claim the open task of `node` (if not yet assigned) and post its form; return the response."""
    data = registry_round(process, node, data)
    task = open_task(process, node)
    if task.status == STATUS.NEW:
        response = client.post(task.flow_task.reverse("assign", args=[process.pk, task.pk]))
        assert response.status_code == 302, response.status_code
    response = client.post(task.flow_task.reverse("execute", args=[process.pk, task.pk]), data)
    assert response.status_code == expect, (response.status_code, errors_of(response))
    return response


def non_field_codes(response):
    return [e.code for e in response.context["form"].non_field_errors().as_data()]


def field_codes(response, field):
    form = response.context["form"]
    return [e.code for e in form.errors.get(field, form.error_class()).as_data()]


def eligible_cadres(unit, position, n, prefix="Ứng viên"):
    return [make_eligible(unit, position, full_name=f"{prefix} {i + 1}") for i in range(n)]


def proposal(position, cadres, *, seats=None, election_date=None, body="party_committee"):
    return {
        "position": position.pk,
        "body": body,
        "election_name": "Đại hội Đảng bộ nhiệm kỳ 2025–2030",
        "election_date": today_text(election_date),
        "seats": position.seats if seats is None else seats,
        "structure": "Cơ cấu, tiêu chuẩn theo Chỉ thị 35",
        "cadres": [c.pk for c in cadres],
    }


def propose(client, position, cadres, **kwargs):
    return client.post(NominationFlow.start.reverse("execute"), proposal(position, cadres, **kwargs))


def latest_process():
    return NominationProcess.objects.order_by("-pk").first()


def _pdf(name):
    return SimpleUploadedFile(name, b"%PDF-1.4 bien ban", content_type="application/pdf")


def counts(convened, present=None, valid=None):
    present = convened if present is None else present
    valid = present if valid is None else valid
    return {
        "convened": convened,
        "present": present,
        "ballots_issued": present,
        "ballots_returned": present,
        "ballots_valid": valid,
    }


def conference(counts_, tallies, cadres, **extra):
    data = {
        "held_on": today_text(),
        "minutes": _pdf("bien_ban.pdf"),
        "count_minutes": _pdf("kiem_phieu.pdf"),
        **counts_,
        **extra,
    }
    data.update({"tally-TOTAL_FORMS": len(tallies), "tally-INITIAL_FORMS": len(tallies)})
    for i, (cadre, votes) in enumerate(zip(cadres, tallies, strict=True)):
        data[f"tally-{i}-cadre"] = cadre.pk
        data[f"tally-{i}-votes_for"] = votes
    return data


def going_on(process):
    """The cadres still in the running, in the order the steps list them."""
    return [
        c.cadre
        for c in process.candidates.filter(status__in=NominationCandidate.ACTIVE_STATUSES)
        .select_related("cadre")
        .order_by("pk")
    ]


def verification(process, years=3, documents=True):
    candidates = list(
        process.candidates.filter(status__in=NominationCandidate.ACTIVE_STATUSES).order_by("pk")
    )
    data = {"confirm": "on", "docs-TOTAL_FORMS": len(candidates), "docs-INITIAL_FORMS": len(candidates)}
    for i, c in enumerate(candidates):
        data[f"docs-{i}-candidate"] = c.pk
        data[f"docs-{i}-years"] = years
        if documents:  # procedures §4 items 4–5 (issue 9 point 12): the documents, not only the years
            data[f"docs-{i}-self_assessment"] = _doc("tu_danh_gia.pdf")
            data[f"docs-{i}-evaluation"] = _doc("nhan_xet_tap_the.pdf")
    return data


def _doc(name):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, b"%PDF-1.4 ho so", content_type="application/pdf")


def result_data(rows, *, valid=300, held_on=None):
    """`rows`: [(candidate pk, elected, votes)]."""
    data = {
        "held_on": today_text(held_on),
        "ballots_valid": valid,
        "result-TOTAL_FORMS": len(rows),
        "result-INITIAL_FORMS": len(rows),
    }
    for i, (pk, elected, votes) in enumerate(rows):
        data[f"result-{i}-candidate"] = pk
        data[f"result-{i}-votes"] = votes
        if elected:
            data[f"result-{i}-elected"] = "on"
    return data


def sign_data(**extra):
    return {"signer": signer_of(), "issued_on": today_text(), **extra}
