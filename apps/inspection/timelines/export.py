"""Timelines as CSV (UTF-8 with a BOM, so spreadsheet programs read the diacritics) and as PDF (reportlab with the
bundled DejaVu Sans faces, so every Vietnamese diacritic is embedded and extractable)."""

import csv
import io
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

from django.utils import timezone
from django.utils.translation import gettext as _

from apps.audit.labels import label_of
from apps.core.spreadsheets import safe_row

from .constants import KIND_AUDIT, KIND_CHANGE, KIND_STEP

FONT_DIR = Path(__file__).resolve().parent.parent.parent / "core" / "fonts"
SANS, SANS_BOLD = "CFSans", "CFSans-Bold"


def _when(value):
    return timezone.localtime(value).strftime("%d/%m/%Y %H:%M:%S") if value else ""


def columns():
    return [
        _("When"),
        _("Source"),
        _("Action"),
        _("Who"),
        _("Object"),
        _("Procedure"),
        _("Details"),
        _("Changes"),
    ]


def kind_label(kind):
    """Where an event comes from, in words (the audit log, a procedure's step, a change of a record)."""
    return str(
        {KIND_AUDIT: _("Audit log"), KIND_STEP: _("Step"), KIND_CHANGE: _("Change of a record")}.get(
            kind, kind
        )
    )


def row_of(entry):
    return [
        _when(entry.when),
        kind_label(entry.kind),
        entry.label or label_of(entry.action),
        entry.actor,
        entry.subject,
        entry.process_id or "",
        entry.summary,
        entry.changes_text,
    ]


def write_csv(out, title, entries):
    """Write the CSV to the text file `out`: BOM, title row, header row, one row per entry."""
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(safe_row([title]))
    writer.writerow(safe_row(columns()))
    for entry in entries:
        writer.writerow(safe_row(row_of(entry)))


def timeline_csv(title, entries):
    buffer = io.StringIO()
    write_csv(buffer, title, entries)
    return buffer.getvalue().encode("utf-8")


@cache
def _register_fonts():
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    pdfmetrics.registerFont(TTFont(SANS, str(FONT_DIR / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(SANS_BOLD, str(FONT_DIR / "DejaVuSans-Bold.ttf")))
    pdfmetrics.registerFontFamily(SANS, normal=SANS, bold=SANS_BOLD, italic=SANS, boldItalic=SANS_BOLD)


#: rows per table in the PDF: reportlab splits one long table across pages in time that grows with its length for
#: every page, so the rows go in blocks (each with the header row) to keep the time per row constant
PDF_BLOCK_ROWS = 200


def _pdf_rows(entries, cell):
    for entry in entries:
        when, kind, action, who, subject, process_id, summary, changes = row_of(entry)
        details = "\n".join(part for part in (summary, changes) if part)
        if process_id:
            details = _("Procedure no. {pk}").format(pk=process_id) + ("\n" + details if details else "")
        yield [cell(when), cell(kind), cell(action), cell(who), cell(subject), cell(details[:3000])]


def timeline_pdf(title, subtitle, entries, out=None):
    """A4 landscape, one table row per entry, the header row repeated on every page. Written to `out` (a binary
    file) when given, else returned as bytes."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import LongTable, Paragraph, SimpleDocTemplate, Spacer, TableStyle

    _register_fonts()
    body = ParagraphStyle("cell", fontName=SANS, fontSize=7.5, leading=9)
    head = ParagraphStyle("head", fontName=SANS_BOLD, fontSize=8, leading=10)
    heading = ParagraphStyle("title", fontName=SANS_BOLD, fontSize=13, leading=16, spaceAfter=4)
    small = ParagraphStyle("sub", fontName=SANS, fontSize=9, leading=11, spaceAfter=6)

    def cell(text, style=body):
        return Paragraph(escape(str(text or "")).replace("\n", "<br/>"), style)

    header = [cell(name, head) for name in (columns()[:5] + [_("Details")])]
    buffer = out if out is not None else io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=landscape(A4),
        leftMargin=12 * mm,
        rightMargin=12 * mm,
        topMargin=12 * mm,
        bottomMargin=12 * mm,
        title=title,
        invariant=True,
    )
    widths = [28 * mm, 16 * mm, 38 * mm, 38 * mm, 55 * mm]
    widths.append(document.width - sum(widths))
    style = TableStyle(
        [
            ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ]
    )
    story = [Paragraph(escape(title), heading), Paragraph(escape(subtitle), small), Spacer(1, 4)]
    block = []
    for row in _pdf_rows(entries, cell):
        block.append(row)
        if len(block) == PDF_BLOCK_ROWS:
            story.append(LongTable([header, *block], colWidths=widths, repeatRows=1, style=style))
            block = []
    if block or len(story) == 3:
        story.append(LongTable([header, *block], colWidths=widths, repeatRows=1, style=style))
    document.build(story)
    return None if out is not None else buffer.getvalue()
