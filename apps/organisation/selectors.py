"""Readers for the organisation pages and the API (docs/style.md rule 4).

Every function returns what `user` may see and nothing else (``apps.accounts.permissions``), with the relations
the pages print already loaded, so that a list page costs the same number of queries whatever its length.
"""

from django.core.exceptions import ValidationError
from django.http import Http404

from apps.accounts.permissions import require, restrict, scope_unit_ids

from .models import OrgUnit, Position


def _get_or_404(queryset, pk):
    try:
        return queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError, ValidationError):
        raise Http404 from None


def may_read_registry(user):
    """Does `user` see at least one unit (or everything)?"""
    ids = scope_unit_ids(user, "view")
    return ids is None or bool(ids)


def units_for(user, action="view"):
    """Units `user` may perform `action` on, in tree order, with level, parent and successor loaded."""
    queryset = OrgUnit.objects.select_related("level", "parent", "successor").order_by("path")
    return restrict(queryset, user, action)


def unit_for(user, pk, action="view"):
    """One unit: 404 when it is missing or out of the user's scope, 403 when visible but `action` is not allowed."""
    unit = _get_or_404(OrgUnit.objects.select_related("level", "parent", "successor"), pk)
    return require(user, action, unit)


def sub_units(user, unit):
    """The direct children of `unit` that `user` may see."""
    return units_for(user).filter(parent=unit)


def predecessors(user, unit):
    """Units merged into or replaced by `unit` that `user` may see."""
    return units_for(user).filter(successor=unit)


def positions_for(user, action="view"):
    """Positions with `occupied` and `vacancies` annotated, with unit and authority loaded."""
    queryset = (
        Position.objects.with_vacancies()
        .select_related("unit", "unit__level", "authority")
        .order_by("unit__path", "-rank", "title", "pk")
    )
    return restrict(queryset, user, action)


def position_for(user, pk, action="view"):
    position = _get_or_404(
        Position.objects.with_vacancies().select_related("unit", "unit__level", "authority"), pk
    )
    return require(user, action, position)


def unit_positions(user, unit):
    return positions_for(user).filter(unit=unit)
