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


def require_winners_within_seats(winners, seats):
    """R4: the final vote selects at most as many winners as the seats the procedure was opened for."""
    if winners > seats:
        raise RuleViolation(
            "too_many_winners",
            _("{n} winners for {seats} seat(s): never more winners than seats.").format(
                n=winners, seats=seats
            ),
        )


def require_seat_left(decided, seats):
    """R4: one decision per seat the proposal covers — `decided` counts the procedure's decisions (signed or
    awaiting signature) that are not revoked."""
    if decided >= seats:
        raise RuleViolation(
            "all_seats_decided",
            _("All {seats} seat(s) of this procedure already have a decision.").format(seats=seats),
        )


def require_no_decision_yet(candidate, has_decision):
    """One appointment decision per winner: a second decision for the same candidate is refused."""
    if has_decision or candidate.status == "appointed":
        raise RuleViolation(
            "already_decided",
            _("{cadre} already has an appointment decision in this procedure.").format(cadre=candidate.cadre),
        )


def require_winner(candidate):
    """Only a winner of the final vote still waiting for a decision gets one, or is dropped."""
    if candidate.status not in ("selected", "eligible"):
        raise RuleViolation("not_selected", _("{cadre} was not selected.").format(cadre=candidate.cadre))


def require_drop_reason(reason):
    """A winner is dropped only with the board's reason, recorded on the procedure."""
    if not (reason or "").strip():
        raise RuleViolation("reason_required", _("Give the reason for dropping this winner."))


def require_from_elsewhere(internal_cadres):
    """procedures §1–§2 (issue 9 point 9): the external source (nguồn từ nơi khác, ND 170 Đ.33 k.3) is a person
    from elsewhere. A cadre of the unit — holding a post in the unit or one of its sub-units, or working there,
    as the registry says — is an internal-source candidate whatever the proposal's form said, and goes through
    the five internal steps with the surplus rule (R1), not through the external path without it."""
    if internal_cadres:
        raise RuleViolation(
            "internal_candidate_on_external_source",
            _(
                "{cadres}: a cadre of the unit is an internal-source candidate. Propose the appointment from "
                "the internal source, where the five steps and the surplus rule apply."
            ).format(cadres=", ".join(str(c) for c in internal_cadres)),
        )
