"""The decision as a PDF in the official layout (Nghị định 30/2020/NĐ-CP, Phụ lục I; party bodies: HD 36-HD/VPTW).

A4, margins 20 mm top and bottom, 30 mm left, 15 mm right; the bundled DejaVu Serif faces so that every Vietnamese
diacritic is embedded and extractable. The PDF is rendered with reportlab's *invariant* mode: the same decision
always gives the same bytes, so the SHA-256 stored at signing can be checked against a fresh rendering.
"""

import io
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import HRFlowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from .document import DRAFT_MARK, build_document

FONT_DIR = Path(__file__).resolve().parent.parent / "core" / "fonts"
REGULAR, BOLD, ITALIC = "CFSerif", "CFSerif-Bold", "CFSerif-Italic"

PAGE_LEFT, PAGE_RIGHT, PAGE_TOP, PAGE_BOTTOM = 30 * mm, 15 * mm, 20 * mm, 20 * mm
CONTENT_WIDTH = A4[0] - PAGE_LEFT - PAGE_RIGHT
HEADER_LEFT = 65 * mm
HEADER_RIGHT = CONTENT_WIDTH - HEADER_LEFT
BODY_SIZE = 13


@cache
def register_fonts():
    """Register the bundled faces once per process (there is no bold italic face: bold stands in for it)."""
    pdfmetrics.registerFont(TTFont(REGULAR, str(FONT_DIR / "DejaVuSerif.ttf")))
    pdfmetrics.registerFont(TTFont(BOLD, str(FONT_DIR / "DejaVuSerif-Bold.ttf")))
    pdfmetrics.registerFont(TTFont(ITALIC, str(FONT_DIR / "DejaVuSerif-Italic.ttf")))
    pdfmetrics.registerFontFamily(REGULAR, normal=REGULAR, bold=BOLD, italic=ITALIC, boldItalic=BOLD)


def _style(name, font=REGULAR, size=BODY_SIZE, align=TA_CENTER, **extra):
    return ParagraphStyle(name, fontName=font, fontSize=size, leading=size * 1.3, alignment=align, **extra)


@cache
def styles():
    register_fonts()
    return {
        "head": _style("head", size=11.5),
        "head_bold": _style("head_bold", font=BOLD, size=11.5),
        "nation": _style("nation", font=BOLD, size=11),
        "motto": _style("motto", font=BOLD, size=12),
        "date": _style("date", font=ITALIC, size=12),
        "number": _style("number", size=12),
        "draft": _style("draft", font=BOLD, size=11, spaceAfter=2),
        "title": _style("title", font=BOLD, size=14, spaceBefore=10),
        "abstract": _style("abstract", font=BOLD, size=13.5),
        "authority": _style("authority", font=BOLD, size=13.5, spaceBefore=8, spaceAfter=6),
        "ground": _style("ground", font=ITALIC, align=TA_JUSTIFY, firstLineIndent=10 * mm, spaceAfter=3),
        "decides": _style("decides", font=BOLD, size=13.5, spaceBefore=6, spaceAfter=6),
        "body": _style("body", align=TA_JUSTIFY, firstLineIndent=10 * mm, spaceAfter=4),
        "recipients_head": _style("recipients_head", font=BOLD, size=11.5, align=TA_LEFT),
        "recipient": _style("recipient", size=10.5, align=TA_LEFT),
        "sign": _style("sign", font=BOLD, size=12.5),
        "sign_note": _style("sign_note", font=ITALIC, size=11),
    }


def _p(text, style):
    return Paragraph(escape(text), style)


def _rule(width, space_before=1, space_after=4):
    return HRFlowable(
        width=width,
        thickness=0.6,
        color="black",
        hAlign="CENTER",
        spaceBefore=space_before,
        spaceAfter=space_after,
    )


def _text_width(text, style):
    return pdfmetrics.stringWidth(text, style.fontName, style.fontSize)


def _header(doc, st):
    left = []
    if doc.parent_body:
        left.append(_p(doc.parent_body, st["head"]))
    left.append(_p(doc.body_name, st["head_bold"]))
    left.append(_p("*", st["head"]) if doc.is_party else _rule(22 * mm))
    left.append(_p(doc.number_line, st["number"]))

    right = [_p(doc.nation, st["nation"])]
    if doc.motto:
        right.append(_p(doc.motto, st["motto"]))
        right.append(_rule(_text_width(doc.motto, st["motto"]), space_before=0))
    else:
        right.append(_rule(_text_width(doc.nation, st["nation"]), space_before=0))
    right.append(Spacer(1, 3))
    right.append(_p(doc.date_line, st["date"]))

    table = Table([[left, right]], colWidths=[HEADER_LEFT, HEADER_RIGHT])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return table


def _signature_block(doc, st):
    left = [_p("Nơi nhận:", st["recipients_head"])]
    left += [_p(f"- {line}", st["recipient"]) for line in doc.recipients]
    right = []
    if doc.on_behalf:
        right.append(_p(doc.on_behalf, st["sign"]))
    right.append(_p(doc.signer_title or " ", st["sign"]))
    right.append(Spacer(1, 6 * mm))
    if doc.signature_note:
        right.append(_p(doc.signature_note, st["sign_note"]))
    right.append(Spacer(1, 14 * mm))
    right.append(_p(doc.signer_name or " ", st["sign"]))
    table = Table([[left, right]], colWidths=[CONTENT_WIDTH * 0.5, CONTENT_WIDTH * 0.5])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 8),
            ]
        )
    )
    return table


def _story(doc):
    st = styles()
    story = [_header(doc, st)]
    if doc.is_draft:
        story.append(Spacer(1, 4))
        story.append(_p(DRAFT_MARK, st["draft"]))
    story.append(_p(doc.title, st["title"]))
    story.append(_p(doc.abstract, st["abstract"]))
    story.append(_rule(min(_text_width(doc.abstract, st["abstract"]) / 3, 50 * mm), space_before=2))
    story.append(_p(doc.authority_line, st["authority"]))
    story += [_p(line, st["ground"]) for line in doc.grounds]
    story.append(_p(doc.decides, st["decides"]))
    for article in doc.articles:
        first, *rest = article.paragraphs
        story.append(Paragraph(f"<b>{escape(article.label)}</b> {escape(first)}", st["body"]))
        story += [_p(text, st["body"]) for text in rest]
    story.append(_signature_block(doc, st))
    return story


def _page_number(canvas, template):
    """NĐ 30: pages from the second on are numbered, centred in the top margin."""
    canvas.saveState()
    canvas.setFont(REGULAR, 12)
    canvas.drawCentredString(PAGE_LEFT + CONTENT_WIDTH / 2, A4[1] - PAGE_TOP / 2, str(template.page))
    canvas.restoreState()


def render_decision_pdf(decision):
    """The PDF bytes of `decision` (a draft prints "DỰ THẢO" and no number or date). The PDF title is the
    decision's number."""
    doc = build_document(decision)
    buffer = io.BytesIO()
    template = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=PAGE_LEFT,
        rightMargin=PAGE_RIGHT,
        topMargin=PAGE_TOP,
        bottomMargin=PAGE_BOTTOM,
        title=doc.meta_title,
        author=doc.meta_author,
        subject=doc.abstract,
        creator="CadreFlow",
        invariant=1,
    )
    template.build(_story(doc), onLaterPages=_page_number)
    return buffer.getvalue()
