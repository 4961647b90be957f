"""Save a ``Plan``: bulk inserts in dependency order, each with its simple-history rows.

``bulk_create_with_history`` writes the history rows in the same transaction with `admin` as the history user,
so the registry's history shows who created the demo data. Parents are saved before the rows that point at
them: Django copies a saved parent's primary key into the child's foreign key when the child is inserted.
"""

from simple_history.utils import bulk_create_with_history

from apps.cadres.models import (
    Achievement,
    AssetDeclaration,
    Cadre,
    Discipline,
    Evaluation,
    PlanningEntry,
    PoliticalConclusion,
    Tenure,
)
from apps.core.history import acting_as
from apps.organisation.models import OrgUnit, Position, UnitLevel

from .organisation import LEVELS
from .places import ensure_places, give_places

BATCH_SIZE = 500


def _bulk(model, objs, admin):
    return bulk_create_with_history(list(objs), model, batch_size=BATCH_SIZE, default_user=admin)


def ensure_levels(admin):
    """The unit levels, created when missing (other data may already use them)."""
    levels = {}
    with acting_as(admin):
        for code, (name, order, current) in LEVELS.items():
            levels[code], _ = UnitLevel.objects.get_or_create(
                code=code, defaults={"name": name, "order": order, "is_current": current}
            )
    return levels


def write_plan(plan, *, admin):
    levels = ensure_levels(admin)
    for unit in plan.units:
        unit.obj.level = levels[unit.level]
    give_places(plan, ensure_places(plan, admin))
    # a parent before its children; a dissolved district after the commune that succeeded it
    layers = {}
    for unit in plan.units:
        layers.setdefault((unit.obj.path.count("/"), unit.group == "district"), []).append(unit.obj)
    for key in sorted(layers):
        _bulk(OrgUnit, layers[key], admin)
    _bulk(Position, (post.obj for post in plan.posts), admin)
    _bulk(Cadre, (person.obj for person in plan.people), admin)
    for model, rows in (
        (Tenure, plan.tenures),
        (PlanningEntry, plan.planning),
        (PoliticalConclusion, plan.conclusions),
        (Discipline, plan.disciplines),
        (Evaluation, plan.evaluations),
        (Achievement, plan.achievements),
        (AssetDeclaration, plan.declarations),
    ):
        _bulk(model, rows, admin)
