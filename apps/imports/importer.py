"""The registry import: read a workbook, check every row through the registry's services, and keep all of it or
nothing.

``run_import(fileobj, filename, actor=…, dry_run=True)`` does the whole import inside one transaction and rolls it
back on a dry run or when any row has a problem, so a dry run checks exactly what applying would do (rows that
refer to rows earlier in the same file, overlaps between two rows of one seat…). Each sheet has a natural key
(``sheets.Sheet.natural_key``): a row whose record exists and is the same changes nothing, so the same file twice
changes nothing; a unit, position or cadre that differs is updated through its service; a record of a cadre (a
tenure, an evaluation…) that differs is reported, since those are corrected on the cadre's page.
"""

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date, datetime

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.files import File
from django.db import IntegrityError, transaction
from django.db.models.fields.files import FieldFile
from django.template.defaultfilters import filesizeformat
from django.utils import translation
from django.utils.translation import gettext as _

from apps.audit.services import record
from apps.cadres import services as cadre_services
from apps.cadres.models import (
    Achievement,
    Cadre,
    Discipline,
    Evaluation,
    PlanningEntry,
    PoliticalConclusion,
    Tenure,
)
from apps.core.rules import RuleViolation
from apps.core.spreadsheets import FORMULA_STARTS
from apps.core.uploads import SPREADSHEET_KINDS, check_upload
from apps.organisation.models import OrgUnit, Position, UnitLevel

from . import bulk, reading, writers
from .reading import Issue
from .sheets import BOOL, CADRE, CHOICE, CODES, DATE, INT, LEVEL, TEXT, UNIT

#: at most this many problems are kept in a report (the counts are always complete)
MAX_ISSUES = 5000
_DATE = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*$")
_TRUE = {"1", "x", "true", "yes", "có", "co", "c", "y"}
_FALSE = {"0", "false", "no", "không", "khong", "k", "n"}

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


class Skipped(Exception):
    """The row refers to a row of the file that has its own problem: only that problem is reported."""


class RowError(Exception):
    def __init__(self, column, message, value=""):
        super().__init__(message)
        self.column, self.message, self.value = column, message, value


@dataclass
class Report:
    filename: str = ""
    size: int = 0
    sha256: str = ""
    dry_run: bool = True
    applied: bool = False
    issues: list = field(default_factory=list)
    issue_count: int = 0
    counts: dict = field(default_factory=dict)  # sheet kind -> {"rows", "created", "updated", "unchanged"}

    @property
    def ok(self):
        return self.issue_count == 0

    def add(self, issue):
        self.issue_count += 1
        if len(self.issues) < MAX_ISSUES:
            self.issues.append(issue)

    def count(self, kind, outcome):
        counts = self.counts.setdefault(kind, {"rows": 0, "created": 0, "updated": 0, "unchanged": 0})
        counts[outcome] += 1

    @property
    def rows(self):
        return sum(c["rows"] for c in self.counts.values())

    @property
    def changed(self):
        return sum(c["created"] + c["updated"] for c in self.counts.values())

    def as_dict(self):
        return {
            "filename": self.filename,
            "size": self.size,
            "sha256": self.sha256,
            "dry_run": self.dry_run,
            "applied": self.applied,
            "issue_count": self.issue_count,
            "issues": [issue.as_dict() for issue in self.issues],
            "counts": self.counts,
        }


def sha256_of(fileobj):
    fileobj.seek(0)
    digest = hashlib.sha256()
    for block in iter(lambda: fileobj.read(1 << 20), b""):
        digest.update(block)
    fileobj.seek(0)
    return digest.hexdigest()


def file_issues(upload):
    """Problems of the file itself (too large, not a spreadsheet, a program), before anything is read."""
    name = upload.name or ""
    limit = settings.MAX_IMPORT_BYTES
    if (upload.size or 0) >= limit:
        message = _("The file is {size}: files of {limit} or more are not accepted; split it into several.")
        return [
            Issue(
                name, 0, "", "", message.format(size=filesizeformat(upload.size), limit=filesizeformat(limit))
            )
        ]
    try:
        check_upload(upload, kinds=SPREADSHEET_KINDS, max_bytes=limit)
    except RuleViolation as exc:
        return [Issue(name, 0, "", "", str(exc.message))]
    return []


# --- cells ----------------------------------------------------------------------------------------------------


def _text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime | date):
        return value.strftime("%d/%m/%Y")
    text = str(value).strip()
    if text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
        text = text[1:]  # the apostrophe our exports put before text a spreadsheet would run as a formula
    return text


_CHOICES = {}


def _choice_lookup(column):
    """{spelling: value} of a choice column: its values and its labels in Vietnamese and English (built once)."""
    language = translation.get_language()
    key = (id(column), language)
    if key not in _CHOICES:
        lookup = {}
        for value, label in column.choices.choices:
            lookup[str(value).lower()] = value
            for lang in ("en", "vi", language):
                with translation.override(lang):
                    lookup.setdefault(" ".join(str(label).lower().split()), value)
        _CHOICES[key] = lookup
    return _CHOICES[key]


def _choice_value(column, text):
    wanted = " ".join(text.lower().split())
    lookup = _choice_lookup(column)
    if wanted in lookup:
        return lookup[wanted]
    raise RowError(
        column.key,
        _("Unknown value; expected one of: {values}.").format(
            values=", ".join(str(label) for _value, label in column.choices.choices)
        ),
        text,
    )


def parse_cell(column, value):
    """The typed value of one cell; raises ``RowError`` for a required cell left empty or a malformed one."""
    if isinstance(value, str):
        value = value.strip()
    if value is None or value == "":
        if column.required:
            raise RowError(column.key, _("This cell is required."))
        if column.kind == CODES:
            return []
        return column.default
    if column.kind in (TEXT, UNIT, LEVEL, CADRE):
        return _text(value)
    if column.kind == DATE:
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        match = _DATE.match(str(value))
        if match:
            day, month, year = (int(part) for part in match.groups())
            try:
                return date(year, month, day)
            except ValueError:
                pass
        raise RowError(column.key, _("Not a date in the form dd/mm/yyyy."), _text(value))
    if column.kind == INT:
        if isinstance(value, bool):
            raise RowError(column.key, _("Not a whole number."), _text(value))
        if isinstance(value, int):
            return value
        if isinstance(value, float) and value.is_integer():
            return int(value)
        text = _text(value)
        if re.fullmatch(r"-?\d+", text):
            return int(text)
        raise RowError(column.key, _("Not a whole number."), text)
    if column.kind == BOOL:
        if isinstance(value, bool):
            return value
        text = _text(value).lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        raise RowError(column.key, _("Expected “Có” or “Không”."), _text(value))
    if column.kind == CHOICE:
        return _choice_value(column, _text(value))
    if column.kind == CODES:
        return [code.strip() for code in re.split(r"[;,\n]", _text(value)) if code.strip()]
    raise ValueError(column.kind)


# --- the import -----------------------------------------------------------------------------------------------


class Importer:
    """One run of the import. `progress(done, total)` is called every few hundred rows."""

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

    # units ----------------------------------------------------------------------------------------------------

    def _import_units(self, raw):
        rows = list(self._parsed(raw))
        in_file = {values["code"] for _n, values in rows}
        pending, outcomes = rows, {}
        while pending:
            waiting = []
            for number, values in pending:
                parent = values["parent"]
                if parent and parent in in_file and parent not in self.units and parent != values["code"]:
                    waiting.append((number, values))
                    continue
                outcomes[number] = self._guard(raw, number, lambda v=values: self._write_unit(v), values)
            if len(waiting) == len(pending):
                for number, values in waiting:
                    self._issue(raw, number, "parent", _("The parent units form a cycle."), values["parent"])
                    self._tick()
                break
            pending = waiting
        for number, values in rows:  # successors and predecessors once every unit exists
            if outcomes.get(number) is None:
                continue
            changed = self._guard(raw, number, lambda v=values: self._link_unit(v))
            self.done -= 1  # the row was counted once already
            if changed and outcomes[number] == "unchanged":
                outcomes[number] = "updated"
            self._outcome(raw, outcomes[number])

    def _write_unit(self, values):
        level = self.levels.get(values["level"])
        if level is None:
            raise RowError("level", _("Unknown level code."), values["level"])
        parent = self._unit(values["parent"], "parent") if values["parent"] else None
        if parent is not None and parent.code == values["code"]:
            raise RowError("parent", _("A unit cannot be its own parent."), values["parent"])
        fields = {
            "name": values["name"],
            "level": level,
            "kind": values["kind"],
            "parent": parent,
            "province_name": values["province_name"],
            "commune_name": values["commune_name"],
            "is_active": values["is_active"],
            "dissolved_on": values["dissolved_on"],
        }
        unit = self.units.get(values["code"])
        if unit is None:
            self.units[values["code"]] = writers.create_unit(actor=self.actor, code=values["code"], **fields)
            return "created"
        unit, changed = writers.update_unit(unit, actor=self.actor, **fields)
        return "updated" if changed else "unchanged"

    def _link_unit(self, values):
        unit = self.units[values["code"]]
        changed = False
        if values["successor"] or unit.successor_id:
            successor = self._unit(values["successor"], "successor") if values["successor"] else None
            if successor is not None and successor.pk == unit.pk:
                raise RowError("successor", _("A unit cannot succeed itself."), values["successor"])
            unit, changed = writers.update_unit(unit, actor=self.actor, successor=successor)
        for code in values["predecessors"]:
            predecessor = self._unit(code, "predecessors")
            if predecessor.pk == unit.pk:
                raise RowError("predecessors", _("A unit cannot succeed itself."), code)
            if predecessor.successor_id not in (None, unit.pk):
                raise RowError(
                    "predecessors",
                    _("Unit {code} already has another successor.").format(code=code),
                    code,
                )
            if predecessor.successor_id is None:
                writers.update_unit(predecessor, actor=self.actor, successor=unit)
                changed = True
        return changed

    # positions ------------------------------------------------------------------------------------------------

    def _import_positions(self, raw):
        for number, values in self._parsed(raw):
            self._outcome(raw, self._guard(raw, number, lambda v=values: self._write_position(v), values))

    def _write_position(self, values):
        unit = self._unit(values["unit"])
        fields = {
            "authority": self._unit(values["authority"], "authority"),
            "rank": values["rank"],
            "seats": values["seats"],
            "term_years": values["term_years"],
            "is_elected": values["is_elected"],
            "requires_non_local": values["requires_non_local"],
            "is_active": values["is_active"],
            "job_description": values["job_description"],
            "requirements": values["requirements"],
        }
        position = self.positions.get((unit.code, values["title"]))
        if position is None:
            position = writers.create_position(actor=self.actor, unit=unit, title=values["title"], **fields)
            self.positions[(unit.code, values["title"])] = position
            return "created"
        _position, changed = writers.update_position(position, actor=self.actor, **fields)
        return "updated" if changed else "unchanged"

    # cadres ---------------------------------------------------------------------------------------------------

    CADRE_FIELDS = (
        "full_name",
        "birth_date",
        "gender",
        "ethnicity",
        "home_province",
        "home_commune",
        "job_title",
        "is_party_member",
        "party_joined_on",
        "education_level",
        "specialty",
        "political_theory",
        "foreign_language",
        "foreign_language_level",
        "employment_status",
        "left_on",
        "proceedings",
        "resume_verified_on",
    )

    def _import_cadres(self, raw):
        self.staged = bulk.Staged(Cadre, self.actor)
        for number, values in self._parsed(raw):
            self._outcome(raw, self._guard(raw, number, lambda v=values: self._write_cadre(v), values))
        self._flush(raw)

    def _flush(self, raw):
        """Write what the sheet staged; a refusal by the database (which the checks should have caught) is
        reported on the sheet."""
        try:
            with transaction.atomic():
                self.staged.write()
        except (IntegrityError, ValidationError) as exc:
            self.report.add(
                Issue(raw.name, 0, "", "", _("The sheet could not be written: {error}").format(error=exc))
            )

    def _write_cadre(self, values):
        fields = {name: values[name] for name in self.CADRE_FIELDS}
        fields["current_unit"] = self._unit(values["current_unit"], "current_unit")
        cadre = self.cadres.get(values["code"])
        if cadre is None:
            cadre = Cadre(code=values["code"], **fields)
            bulk.validate_new(cadre)
            data = {
                "code": cadre.code,
                **{name: getattr(value, "pk", value) for name, value in fields.items()},
            }
            self.staged.add(cadre, "cadre.created", data)
            self.cadres[values["code"]] = cadre
            return "created"
        changes = {
            name: value
            for name, value in fields.items()
            if (value.pk if hasattr(value, "pk") else value)
            != (getattr(cadre, f"{name}_id") if name == "current_unit" else getattr(cadre, name))
        }
        if not changes:
            return "unchanged"
        self.cadres[values["code"]] = cadre_services.update_cadre(cadre, actor=self.actor, **changes)
        return "updated"

    # a cadre's records ----------------------------------------------------------------------------------------

    def _existing(self, raw, model):
        """The records of this sheet's kind already in the registry, by natural key."""
        queryset = model.objects.select_related("cadre")
        if model in (Tenure, PlanningEntry):
            queryset = queryset.select_related("position__unit")
        existing = {}
        for obj in queryset:
            existing[self._key_of(raw.sheet, obj)] = obj
        return existing

    @staticmethod
    def _key_of(sheet, obj):
        key = []
        for name in sheet.natural_key:
            if name == "cadre":
                key.append(obj.cadre.code)
            elif name == "unit":
                key.append(obj.position.unit.code)
            elif name == "position":
                key.append(obj.position.title)
            else:
                key.append(getattr(obj, name))
        return tuple(key)

    def _same(self, raw, obj, values):
        """The columns of `values` that differ from the stored record (its natural key aside)."""
        differ = []
        for column in raw.sheet.columns:
            if column.key in raw.sheet.natural_key or column.key not in raw.letters:
                continue
            stored = getattr(obj, column.key)
            if (stored or None) != (values[column.key] or None):
                differ.append(str(column.label))
        return differ

    def _check_same(self, raw, obj, values):
        differ = self._same(raw, obj, values)
        if differ:
            raise RowError(
                raw.sheet.natural_key[0],
                _(
                    "This record is already in the registry with other values ({columns}); "
                    "correct it on the cadre's page."
                ).format(columns=", ".join(differ)),
            )
        return "unchanged"

    def _import_tenures(self, raw):
        existing = self._existing(raw, Tenure)
        self.seats = bulk.Seats()
        self.staged = bulk.Staged(Tenure, self.actor)
        for number, values in self._parsed(raw):
            self._outcome(
                raw, self._guard(raw, number, lambda v=values: self._write_tenure(raw, v, existing))
            )
        self._flush(raw)

    def _write_tenure(self, raw, values, existing):
        cadre = self._cadre(values["cadre"])
        position = self._position(values)
        key = (values["cadre"], values["unit"], values["position"], values["start_date"])
        if key in existing:
            return self._check_same(raw, existing[key], values)
        bulk.refuse_conflict(self.conflicted, self.actor, cadre)
        tenure = Tenure(cadre=cadre, position=position, **self._fields(raw, values))
        self.seats.check(tenure)
        bulk.validate_new(tenure, rules=False)  # its rules are the seat checks above
        past = tenure.ended_on is not None
        data = {
            "cadre": cadre.pk,
            "position": position.pk,
            "seat": tenure.seat_number,
            "from": tenure.start_date,
            "until": tenure.ended_on,
            "decision": tenure.decision_number,
        }
        if not past:
            data["decision_date"] = tenure.decision_date
        self.staged.add(tenure, "tenure.past_recorded" if past else "tenure.imported", data)
        self.seats.add(tenure)
        existing[key] = tenure
        return "created"

    #: the audit action of each record kind, as its service writes it
    ACTIONS = {
        PlanningEntry: "planning.added",
        Evaluation: "evaluation.added",
        Achievement: "achievement.added",
        Discipline: "discipline.added",
        PoliticalConclusion: "political_conclusion.added",
    }

    def _records(self, raw, model):
        existing = self._existing(raw, model)
        self.staged = bulk.Staged(model, self.actor)
        for number, values in self._parsed(raw):

            def attempt(values=values):
                cadre = self._cadre(values["cadre"])
                key = tuple(values[name] for name in raw.sheet.natural_key)
                if key in existing:
                    return self._check_same(raw, existing[key], values)
                bulk.refuse_conflict(self.conflicted, self.actor, cadre)
                fields = self._fields(raw, values)
                if "position" in raw.sheet.keys:
                    fields["position"] = self._position(values)
                record = model(cadre=cadre, **fields)
                bulk.validate_new(record)
                data = {"cadre": cadre.pk, **{name: getattr(v, "pk", v) for name, v in fields.items()}}
                self.staged.add(record, self.ACTIONS[model], data)
                existing[key] = record
                return "created"

            self._outcome(raw, self._guard(raw, number, attempt))
        self._flush(raw)

    def _fields(self, raw, values):
        return {
            column.key: values[column.key]
            for column in raw.sheet.columns
            if column.key not in ("cadre", "unit", "position")
        }

    def _import_planning(self, raw):
        self._records(raw, PlanningEntry)

    def _import_evaluations(self, raw):
        self._records(raw, Evaluation)

    def _import_records(self, raw, model):
        self._records(raw, model)


def run_import(fileobj, filename, *, actor, dry_run=True, progress=None):
    """Check (`dry_run`) or apply the workbook; returns the ``Report``. Applying writes everything or nothing."""
    return Importer(actor, progress=progress).run(fileobj, filename, dry_run=dry_run)
