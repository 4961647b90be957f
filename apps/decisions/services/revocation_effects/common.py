"""What undoing a revoked decision's effects shares: each change of a tenure is written with its history and audited."""

from django.utils.translation import gettext as _

from apps.core.rules import RuleViolation

from ..tenures import _change_tenure


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
    return _change_tenure(
        tenure,
        action,
        actor=actor,
        process_id=revocation.process_id,
        data={
            "cadre": tenure.cadre_id,
            "revoked_decision": original.pk,
            "revoked_number": original.number,
            "revocation": revocation.pk,
        },
        **changes,
    )
