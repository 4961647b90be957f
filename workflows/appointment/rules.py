"""Rules of the appointment procedure. Plain functions raising ``RuleViolation``; no database access."""

from django.utils.translation import gettext as _

from apps.core.rules import RuleViolation


def require_vacancies(vacancies, claimed, seats):
    """R4: a procedure fills vacant seats only — never more than are vacant and not already being filled by
    another open appointment procedure."""
    if seats < 1:
        raise RuleViolation("seats_required", _("At least one seat must be filled."))
    free = vacancies - claimed
    if free < seats:
        if vacancies <= 0:
            raise RuleViolation("no_vacancy", _("This position has no vacant seat."))
        raise RuleViolation(
            "no_vacancy",
            _(
                "Only {free} seat(s) of this position are vacant and not already in an appointment procedure."
            ).format(free=max(free, 0)),
        )


def require_reason(decision, reason, *, needs_reason):
    if decision in needs_reason and not (reason or "").strip():
        raise RuleViolation("reason_required", _("Give the reason for returning or rejecting the proposal."))


def require_not_own_candidacy(actor, cadre_ids):
    """R10: nobody lists themselves as a candidate (they would then act on their own procedure)."""
    if getattr(actor, "cadre_id", None) and actor.cadre_id in set(cadre_ids):
        raise RuleViolation(
            "conflict_of_interest", _("You cannot act on a procedure in which you are a candidate.")
        )


def require_verified(candidate):
    """A decision only after the candidate passed verification (thẩm định)."""
    if candidate.verified_at is None or candidate.status not in ("selected", "eligible"):
        raise RuleViolation(
            "not_verified",
            _("{cadre} has not passed verification: no decision can be drafted.").format(
                cadre=candidate.cadre
            ),
        )


def require_candidates(candidates):
    if not candidates:
        raise RuleViolation("no_candidates", _("Choose at least one candidate."))


def require_decision_drafted(process):
    if process.decision_id is None:
        raise RuleViolation("decision_not_drafted", _("The decision has not been drafted yet."))
