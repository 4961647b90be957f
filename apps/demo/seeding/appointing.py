"""One demo appointment run through the flow, from the proposal to the signed decision, step by step as the
step pages run them (``appoint``), with the helpers the demo's other procedures share: a unit's head in the
registry, one step through the step runner, a one-page minutes PDF. Used by ``procedures.run_appointments``.
"""

import io
from dataclasses import dataclass
from functools import cache

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone


@dataclass
class Appointment:
    process: object
    decision: object
    proposer: object
    candidates: list


def _head(unit):
    """The open tenure of the unit's head (its highest-ranked post, first seat), or ``None``."""
    from apps.cadres.models import Tenure

    return (
        Tenure.objects.open()
        .filter(position__unit=unit, position__is_active=True)
        .select_related("cadre", "position")
        .order_by("-position__rank", "position_id", "seat_number")
        .first()
    )


# --- one appointment through the flow ---------------------------------------------------------------------


def _step(process, node, actor, **data):
    """One step as its page runs it, through the step runner: under the flow's lock, refused to an actor without
    the step's permission, assigned if still free, started, the step's service, completed."""
    from workflows.common import runner

    return runner.run_step(runner.open_task(process, node), actor=actor, **data)


@cache
def _fonts():
    from apps.decisions.pdf import REGULAR, register_fonts

    register_fonts()
    return REGULAR


def minutes_pdf(name, lines):
    """A one-page PDF with `lines` (the minutes a clerk would scan and attach), as an uploaded file."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    font = _fonts()
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4, invariant=1)
    y = A4[1] - 72
    for index, line in enumerate(lines):
        page.setFont(font, 13 if index == 0 else 11)
        page.drawString(72, y, line)
        y -= 22 if index == 0 else 16
    page.showPage()
    page.save()
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/pdf")


def _conference(process, title, counts, tallies, cadres, **extra):
    today = timezone.localdate()
    data = {
        "held_on": today,
        "convened": counts[0],
        "present": counts[1],
        "ballots_issued": counts[1],
        "ballots_returned": counts[1],
        "ballots_valid": counts[1],
        "head_decision": None,
        "dissent": "",
        **extra,
    }
    lines = [
        f"BIÊN BẢN — {title}",
        f"{process.unit.name}, ngày {today:%d/%m/%Y}",
        f"Chức vụ: {process.position.title}",
        f"Triệu tập: {counts[0]}; có mặt: {counts[1]}",
        *[f"{c.full_name}: {votes}" for c, votes in zip(cadres, tallies or [], strict=False)],
        *([f"Tán thành danh sách: {extra['list_votes_for']}"] if "list_votes_for" in extra else []),
    ]
    by_cadre = {c.pk: votes for c, votes in zip(cadres, tallies, strict=True)} if tallies else {}
    return data, by_cadre, lines


def appoint(*, position, cadres, proposer, board, leadership, rng):
    """Run one internal-source appointment of `cadres[0]` (with `cadres[1]` as the surplus candidate) to a seat
    of `position`, from the proposal to the signed decision."""
    from apps.cadres.models import Tenure
    from workflows.appointment import services
    from workflows.appointment.flows import AppointmentFlow as Flow
    from workflows.appointment.models import AppointmentCandidate, AppointmentProcess, PolicyDecision, Source
    from workflows.common import runner

    today = timezone.localdate()
    process = runner.start(
        Flow,
        actor=proposer,
        position=position,
        seats=1,
        source=Source.INTERNAL,
        job_needs=(
            f"Kiện toàn chức danh {position.title} còn khuyết; "
            "đáp ứng yêu cầu nhiệm vụ chính trị của đơn vị trong nhiệm kỳ."
        ),
        criteria=position.requirements
        or "Tiêu chuẩn theo Quy định 365-QĐ/TW và khung năng lực vị trí việc làm.",
    )
    process = AppointmentProcess.objects.select_related("unit", "position").get(pk=process.pk)

    def run(node, actor, **data):
        return _step(process, node, actor, **data)

    run(Flow.policy_review, board, decision=PolicyDecision.APPROVED, reason="")
    run(Flow.nominate, board, cadres=cadres)
    from .collectives import seed_leadership

    # the leadership collective's size is data (issue 9 point 10): the registry's membership on the day
    collective = seed_leadership(
        process.unit, rng.choice([5, 7, 9]), on=today, actor=board, exclude=[c.pk for c in cadres]
    )
    expanded = rng.randint(14, 24)
    key_officials = rng.randint(24, 40)
    first = collective - rng.randint(0, 1)
    plan = [
        (
            Flow.internal_1_collective,
            0,
            (collective, collective),
            None,
            {"list_votes_for": first},
        ),
        (Flow.internal_2_expanded, 1, (expanded, expanded - 1), [expanded - 1 - 4, 4], {}),
        (Flow.internal_3_collective, 2, (collective, collective), [collective - 2, 2], {}),
        (
            Flow.internal_4_key_officials,
            3,
            (key_officials, key_officials - 2),
            [(key_officials - 5, 3), (key_officials // 3, key_officials - 2 - key_officials // 3)],
            {},
        ),
    ]
    specs = services.step_specs(process)

    def record(node, index, counts, tallies, extra):
        data, by_cadre, lines = _conference(
            process, str(specs[index].title), counts, tallies, cadres, **extra
        )
        stem = f"{process.pk}-buoc-{index + 1}"
        run(
            node,
            board,
            conference_data=data,
            tallies=by_cadre,
            minutes=minutes_pdf(f"bien-ban-{stem}.pdf", lines),
            count_minutes=minutes_pdf(f"kiem-phieu-{stem}.pdf", ["BIÊN BẢN KIỂM PHIẾU", *lines[1:]]),
        )

    for node, index, counts, tallies, extra in plan:
        record(node, index, counts, tallies, extra)
    years = process.params.achievement_years
    documents = {
        c.pk: {
            "years": years,
            # the dossier's documents (procedures §4 items 4–5): the self-assessment and the collective's evaluation
            "self_assessment": minutes_pdf(
                f"tu-danh-gia-{c.pk}.pdf", ["BẢN TỰ ĐÁNH GIÁ 3 NĂM", f"Ứng viên: {c.cadre.full_name}"]
            ),
            "evaluation": minutes_pdf(
                f"nhan-xet-{c.pk}.pdf",
                ["NHẬN XÉT, ĐÁNH GIÁ CỦA TẬP THỂ 3 NĂM", f"Ứng viên: {c.cadre.full_name}"],
            ),
        }
        for c in AppointmentCandidate.objects.filter(process=process).select_related("cadre")
    }
    run(Flow.verification, board, documents=documents)
    record(Flow.internal_5_collective, 4, (collective, collective), [collective - 1, 1], {})
    winner = AppointmentCandidate.objects.get(process=process, cadre=cadres[0])
    run(
        Flow.draft_decision,
        board,
        candidate=winner,
        effective_from=today,
        term_end=None,
        grounds=(
            "Căn cứ Luật Cán bộ, công chức số 80/2025/QH15; Nghị định số 170/2025/NĐ-CP; "
            "Quy định số 377-QĐ/TW; xét đề nghị của Ban Tổ chức Tỉnh ủy"
        ),
    )
    head = _head(position.authority)  # the authority's head signs; name and title come from the registry
    assert head is not None, f"no office holder of {position.authority} to sign"
    run(Flow.sign_decision, leadership, signer=head.cadre, issued_on=today)
    decision = _appointment_decision(process, cadres[0])
    assert Tenure.objects.filter(pk=decision.tenure_id, cadre=cadres[0]).exists()
    return Appointment(process=process, decision=decision, proposer=proposer, candidates=cadres)


def _appointment_decision(process, cadre):
    """The signed appointment decision of `cadre` in `process`."""
    from apps.decisions.models import Decision

    return Decision.objects.get(process_id=process.pk, cadre=cadre, status=Decision.Status.SIGNED)
