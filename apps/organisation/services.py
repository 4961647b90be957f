"""The only writers of the registry's reference rows: unit levels, units, positions and their seats (and, through
``save_registry_row``, the other registry rows the admin edits: places, cadres' records).

Each write runs in one transaction: the model's own rules (``clean``), the save under ``acting_as(actor)`` so the
history row names the operator, and an audit entry ``admin.<model>.added|changed`` with the fields changed. The
admin's ``save_model`` / ``save_formset`` call these; nothing is deleted (units are dissolved, positions ended).
"""

from django.db import transaction
from django.utils.translation import gettext as _

from apps.audit.services import record
from apps.core.history import acting_as
from apps.core.rules import RuleViolation

from .models import OrgUnit, Position, UnitLevel


@transaction.atomic
def save_registry_row(obj, *, actor, changed=()):
    """Check, save and audit one registry row (new or changed); returns it."""
    verb = "added" if obj._state.adding else "changed"
    obj.clean()
    with acting_as(actor):
        obj.save()
    record(f"admin.{obj._meta.model_name}.{verb}", obj, actor=actor, data={"fields": sorted(changed)})
    return obj


def save_unit_level(level, *, actor, changed=()):
    if not isinstance(level, UnitLevel):
        raise TypeError(level)
    return save_registry_row(level, actor=actor, changed=changed)


def save_unit(unit, *, actor, changed=()):
    if not isinstance(unit, OrgUnit):
        raise TypeError(unit)
    return save_registry_row(unit, actor=actor, changed=changed)


@transaction.atomic
def save_position(position, *, actor, changed=()):
    """A position's seats never drop below the seats its open tenures fill: the position row is locked first, so
    a decision signed meanwhile (which fills a seat under the same lock, ``apps.cadres.services``) is counted."""
    if not isinstance(position, Position):
        raise TypeError(position)
    if not position._state.adding:
        Position.objects.select_for_update(no_key=True).filter(pk=position.pk).first()
        check_seats(position, position.seats)
    return save_registry_row(position, actor=actor, changed=changed)


def check_seats(position, seats):
    """Refuse fewer seats than the position's open tenures fill (``seats_below_holders``)."""
    occupied = Position.objects.with_vacancies().get(pk=position.pk).occupied
    if seats < occupied:
        raise RuleViolation(
            "seats_below_holders",
            _("This position has {occupied} holders: it cannot have fewer seats.").format(occupied=occupied),
        )


#: the writer of each registry model the admin edits (others: ``save_registry_row``)
WRITERS = {UnitLevel: save_unit_level, OrgUnit: save_unit, Position: save_position}


def save(obj, *, actor, changed=()):
    return WRITERS.get(type(obj), save_registry_row)(obj, actor=actor, changed=changed)
