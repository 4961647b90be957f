"""Which rule set governs a procedure."""

from datetime import date

from django.db.models import Q
from django.utils.translation import gettext as _

from apps.core.rules import RuleViolation

from .models import RuleSet


def rule_set_for(unit=None, on=None):
    """The most specific active rule set in force on `on` for `unit`: a local set whose scope contains the
    unit wins over a national one; among equals the latest effective one."""
    on = on or date.today()
    candidates = (
        RuleSet.objects.filter(is_active=True, effective_from__lte=on)
        .filter(Q(effective_to__isnull=True) | Q(effective_to__gte=on))
        .select_related("scope_unit")
        .order_by("-effective_from")
    )
    best, best_depth = None, -1
    for rule_set in candidates:
        if rule_set.scope_unit_id is None:
            depth = 0
        elif unit is not None and unit.path.startswith(rule_set.scope_unit.path):
            depth = (rule_set.scope_unit.depth + 1) * 100
        else:
            continue
        depth += len(rule_set.chain())  # a layered (local) set wins over the set it layers on
        if depth > best_depth:
            best, best_depth = rule_set, depth
    if best is None:
        raise RuleViolation(
            "no_rule_set", _("No rule set is in force on {day}.").format(day=on.strftime("%d/%m/%Y"))
        )
    return best
