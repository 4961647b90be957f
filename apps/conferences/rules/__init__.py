"""Conference rules (docs/design.md R1, R5, R9; docs/procedures.md §14 H1–H5, H19). Pure functions, no database.

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
    registry_figures,
    require_consistent_counts,
    require_held_in_order,
    require_quorum,
    require_surplus,
    share,
    surplus_needed,
)
from .outcomes import (
    OUTCOME_ADVANCED,
    OUTCOME_FAILED,
    OUTCOME_PASSED,
    ConferenceOutcome,
    carry_surplus,
    conference_outcome,
    head_choice_at_equal_votes,
)
from .votes import (
    ADVANCES,
    FAILED,
    GOING_ON,
    NOT_SELECTED,
    PASSED,
    SELECTED,
    SURPLUS,
    NominationOutcome,
    VoteOutcome,
    nomination_outcome,
    runoff_outcome,
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
    "registry_figures",
    "require_consistent_counts",
    "require_held_in_order",
    "require_quorum",
    "require_surplus",
    "runoff_outcome",
    "share",
    "surplus_needed",
    "vote_outcome",
]
