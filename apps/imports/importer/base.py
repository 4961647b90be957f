"""One run of the import: read the workbook, parse its rows, guard each write (a refusal becomes the row's issue) and
resolve the references to units, positions and cadres. The sheets' writers are in ``rows.Importer``."""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.utils.translation import gettext as _

from apps.audit.services import record
from apps.cadres.models import (
    Achievement,
    Cadre,
    Discipline,
    PoliticalConclusion,
)
from apps.core.rules import RuleViolation
from apps.organisation.models import OrgUnit, Position, UnitLevel

from .. import bulk, reading
from ..reading import Issue
from ..sheets import CODES
from .cells import _text, parse_cell
from .report import Report, RowError, Skipped, file_issues, sha256_of

#: the column a refusal of the registry's rules belongs to, by rule code and sheet
RULE_COLUMNS = {
    "birth_date_future": "birth_date",
    "tenure_overlap": "start_date",
    "seat_over_filled": "seat_number",
    "tenure_order": "ended_on",
    "past_tenure_not_ended": "ended_on",
    "tenure_needs_decision": "decision_number",
    "tenure_in_future": "start_date",
    "discipline_order": "effective_to",
    "discipline_incomplete": "kind",
    "conclusion_incomplete": "result",
    "conclusion_future": "concluded_on",
    "unit_cycle": "parent",
    "own_record": "cadre",
    "candidate_in_own_procedure": "cadre",
}
#: model fields named differently from their column
FIELD_COLUMNS = {"current_unit": "current_unit", "position": "position", "cadre": "cadre"}


class BaseImporter:
    """One run of the import (the sheets' writers are added by ``rows.Importer``). `progress(done, total)` is called
    every few hundred rows."""

    PROGRESS_EVERY = 250

    def __init__(self, actor, *, progress=None):
        self.actor = actor
        self.progress = progress
        self.report = None
        self.done = 0
        self.total = 0

    # the run --------------------------------------------------------------------------------------------------

    def run(self, fileobj, filename, *, dry_run=True):
        report = self.report = Report(filename=filename, dry_run=dry_run)
        if isinstance(fileobj, FieldFile):
            fileobj = fileobj.file  # a stored upload: its name is the storage's, not the one people gave it
        upload = File(fileobj, name=filename)
        report.size = upload.size or 0
        for issue in file_issues(upload):
            report.add(issue)
        if not report.ok:
            return report
        report.sha256 = sha256_of(upload)
        issues = []
        try:
            raw_sheets = reading.read(upload, filename, issues)
        except reading.Unreadable as exc:
            report.add(Issue(filename, 0, "", "", _("The file cannot be read: {error}").format(error=exc)))
            return report
        for issue in issues:
            report.add(issue)
        self.total = sum(len(raw.rows) for raw in raw_sheets)
        by_kind = {raw.sheet.kind: raw for raw in raw_sheets}
        with transaction.atomic():
            self._load()
            self.conflicted = bulk.conflicted_cadre_ids(self.actor)
            self.failed = {"units": set(), "positions": set(), "cadres": set()}
            for kind in ("units", "positions", "cadres", "tenures", "planning", "evaluations"):
                if kind in by_kind:
                    getattr(self, f"_import_{kind}")(by_kind[kind])
            for kind, model in (
                ("achievements", Achievement),
                ("disciplines", Discipline),
                ("conclusions", PoliticalConclusion),
            ):
                if kind in by_kind:
                    self._import_records(by_kind[kind], model)
            if dry_run or not report.ok:
                transaction.set_rollback(True)
            else:
                record(
                    "registry.imported",
                    None,
                    actor=self.actor,
                    data={
                        "file": filename,
                        "sha256": report.sha256,
                        "size": report.size,
                        "rows": report.rows,
                        "counts": report.counts,
                    },
                )
                report.applied = True
        return report

    def _load(self):
        self.levels = {level.code: level for level in UnitLevel.objects.all()}
        self.units = {unit.code: unit for unit in OrgUnit.objects.select_related("parent", "successor")}
        self.positions = {
            (p.unit.code, p.title): p for p in Position.objects.select_related("unit", "authority")
        }
        self.cadres = {c.code: c for c in Cadre.objects.select_related("current_unit")}

    def _tick(self):
        self.done += 1
        if self.progress and self.done % self.PROGRESS_EVERY == 0:
            self.progress(self.done, self.total)

    # rows -----------------------------------------------------------------------------------------------------

    def _issue(self, raw, number, column_key, message, value=""):
        column = raw.sheet.column(column_key) if column_key in raw.sheet.keys else None
        self.report.add(
            Issue(
                raw.name,
                number,
                raw.letters.get(column_key, ""),
                str(column.label) if column else "",
                str(message),
                _text(value) if value not in (None, "") else "",
            )
        )

    def _parsed(self, raw):
        """(row number, values) of the rows whose cells all parse; the others are reported. Duplicated natural
        keys within the file are reported on the later row."""
        seen = {}
        for number, cells in raw.rows:
            self.report.count(raw.sheet.kind, "rows")
            values, bad = {}, False
            for column in raw.sheet.columns:
                if column.key not in raw.letters:
                    values[column.key] = [] if column.kind == CODES else column.default
                    if column.required:
                        bad = True  # the missing column is reported once, on the header row
                    continue
                try:
                    values[column.key] = parse_cell(column, cells.get(column.key))
                except RowError as exc:
                    self._issue(raw, number, exc.column, exc.message, exc.value)
                    bad = True
            if bad:
                self._failed(
                    raw,
                    {
                        k: (_text(cells.get(k)) if k in ("code", "unit", "title") else None)
                        for k in raw.sheet.natural_key
                    },
                )
                self._tick()
                continue
            key = tuple(values[k] for k in raw.sheet.natural_key)
            if key in seen:
                self._issue(
                    raw,
                    number,
                    raw.sheet.natural_key[0],
                    _("Repeats row {row} (the same {what}).").format(
                        row=seen[key],
                        what=" + ".join(str(raw.sheet.column(k).label) for k in raw.sheet.natural_key),
                    ),
                    values[raw.sheet.natural_key[0]],
                )
                self._tick()
                continue
            seen[key] = number
            yield number, values

    def _failed(self, raw, values):
        """Remember the row's natural key (units, positions, cadres) so rows referring to it are not reported."""
        kind = raw.sheet.kind
        if kind in self.failed and values:
            key = tuple(values.get(k) for k in raw.sheet.natural_key)
            self.failed[kind].add(key[0] if len(key) == 1 else key)

    def _guard(self, raw, number, write, values=None):
        """Run `write()`; a refusal is reported on the row, in the column it concerns."""
        try:
            return write()
        except Skipped:
            pass
        except RowError as exc:
            self._failed(raw, values)
            self._issue(raw, number, exc.column, exc.message, exc.value)
        except RuleViolation as exc:
            self._failed(raw, values)
            column = RULE_COLUMNS.get(exc.rule_code, raw.sheet.natural_key[0])
            if column not in raw.sheet.keys:
                column = raw.sheet.natural_key[0]
            self._issue(raw, number, column, exc.message)
        except ValidationError as exc:
            self._failed(raw, values)
            for name, errors in getattr(exc, "error_dict", {NON_FIELD_ERRORS: exc.error_list}).items():
                column = FIELD_COLUMNS.get(name, name)
                if column not in raw.sheet.keys:
                    column = raw.sheet.natural_key[0]
                for error in errors:
                    self._issue(raw, number, column, " ".join(error.messages))
        finally:
            self._tick()
        return None

    def _outcome(self, raw, outcome):
        if outcome:
            self.report.count(raw.sheet.kind, outcome)

    def _unit(self, code, column="unit"):
        unit = self.units.get(code)
        if unit is None and code in self.failed["units"]:
            raise Skipped
        if unit is None:
            raise RowError(column, _("Unknown unit code."), code)
        return unit

    def _position(self, values):
        self._unit(values["unit"])
        position = self.positions.get((values["unit"], values["position"]))
        if position is None and (values["unit"], values["position"]) in self.failed["positions"]:
            raise Skipped
        if position is None:
            raise RowError("position", _("This unit has no position with this title."), values["position"])
        return position

    def _cadre(self, code):
        cadre = self.cadres.get(code)
        if cadre is None and code in self.failed["cadres"]:
            raise Skipped
        if cadre is None:
            raise RowError("cadre", _("Unknown cadre code."), code)
        return cadre
