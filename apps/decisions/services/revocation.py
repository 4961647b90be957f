"""Revocation by a new decision (R8, H21)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.audit.services import record
from apps.core.history import acting_as
from apps.core.rules import RuleViolation
from apps.rulesets.selectors import rule_set_for

from .. import rules
from ..models import Decision
from .drafting import new_decision
from .signing import sign_decision


@transaction.atomic
def revoke_decision(
    *,
    original,
    grounds,
    reason,
    authority,
    signer,
    signer_title=None,
    revoked_on,
    actor,
    process=None,
    signer_name=None,
    signer_cadre=None,
    issued_on=None,
    participants=(),
    rule_set=None,
    params=None,
):
    """Revoke `original` by a new, signed revocation decision of `authority` that names it and states the reason
    (R8, H21). The original is marked revoked (its content is never edited) and the tenure it opened ends on
    `revoked_on` (end reason "revoked"), so the seat reopens; an extension or a non-reappointment is undone on the
    tenure it acted on instead (``revocation_effects``). The revocation runs under the rule set in force for
    the position's unit (or the given one). Refuses a decision already revoked (``already_revoked``), a draft
    (``not_signed``), a revocation decision (``revocation_not_revocable``), missing grounds
    (``grounds_required``) or reason (``reason_required``), and a date before the original was signed
    (``revocation_before_original``).
    """
    original = (
        Decision.objects.select_for_update(of=("self",))
        .select_related("cadre", "position__unit")
        .get(pk=original.pk)
    )
    rules.require_can_revoke(original)
    rules.require_grounds(grounds)
    if not (reason or "").strip():
        raise RuleViolation("reason_required", _("State the reason for the revocation."))
    issued_on = issued_on or timezone.localdate()
    rules.require_revocation_after_original(original_issued_on=original.issued_on, revoked_on=revoked_on)
    rules.require_effective_dates(issued_on=issued_on, effective_from=revoked_on)
    rule_set = rule_set or rule_set_for(unit=original.position.unit, on=issued_on)
    revocation = new_decision(
        kind=Decision.Kind.REVOCATION,
        cadre=original.cadre,
        position=original.position,
        authority=authority,
        process=process,
        rule_set=rule_set,
        params=params,
        effective_from=revoked_on,
        term_end=None,
        grounds=grounds,
        reason=reason,
        seat_number=original.seat_number,
        actor=actor,
    )
    revocation.revokes = original
    with acting_as(actor):
        revocation.save()
    revocation = sign_decision(
        decision=revocation,
        signer=signer,
        signer_title=signer_title,
        signer_name=signer_name,
        signer_cadre=signer_cadre,
        issued_on=issued_on,
        participants=participants,
        actor=actor,
    )
    original.status = Decision.Status.REVOKED
    original.revoked_by = revocation
    original.revoked_on = revoked_on
    with acting_as(actor):
        original.save(update_fields=["status", "revoked_by", "revoked_on", "updated_at"])
    record(
        "decision.revoked",
        original,
        actor=actor,
        process_id=revocation.process_id,
        data={
            "number": original.number,
            "revoked_by": revocation.pk,
            "revocation_number": revocation.number,
            "revoked_on": revoked_on,
            "grounds": grounds.strip(),
            "reason": reason.strip(),
            "tenure": revocation.tenure_id,
        },
    )
    return revocation
