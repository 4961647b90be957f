"""The yearly report as a PDF (reportlab, the bundled DejaVu faces registered by ``apps.decisions.pdf``) and as a
spreadsheet (openpyxl): one row per target for the whole scope, then a section (PDF) or a sheet (xlsx) per unit
level, with the planning shares and the year's rotations of the dashboard after the whole scope's targets. Figures
are numbers in the spreadsheet's cells, so that the board can compute with them."""

import io
import re
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from apps.core.spreadsheets import safe_row
from apps.decisions.pdf import BOLD, ITALIC, REGULAR, register_fonts

PAGE = landscape(A4)
MARGIN = 15 * mm


def _day(day):
    return day.strftime("%d/%m/%Y")


def title(report):
    return _("Yearly report on the targets, {year}").format(year=report.year)


def subtitle(report):
    scope = report.scope_name or _("the whole province")
    return _("Measured on {day}; scope: {scope}").format(day=_day(report.on), scope=scope)


def headers():
    return [_("No."), _("Target"), _("Goal"), _("Measured"), _("Holders counted"), _("Status")]


def _cells(index, target, measurement):
    if measurement is None:
        return [str(index), target.display_name, target.goal_display(), "—", "0/0", _("No data")]
    return [
        str(index),
        target.display_name,
        target.goal_display(),
        measurement.share_display,
        str(measurement.count_display),
        str(measurement.status_label),
    ]


# --- PDF ------------------------------------------------------------------------------------------------------


def _styles():
    register_fonts()
    return {
        "title": ParagraphStyle("t", fontName=BOLD, fontSize=15, leading=19, alignment=TA_CENTER),
        "sub": ParagraphStyle(
            "s", fontName=ITALIC, fontSize=11, leading=14, alignment=TA_CENTER, spaceAfter=8
        ),
        "h2": ParagraphStyle("h", fontName=BOLD, fontSize=12.5, leading=16, spaceBefore=10, spaceAfter=4),
        "cell": ParagraphStyle("c", fontName=REGULAR, fontSize=9.5, leading=12, alignment=TA_LEFT),
        "head": ParagraphStyle("hd", fontName=BOLD, fontSize=9.5, leading=12, alignment=TA_CENTER),
    }


def _table(rows, styles):
    width = PAGE[0] - 2 * MARGIN
    widths = [12 * mm, width - 12 * mm - 4 * 32 * mm, 32 * mm, 32 * mm, 32 * mm, 32 * mm]
    data = [[Paragraph(escape(h), styles["head"]) for h in headers()]]
    data += [[Paragraph(escape(text), styles["cell"]) for text in row] for row in rows]
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, "black"),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("BACKGROUND", (0, 0), (-1, 0), "#eeeeee"),
            ]
        )
    )
    return table


def _movements_story(report, styles):
    """The planning shares (as targets: goal, share, count, status) and the year's rotations, as on the
    dashboard."""
    story = []
    if report.planning:
        story.append(Spacer(1, 4 * mm))
        story.append(Paragraph(escape(_("Planning")), styles["h2"]))
        story.append(_table([_cells(i, m.target, m) for i, m in enumerate(report.planning, 1)], styles))
    if report.rotations:
        story.append(Spacer(1, 4 * mm))
        story.append(
            Paragraph(
                escape(_("Rotations taking effect in {year}").format(year=report.on.year)), styles["h2"]
            )
        )
        width = PAGE[0] - 2 * MARGIN
        data = [[Paragraph(escape(h), styles["head"]) for h in (_("No."), _("Rotations"), _("Number"))]]
        data += [
            [Paragraph(str(i), styles["cell"]), Paragraph(escape(str(label)), styles["cell"]), str(count)]
            for i, (_key, label, count) in enumerate(report.rotations, 1)
        ]
        table = Table(data, colWidths=[12 * mm, width - 12 * mm - 32 * mm, 32 * mm], repeatRows=1)
        table.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.5, "black"),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    ("BACKGROUND", (0, 0), (-1, 0), "#eeeeee"),
                    ("FONTNAME", (2, 1), (2, -1), REGULAR),
                    ("ALIGN", (2, 1), (2, -1), "RIGHT"),
                ]
            )
        )
        story.append(table)
    return story


def render_pdf(report):
    """The report as PDF bytes (reportlab's invariant mode: the same report gives the same bytes)."""
    styles = _styles()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=PAGE,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=title(report),
        invariant=1,
    )
    story = [
        Paragraph(escape(title(report)), styles["title"]),
        Paragraph(escape(subtitle(report)), styles["sub"]),
    ]
    story.append(Paragraph(escape(_("All levels")), styles["h2"]))
    story.append(_table([_cells(i, m.target, m) for i, m in enumerate(report.rows, 1)], styles))
    story.extend(_movements_story(report, styles))
    for section in report.levels:
        story.append(Spacer(1, 4 * mm))
        story.append(Paragraph(escape(_("Level: {level}").format(level=section.level.name)), styles["h2"]))
        story.append(_table([_cells(i, t, m) for i, (t, m) in enumerate(section.rows, 1)], styles))
    doc.build(story)
    return buffer.getvalue()


# --- Spreadsheet ----------------------------------------------------------------------------------------------


def _sheet_name(text, taken):
    name = re.sub(r"[\[\]:*?/\\]", " ", text).strip()[:31] or "Sheet"
    base, n = name, 2
    while name in taken:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(name)
    return name


def _write_sheet(sheet, report, rows):
    sheet.append(safe_row([title(report)]))
    sheet.append(safe_row([subtitle(report)]))
    sheet.append([])
    sheet.append(
        safe_row(
            [
                _("Code"),
                _("Target"),
                _("Goal: at least (%)"),
                _("Goal: at most (%)"),
                _("Goal: at least (number)"),
                _("Numerator"),
                _("Denominator"),
                _("Share (%)"),
                _("Status"),
            ]
        )
    )
    for cell in sheet[4]:
        cell.font = Font(bold=True)
    sheet["A1"].font = Font(bold=True, size=13)
    for target, measurement in rows:
        sheet.append(
            safe_row(
                [
                    target.code,
                    target.display_name,
                    target.goal_min,
                    target.goal_max,
                    target.goal_min_count,
                    measurement.numerator if measurement else 0,
                    measurement.denominator if measurement else 0,
                    measurement.share if measurement else None,
                    str(measurement.status_label) if measurement else _("No data"),
                ]
            )
        )
    sheet.column_dimensions["B"].width = 70
    for column in "CDEFGHI":
        sheet.column_dimensions[column].width = 16


def _write_movements(sheet, report):
    """Below the targets of the whole scope: the planning shares in the same columns (their codes
    ``planning-young``, ``planning-women``), then the year's rotations (code, label, number)."""
    if report.planning:
        sheet.append([])
        sheet.append(safe_row([_("Planning")]))
        sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True)
        for measurement in report.planning:
            target = measurement.target
            sheet.append(
                safe_row(
                    [
                        target.code,
                        target.display_name,
                        target.goal_min,
                        target.goal_max,
                        target.goal_min_count,
                        measurement.numerator,
                        measurement.denominator,
                        measurement.share,
                        str(measurement.status_label),
                    ]
                )
            )
    if report.rotations:
        sheet.append([])
        sheet.append(
            safe_row(
                [
                    _("Rotations taking effect in {year}").format(year=report.on.year),
                    None,
                    None,
                    None,
                    None,
                    _("Number"),
                ]
            )
        )
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)
        for key, label, count in report.rotations:
            sheet.append(safe_row([f"rotation-{key}".replace("_", "-"), str(label), None, None, None, count]))


def render_xlsx(report):
    """The report as .xlsx bytes: the 'All levels' sheet, then one sheet per unit level."""
    book = Workbook()
    taken = set()
    summary = book.active
    summary.title = _sheet_name(_("All levels"), taken)
    _write_sheet(summary, report, [(m.target, m) for m in report.rows])
    _write_movements(summary, report)
    for section in report.levels:
        _write_sheet(book.create_sheet(_sheet_name(section.level.name, taken)), report, section.rows)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
