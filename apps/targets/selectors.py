"""Readers for the targets pages and reports (docs/style.md rule 4): which units a reader may measure, and the year.

Who reads targets: the organisation board, the leadership and the inspection commission in their scope (usually the
whole province), and a unit leader for their own unit (``read_targets`` in ``apps.accounts.permissions``). A unit
outside the reader's scope is a 404, the same as one that does not exist.
"""

from datetime import date

from django.db.models.functions import Length
from django.http import Http404

from apps.accounts.permissions import scope_unit_ids
from apps.organisation.models import OrgUnit, UnitLevel

ACTION = "read_targets"


def may_read_targets(user):
    ids = scope_unit_ids(user, ACTION)
    return ids is None or bool(ids)


def require_reader(user):
    """The reader's unit ids (``None``: every unit); 404 for anyone who reads no targets."""
    if not may_read_targets(user):
        raise Http404
    return scope_unit_ids(user, ACTION)


def units_for(user):
    """The units `user` may measure, in tree order, with their level (one query)."""
    units = OrgUnit.objects.select_related("level").order_by("path")
    ids = scope_unit_ids(user, ACTION)
    return units if ids is None else units.filter(pk__in=ids)


def unit_for(user, pk=None):
    """The unit to measure: `pk` when in scope (else 404); without `pk` the reader's top unit, or ``None`` (the
    whole registry) for a reader without limits."""
    ids = require_reader(user)
    if pk in (None, ""):
        if ids is None:
            return None
        return units_for(user).order_by(Length("path"), "path").first()
    try:
        return units_for(user).get(pk=int(pk))
    except (OrgUnit.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def level_for(pk):
    """A unit level by id, or ``None`` for every level (404 for an unknown one)."""
    if pk in (None, ""):
        return None
    try:
        return UnitLevel.objects.get(pk=int(pk))
    except (UnitLevel.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def report_date(year, today=None):
    """The yearly report's measuring date: 31/12 of a past year, today for the current year; 404 otherwise."""
    today = today or date.today()
    if not 2000 <= year <= today.year:
        raise Http404
    return today if year == today.year else date(year, 12, 31)
