"""Writers the import needs that the registry apps do not have yet: organisation units and positions (new records
of a cadre are created in bulk by ``apps.imports.bulk`` with the registry's rules).

They follow the registry services' pattern (``apps.cadres.services``): atomic, keyword-only `actor`, the models'
rules through ``full_clean`` before writing, the write inside ``acting_as(actor)`` (history names the importer)
and an audit entry in the same transaction. When ``apps.organisation`` gains its own services, the four writers here
are replaced by calls to them (the importer calls them only through this module).
"""

from django.db import transaction
from django.utils.translation import gettext as _

from apps.audit.services import record
from apps.cadres import rules as cadre_rules
from apps.cadres import services as cadre_services
from apps.cadres.models import Tenure
from apps.core.history import acting_as
from apps.core.rules import RuleViolation
from apps.organisation.models import OrgUnit, Position


def _value(value):
    return value.pk if hasattr(value, "pk") else value


def _create(model, action, *, actor, **fields):
    obj = model(**fields)
    cadre_services.validate(obj)
    with acting_as(actor):
        obj.save()
    record(action, obj, actor=actor, data={name: _value(value) for name, value in fields.items()})
    return obj


def _update(obj, action, *, actor, **changes):
    diff = {}
    for name, value in changes.items():
        old = getattr(obj, name)
        if _value(old) != _value(value):
            diff[name] = [_value(old), _value(value)]
            setattr(obj, name, value)
    if not diff:
        return obj, False
    cadre_services.validate(obj)
    with acting_as(actor):
        obj.save()
    record(action, obj, actor=actor, data=diff)
    return obj, True


@transaction.atomic
def create_unit(*, actor, **fields):
    return _create(OrgUnit, "unit.created", actor=actor, **fields)


@transaction.atomic
def update_unit(unit, *, actor, **changes):
    """Change a unit; returns ``(unit, changed)``. A unit cannot be its own ancestor (``unit_cycle``)."""
    parent = changes.get("parent", unit.parent)
    while parent is not None:
        if parent.pk == unit.pk:
            raise RuleViolation("unit_cycle", _("A unit cannot be placed under itself or its own sub-unit."))
        parent = parent.parent
    before = unit.path
    unit, changed = _update(unit, "unit.updated", actor=actor, **changes)
    if changed and unit.path != before:
        with acting_as(actor):
            for child in OrgUnit.objects.filter(path__startswith=before).exclude(pk=unit.pk).order_by("path"):
                child.parent = OrgUnit.objects.get(pk=child.parent_id)
                child.save()  # recomputes its path from its parent's
    return unit, changed


@transaction.atomic
def create_position(*, actor, **fields):
    return _create(Position, "position.created", actor=actor, **fields)


@transaction.atomic
def update_position(position, *, actor, **changes):
    """Change a position; returns ``(position, changed)``. Its seats never fall below the open tenures."""
    seats = changes.get("seats", position.seats)
    if seats < position.seats:
        cadre_rules.require_free_seats(Tenure.objects.open().filter(position=position).count(), seats + 1)
    return _update(position, "position.updated", actor=actor, **changes)
