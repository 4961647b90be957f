"""Rules of the revocation procedure (R8, H21). Plain functions raising ``RuleViolation``; no database access.

Whether the decision itself may be revoked (signed, not yet revoked, not a revocation) is
``apps.decisions.rules.require_can_revoke``: the procedure asks it when a case is opened and again, through
``revoke_decision``, when the competent authority decides.
"""

from django.utils.translation import gettext as _

from apps.core.rules import RuleViolation

from .models import Ruling


def require_grounds(text):
    """A case is opened, and a decision revoked, only on stated grounds (R8)."""
    if not (text or "").strip():
        raise RuleViolation("grounds_required", _("State the grounds for the revocation case."))


def require_no_open_case(open_case_pk):
    """One open case per decision: a second one would let two authorities rule on the same decision."""
    if open_case_pk:
        raise RuleViolation(
            "case_already_open",
            _("Revocation case #{pk} about this decision is still open.").format(pk=open_case_pk),
        )


def require_findings(text):
    if not (text or "").strip():
        raise RuleViolation("findings_required", _("Write down the findings of the investigation."))


def require_not_involved(actor, involved_user_ids):
    """Nobody investigates a decision they took part in (conflict of interest, R10)."""
    if getattr(actor, "pk", None) in set(involved_user_ids):
        raise RuleViolation(
            "conflict_of_interest", _("You took part in this decision and cannot investigate it.")
        )


def require_recommendation_note(note):
    """A discipline recommendation says what the person did."""
    if not (note or "").strip():
        raise RuleViolation(
            "recommendation_note_required",
            _("Say what the person did when recommending a disciplinary review."),
        )


def require_ruling(ruling, reason):
    """The competent authority revokes or keeps the decision, and says why either way."""
    if ruling not in (Ruling.REVOKE, Ruling.KEEP):
        raise RuleViolation("ruling_required", _("Choose to revoke or to keep the decision."))
    if not (reason or "").strip():
        raise RuleViolation("reason_required", _("State the reasons for the ruling."))
