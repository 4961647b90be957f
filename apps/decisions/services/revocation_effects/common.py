"""What undoing a revoked decision's effects shares: each change of a tenure is written with its history and audited."""

from django.utils.translation import gettext as _

from apps.audit.services import record
from apps.cadres import services as cadre_services
from apps.core.history import acting_as
from apps.core.rules import RuleViolation


def _day(value):
    return value.strftime("%d/%m/%Y") if value else ""


def _changed_since(original):
    return RuleViolation(
        "tenure_changed_since",
        _(
            "The tenure that decision {number} acted on has changed since; revoke or correct the later change first."
        ).format(number=original.number),
    )


def _change(tenure, action, *, revocation, original, actor, **changes):
    """Set `changes` on the tenure (validated as the registry does), with its history row and an audit entry that
    names the revoked decision and carries the revocation procedure."""
    before = {name: getattr(tenure, name) for name in changes}
    for name, value in changes.items():
        setattr(tenure, name, value)
    cadre_services.validate(tenure)
    with acting_as(actor):
        tenure.save()
    record(
        action,
        tenure,
        actor=actor,
        process_id=revocation.process_id,
        data={
            **{name: [before[name], value] for name, value in changes.items()},
            "cadre": tenure.cadre_id,
            "revoked_decision": original.pk,
            "revoked_number": original.number,
            "revocation": revocation.pk,
        },
    )
    return tenure
