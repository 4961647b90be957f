"""Which rule set governs a procedure."""

from datetime import date

from django.db.models import Q
from django.utils.translation import gettext as _

from apps.core.rules import RuleViolation

from .models import RuleSet


def rule_set_for(unit=None, on=None):
    """The rule set in force on `on` for `unit`.

    Dates first (issue 9 §3): only sets in force on that day compete. Among them a local set whose scope contains
    the unit wins over a national one (the deepest scope first), a layer over the base set of its scope, then the
    latest effective one. The set returned
    remembers the day, so ``resolve()`` layers it on the national set in force on that day (``RuleSet.chain``),
    not on a declared parent that has expired."""
    on = on or date.today()
    candidates = (
        RuleSet.objects.filter(is_active=True, effective_from__lte=on)
        .filter(Q(effective_to__isnull=True) | Q(effective_to__gte=on))
        .select_related("scope_unit")
        .order_by("-effective_from")
    )
    best, best_rank = None, None
    for rule_set in candidates:
        if rule_set.scope_unit_id is None:
            depth = 0
        elif unit is not None and unit.path.startswith(rule_set.scope_unit.path):
            depth = rule_set.scope_unit.depth + 1
        else:
            continue
        # a layer (a set with a parent: the founding document's demands) wins over a base set of the same scope
        rank = (depth, rule_set.parent_id is not None, rule_set.effective_from, rule_set.pk)
        if best_rank is None or rank > best_rank:
            best, best_rank = rule_set, rank
    if best is None:
        raise RuleViolation(
            "no_rule_set", _("No rule set is in force on {day}.").format(day=on.strftime("%d/%m/%Y"))
        )
    best.chosen_for_day = on
    return best
