"""Writing workbooks in the template's layout: the empty template, exports of the registry lists, and the dry
run's report (the file's rows with an error column).

Every row goes through ``apps.core.spreadsheets.safe_row`` (formula injection). Dates are date cells shown
dd/mm/yyyy, yes/no columns “Có”/“Không”, choices by their Vietnamese label: what the importer reads back.
"""

import csv
import io
from datetime import date

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import column_index_from_string as column_index
from openpyxl.utils import get_column_letter

from apps.cadres.models import (
    Achievement,
    Cadre,
    Discipline,
    Evaluation,
    PlanningEntry,
    PoliticalConclusion,
    Tenure,
)
from apps.core.spreadsheets import safe_row
from apps.organisation.models import OrgUnit, Position

from .sheets import (
    ACHIEVEMENTS,
    BOOL,
    CADRES,
    CHOICE,
    CODES,
    CONCLUSIONS,
    DATE,
    DISCIPLINES,
    EVALUATIONS,
    PLANNING,
    POSITIONS,
    SHEETS,
    TENURES,
    UNITS,
)

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_HEADER_FILL = PatternFill("solid", fgColor="F3E3E3")
_ERROR_FILL = PatternFill("solid", fgColor="FDE2E1")


def _cell(column, value):
    if value is None:
        return None
    if column.kind == BOOL:
        return _("Yes") if value else _("No")
    if column.kind == CHOICE:
        if value == "":
            return None
        return str(dict(column.choices.choices).get(value, value))
    if column.kind == CODES:
        return "; ".join(value) or None
    if value == "":
        return None
    return value


def _header(worksheet, sheet, extra=()):
    worksheet.append([column.key for column in sheet.columns] + [key for key, _label in extra])
    worksheet.append([str(column.label) for column in sheet.columns] + [str(label) for _key, label in extra])
    worksheet.row_dimensions[1].hidden = True
    for index, column in enumerate(sheet.columns, start=1):
        worksheet.column_dimensions[get_column_letter(index)].width = column.width
        cell = worksheet.cell(row=2, column=index)
        cell.font = Font(bold=True, color="A31D1D" if column.required else "000000")
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for offset in range(len(extra)):
        index = len(sheet.columns) + offset + 1
        worksheet.column_dimensions[get_column_letter(index)].width = 60
        worksheet.cell(row=2, column=index).font = Font(bold=True, color="A31D1D")
    worksheet.freeze_panes = "A3"


def _append(worksheet, sheet, values):
    worksheet.append(
        safe_row([_cell(column, value) for column, value in zip(sheet.columns, values, strict=True)])
    )
    row = worksheet.max_row
    for index, column in enumerate(sheet.columns, start=1):
        if column.kind == DATE:
            worksheet.cell(row=row, column=index).number_format = "DD/MM/YYYY"


def _instructions(workbook):
    worksheet = workbook.create_sheet(_("Instructions"), 0)
    lines = [
        _("CadreFlow registry import template"),
        "",
        _("One sheet per kind of record; keep the sheet names and the hidden first row (the column keys)."),
        _("Data starts on row 3. Columns with red headers are required."),
        _("Dates are written dd/mm/yyyy; yes/no columns take “Có” or “Không”."),
        _("Units, positions and cadres are found by their code (a position by its unit and title)."),
        _(
            "A tenure with an end date is recorded as history; a current one needs its decision's number and date."
        ),
        _("Import the file once as a dry run: nothing is written until every row is correct."),
        _("Sheets: {names}.").format(names=", ".join(str(sheet.title) for sheet in SHEETS)),
    ]
    for line in lines:
        worksheet.append([str(line)])
    worksheet.column_dimensions["A"].width = 110
    worksheet["A1"].font = Font(bold=True, size=14)


# --- rows of the registry -------------------------------------------------------------------------------------


def unit_rows(units):
    units = units.select_related("level", "parent", "successor").prefetch_related("predecessors")
    for unit in units.order_by("path"):
        yield [
            unit.code,
            unit.name,
            unit.level.code,
            unit.kind,
            unit.parent.code if unit.parent_id else None,
            unit.province_name,
            unit.commune_name,
            unit.is_active,
            unit.dissolved_on,
            unit.successor.code if unit.successor_id else None,
            sorted(p.code for p in unit.predecessors.all()),
        ]


def position_rows(positions):
    for p in positions.select_related("unit", "authority").order_by("unit__path", "-rank", "title"):
        yield [
            p.unit.code,
            p.title,
            p.authority.code,
            p.rank,
            p.seats,
            p.term_years,
            p.is_elected,
            p.requires_non_local,
            p.is_active,
            p.job_description,
            p.requirements,
        ]


def cadre_rows(cadres):
    names = [column.key for column in CADRES.columns]
    for cadre in cadres.select_related("current_unit").order_by("code"):
        yield [cadre.current_unit.code if name == "current_unit" else getattr(cadre, name) for name in names]


def _record_rows(sheet, queryset):
    names = [column.key for column in sheet.columns]
    for obj in queryset:
        row = []
        for name in names:
            if name == "cadre":
                row.append(obj.cadre.code)
            elif name == "unit":
                row.append(obj.position.unit.code)
            elif name == "position":
                row.append(obj.position.title)
            else:
                row.append(getattr(obj, name))
        yield row


RECORD_MODELS = {
    TENURES: Tenure,
    PLANNING: PlanningEntry,
    EVALUATIONS: Evaluation,
    ACHIEVEMENTS: Achievement,
    DISCIPLINES: Discipline,
    CONCLUSIONS: PoliticalConclusion,
}


def record_rows(sheet, cadres):
    model = RECORD_MODELS[sheet]
    queryset = model.objects.filter(cadre__in=cadres).select_related("cadre")
    if sheet in (TENURES, PLANNING):
        queryset = queryset.select_related("position__unit")
    return _record_rows(sheet, queryset.order_by("cadre__code", "pk"))


def workbook_for(kinds=None, *, units=None, positions=None, cadres=None):
    """A workbook in the template's layout with the given querysets (``None``: that sheet is left empty);
    `kinds` lists the sheets to include (all by default)."""
    kinds = kinds or [sheet.kind for sheet in SHEETS]
    workbook = Workbook()
    workbook.remove(workbook.active)
    _instructions(workbook)
    for sheet in SHEETS:
        if sheet.kind not in kinds:
            continue
        worksheet = workbook.create_sheet(str(sheet.title)[:31])
        _header(worksheet, sheet)
        if sheet is UNITS and units is not None:
            rows = unit_rows(units)
        elif sheet is POSITIONS and positions is not None:
            rows = position_rows(positions)
        elif sheet is CADRES and cadres is not None:
            rows = cadre_rows(cadres)
        elif sheet in RECORD_MODELS and cadres is not None:
            rows = record_rows(sheet, cadres)
        else:
            rows = ()
        for values in rows:
            _append(worksheet, sheet, values)
    return workbook


def template_workbook():
    return workbook_for()


def full_export():
    return workbook_for(
        units=OrgUnit.objects.all(), positions=Position.objects.all(), cadres=Cadre.objects.all()
    )


def save(workbook):
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def csv_for(sheet, rows):
    """One sheet as CSV (UTF-8 with BOM, so that spreadsheet programs read the diacritics), key row first."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([column.key for column in sheet.columns])
    writer.writerow([str(column.label) for column in sheet.columns])
    for values in rows:
        cells = []
        for column, value in zip(sheet.columns, values, strict=True):
            value = _cell(column, value)
            cells.append(value.strftime("%d/%m/%Y") if isinstance(value, date) else value)
        writer.writerow(safe_row(cells))
    return "\ufeff" + out.getvalue()


# --- the dry run's report -------------------------------------------------------------------------------------


def report_workbook(report, raw_sheets=None):
    """The problems of a dry run as a workbook: a summary sheet, then one line per problem with its sheet, row,
    column, header, value and message (the error column), then a copy of each uploaded sheet (`raw_sheets`, as
    ``reading.read`` returns them) with an error column on each of its rows."""
    workbook = Workbook()
    summary = workbook.active
    summary.title = _("Summary")[:31]
    summary.append([_("File"), report.get("filename", "")])
    summary.append([_("SHA-256"), report.get("sha256", "")])
    summary.append([_("Problems"), report.get("issue_count", 0)])
    summary.append([])
    summary.append([_("Sheet"), _("Rows"), _("New"), _("Changed"), _("Unchanged")])
    for sheet in SHEETS:
        counts = report.get("counts", {}).get(sheet.kind)
        if counts:
            summary.append(
                safe_row(
                    [
                        str(sheet.title),
                        counts["rows"],
                        counts["created"],
                        counts["updated"],
                        counts["unchanged"],
                    ]
                )
            )
    summary.column_dimensions["A"].width = 30
    summary.column_dimensions["B"].width = 70
    problems = workbook.create_sheet(_("Problems")[:31])
    problems.append([_("Sheet"), _("Row"), _("Column"), _("Header"), _("Value"), _("Error")])
    for cell in problems[1]:
        cell.font = Font(bold=True)
    for issue in report.get("issues", []):
        problems.append(
            safe_row(
                [
                    issue["sheet"],
                    issue["row"] or None,
                    issue["column"] or None,
                    issue["header"] or None,
                    issue["value"] or None,
                    issue["message"],
                ]
            )
        )
        problems.cell(row=problems.max_row, column=6).fill = _ERROR_FILL
    for letter, width in zip("ABCDEF", (22, 8, 8, 34, 24, 90), strict=True):
        problems.column_dimensions[letter].width = width
    taken = {summary.title, problems.title}
    for raw in raw_sheets or ():
        _copy_with_errors(workbook, raw, report.get("issues", []), taken)
    return workbook


def _copy_with_errors(workbook, raw, issues, taken):
    """The uploaded sheet `raw` (``reading.RawSheet``) as it was: its hidden key row, its headers and every row
    in its place, with an error column that lists the problems of each row (“header: message”)."""
    by_row = {}
    for issue in issues:
        if issue["sheet"] == raw.name and issue["row"]:
            text = f"{issue['header']}: {issue['message']}" if issue["header"] else issue["message"]
            by_row.setdefault(issue["row"], []).append(text)
    title, suffix = raw.name[:31], 2
    while title in taken:
        title = f"{raw.name[:28]} ({suffix})"
        suffix += 1
    taken.add(title)
    worksheet = workbook.create_sheet(title)
    width = max([len(raw.header_values), *(len(values) for _number, values in raw.originals)], default=0)
    width = max(width, *(column_index(letter) for letter in raw.letters.values()), 0)
    keys = [None] * width
    for key, letter in raw.letters.items():
        keys[column_index(letter) - 1] = key
    error = width + 1
    if (
        raw.key_row
    ):  # kept, hidden, so that the corrected sheet imports as it is (the error column has no key)
        worksheet.append([*keys, None])
        worksheet.row_dimensions[1].hidden = True
    worksheet.append(safe_row([*raw.header_values, *([None] * (width - len(raw.header_values))), _("Error")]))
    header_row = row = 2 if raw.key_row else 1
    for index in range(1, error + 1):
        worksheet.cell(row=header_row, column=index).font = Font(bold=True)
    worksheet.cell(row=header_row, column=error).fill = _ERROR_FILL
    worksheet.column_dimensions[get_column_letter(error)].width = 80
    for number, values in raw.originals:
        while row < number - 1:  # rows left empty in the file stay empty: each row keeps its number
            worksheet.append([])
            row += 1
        messages = by_row.get(number)
        cells = [*values, *([None] * (width - len(values)))]
        worksheet.append(safe_row([*cells, "; ".join(messages) if messages else None]))
        row += 1
        if messages:
            worksheet.cell(row=row, column=error).fill = _ERROR_FILL
    worksheet.freeze_panes = worksheet.cell(row=header_row + 1, column=1)
