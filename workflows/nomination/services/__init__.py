"""The nomination procedure's writers (docs/style.md rule 3), one per step. Each runs the step's rules, writes the
business records, finishes the task where the next step must exist (the step runner, ``workflows.common.runner``,
completes it otherwise) and appends the audit entry — all in one transaction, so a refused step changes nothing."""

from .election import confirm_result, elected_candidates, nominated_candidates, record_result
from .listing import (
    final_round_code,
    listable_candidates,
    listed_candidates,
    participants,
    prepare_list,
    proposed_list,
    sign_list,
)
from .proposal import claimed_seats, may_propose, propose, review_plan
from .rounds import (
    active_candidates,
    record_round,
    round_spec,
    round_specs,
    verification_preview,
    verify_candidates,
)

__all__ = [
    "active_candidates",
    "claimed_seats",
    "confirm_result",
    "elected_candidates",
    "final_round_code",
    "listable_candidates",
    "listed_candidates",
    "may_propose",
    "nominated_candidates",
    "participants",
    "prepare_list",
    "proposed_list",
    "propose",
    "record_result",
    "record_round",
    "review_plan",
    "round_spec",
    "round_specs",
    "sign_list",
    "verification_preview",
    "verify_candidates",
]
