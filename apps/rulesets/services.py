"""The only writers of rule sets and their parameters (the admin saves through these).

Setting a parameter is: parse the value for its kind (``parameters.parse_value``: an unknown key or a value of the
wrong kind is refused), save it under ``acting_as(actor)`` so its history row names the operator, and append an
audit entry — in one transaction.
"""

from django.db import transaction

from apps.audit.services import record
from apps.core.history import acting_as

from .models import RuleParameter, RuleSet
from .parameters import parse_value


def _audit(obj, created, actor, data):
    verb = "added" if created else "changed"
    record(f"admin.{obj._meta.model_name}.{verb}", obj, actor=actor, data=data)


@transaction.atomic
def save_rule_set(rule_set, *, actor, changed=()):
    """Save a new or changed rule set (its own fields: dates, parent, scope), audited with the fields changed."""
    if not isinstance(rule_set, RuleSet):
        raise TypeError(rule_set)
    created = rule_set._state.adding
    rule_set.clean()
    with acting_as(actor):
        rule_set.save()
    _audit(rule_set, created, actor, {"fields": sorted(changed)})
    return rule_set


@transaction.atomic
def save_parameter(parameter, *, actor):
    """Save a ``RuleParameter`` row as given (the admin's form): parsed, saved, audited."""
    parse_value(parameter.key, parameter.value)
    created = parameter._state.adding
    with acting_as(actor):
        parameter.save()
    _audit(
        parameter,
        created,
        actor,
        {"rule_set": parameter.rule_set.code, "key": parameter.key, "value": parameter.value},
    )
    return parameter


@transaction.atomic
def set_parameter(rule_set, key, value, *, actor, note=None):
    """Set `key` to the stored JSON `value` in `rule_set` (a new row or the existing one, locked)."""
    parse_value(key, value)
    parameter = RuleParameter.objects.select_for_update().filter(rule_set=rule_set, key=key).first()
    if parameter is None:
        parameter = RuleParameter(rule_set=rule_set, key=key)
    parameter.value = value
    if note is not None:
        parameter.note = note
    return save_parameter(parameter, actor=actor)
