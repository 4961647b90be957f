"""The import's writers, one per sheet: units, positions, cadres, tenures and the cadres' records."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

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

from .. import bulk, writers
from ..reading import Issue
from .base import BaseImporter
from .report import RowError


class Importer(BaseImporter):
    """One run of the import. `progress(done, total)` is called every few hundred rows."""

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
