"""Conference rules (DESIGN.md R1, R5, R9; procedures.md §14 H1–H5, H19). Pure functions, no database.

Each rule raises ``RuleViolation`` with a stable code the tests and the forms rely on. Shares are exact
``fractions.Fraction`` values: "more than 50%" means ``votes / denominator > 1/2``, never a float comparison, and
the tie "exactly 50%" is an exact equality.
"""

from .counts import (
    BALLOT_KINDS,
    DENOMINATORS,
    TIE_RULES,
    as_fraction,
    election_list_surplus,
    election_surplus_bounds,
    legal_denominator,
    require_consistent_counts,
    require_quorum,
    require_surplus,
    share,
    surplus_needed,
)
from .outcomes import (
    ADVANCES,
    FAILED,
    GOING_ON,
    NOT_SELECTED,
    OUTCOME_ADVANCED,
    OUTCOME_FAILED,
    OUTCOME_PASSED,
    PASSED,
    SELECTED,
    SURPLUS,
    ConferenceOutcome,
    NominationOutcome,
    VoteOutcome,
    carry_surplus,
    conference_outcome,
    head_choice_at_equal_votes,
    nomination_outcome,
    vote_outcome,
)

__all__ = [
    "ADVANCES",
    "BALLOT_KINDS",
    "DENOMINATORS",
    "FAILED",
    "GOING_ON",
    "NOT_SELECTED",
    "OUTCOME_ADVANCED",
    "OUTCOME_FAILED",
    "OUTCOME_PASSED",
    "PASSED",
    "SELECTED",
    "SURPLUS",
    "TIE_RULES",
    "ConferenceOutcome",
    "NominationOutcome",
    "VoteOutcome",
    "as_fraction",
    "carry_surplus",
    "conference_outcome",
    "head_choice_at_equal_votes",
    "election_list_surplus",
    "election_surplus_bounds",
    "legal_denominator",
    "nomination_outcome",
    "require_consistent_counts",
    "require_quorum",
    "require_surplus",
    "share",
    "surplus_needed",
    "vote_outcome",
]
