"""The signed candidate list (danh sách nhân sự giới thiệu ứng cử) as a PDF, in the layout of the decisions it
accompanies (``apps.decisions.pdf``: the same faces, margins and header), rendered in reportlab's invariant mode so
the same list always gives the same bytes.

The sentences are Vietnamese on purpose: they are the text of an official document, not interface strings.
"""

import io
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from apps.decisions.document import date_words, day
from apps.decisions.pdf import (
    CONTENT_WIDTH,
    PAGE_BOTTOM,
    PAGE_LEFT,
    PAGE_RIGHT,
    PAGE_TOP,
    styles,
)

BODIES = {
    "party_committee": "cấp ủy",
    "peoples_council": "Hội đồng nhân dân",
    "council_post": "chức danh do Hội đồng bầu",
}


def _p(text, style):
    return Paragraph(escape(text), style)


def _rows(listed, st):
    head = ["TT", "Họ và tên", "Ngày sinh", "Chức vụ, đơn vị công tác", "Quyết định giới thiệu"]
    rows = [[_p(text, st["recipients_head"]) for text in head]]
    for number, candidate in enumerate(listed, start=1):
        cadre = candidate.cadre
        post = ", ".join(
            part
            for part in (cadre.job_title, cadre.current_unit.name if cadre.current_unit_id else "")
            if part
        )
        rows.append(
            [
                _p(str(number), st["recipient"]),
                _p(cadre.full_name, st["recipient"]),
                _p(day(cadre.birth_date), st["recipient"]),
                _p(post, st["recipient"]),
                _p(f"Số {candidate.decision.number}" if candidate.decision_id else "", st["recipient"]),
            ]
        )
    return rows


def _table(listed, st):
    widths = [10 * mm, 45 * mm, 25 * mm, CONTENT_WIDTH - 115 * mm, 35 * mm]
    table = Table(_rows(listed, st), colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, "black"),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def _story(process, listed, signer_title, signer_name, issued_on):
    st = styles()
    first = listed[0].decision if listed and listed[0].decision_id else None
    body_name = (first.body_name if first else process.position.authority.name).upper()
    place = first.place_name if first and first.place_name else ""
    position = process.position
    story = [
        _p(body_name, st["head_bold"]),
        _p(f"{place}, {date_words(issued_on)}" if place else date_words(issued_on), st["date"]),
        _p("DANH SÁCH", st["title"]),
        _p(f"nhân sự giới thiệu ứng cử {position.title}, {position.unit.name}", st["abstract"]),
        _p(
            f"{process.election_name} ({BODIES.get(process.body, '')}), ngày {day(process.election_date)}",
            st["date"],
        ),
        Spacer(1, 4 * mm),
        _table(listed, st),
        Spacer(1, 4 * mm),
        _p(
            f"Số lượng cần bầu: {process.seats}; số người được giới thiệu: {len(listed)} "
            f"(số dư: {process.list_surplus or len(listed) - process.seats}).",
            st["body"],
        ),
        Spacer(1, 6 * mm),
        _p((signer_title or "").upper(), st["sign"]),
        _p("(Đã ký)", st["sign_note"]),
        Spacer(1, 10 * mm),
        _p(signer_name or "", st["sign"]),
    ]
    return story


def render_list_pdf(process, listed, signer_title, signer_name, issued_on):
    """The PDF bytes of the signed list of `process` (`listed`: its candidates on the list, with their signed
    nomination decisions)."""
    buffer = io.BytesIO()
    template = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=PAGE_LEFT,
        rightMargin=PAGE_RIGHT,
        topMargin=PAGE_TOP,
        bottomMargin=PAGE_BOTTOM,
        title=f"Danh sách giới thiệu ứng cử — {process.election_name}",
        author=process.position.authority.name,
        subject="Danh sách nhân sự giới thiệu ứng cử",
        creator="CadreFlow",
        invariant=1,
    )
    template.build(_story(process, listed, signer_title, signer_name, issued_on))
    return buffer.getvalue()
