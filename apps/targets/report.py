"""The yearly report's content, shared by the PDF, the spreadsheet and the Celery job: every active target
measured on the report's date for the whole scope, then once per unit level (docs/design.md §2.7; founding document
§8.6: the organisation commission reports yearly to the standing committee), with the planning shares and the
year's rotations the dashboard shows (``movements``)."""

from dataclasses import dataclass, field
from datetime import date

from apps.organisation.models import UnitLevel

from .measures import Measurement, active_targets, measure, measure_by_level
from .movements import movements


@dataclass
class LevelSection:
    level: UnitLevel
    rows: list  # [(Target, Measurement | None)] — None: no holder of the target at this level


@dataclass
class Report:
    year: int
    on: date
    unit: object  # OrgUnit or None (every unit)
    rows: list[Measurement]
    levels: list[LevelSection] = field(default_factory=list)
    planning: list[Measurement] = field(default_factory=list)  # the planning shares (young, women)
    rotations: list = field(default_factory=list)  # [(key, label, count)] of the year's rotations

    @property
    def scope_name(self):
        return self.unit.name if self.unit is not None else ""


def build_report(year, on, *, unit=None, unit_ids=None):
    """Measure every active target on `on` in `unit`'s subtree (two queries per target plus two, whatever the
    number of units and cadres), and the planning shares and rotations of the dashboard."""
    targets = active_targets()
    rows = [measure(t, on, unit=unit, unit_ids=unit_ids) for t in targets]
    by_target = [measure_by_level(t, on, unit=unit, unit_ids=unit_ids) for t in targets]
    level_ids = set().union(*(m.keys() for m in by_target)) if by_target else set()
    levels = UnitLevel.objects.filter(pk__in=level_ids).order_by("order", "name")
    sections = [
        LevelSection(level, [(t, found.get(level.pk)) for t, found in zip(targets, by_target, strict=True)])
        for level in levels
    ]
    planning, rotations = movements(on, unit=unit, unit_ids=unit_ids)
    return Report(
        year=year, on=on, unit=unit, rows=rows, levels=sections, planning=planning, rotations=rotations
    )
