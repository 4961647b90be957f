"""The planning review's writers, one per step (377-QĐ/TW; QĐ 50 PL2; docs/procedures.md §7, H13, H18).

Every service takes the process (and the task) and the actor, checks the step's rules, writes, and appends its
audit entry, in one transaction: a refused step writes nothing. None of them sees a Viewflow activation: the step
pages (``views``) and the step runner complete the task around them.

- ``open_review``: the organisation board opens the yearly review of one post's planning; every cadre planned for
  it is listed, with the removals the rules propose (over age, disciplined, political standard not met);
- ``propose_changes``: the board confirms the removals (with reasons) and proposes additions from the internal or an
  external source, each checked against every entry rule (``rules.require_may_enter``);
- ``record_key_officials`` / ``record_collective``: the key officials' secret ballot on the additions and the
  leadership collective's vote on the list (``apps.conferences``);
- ``decide``: the leadership signs a planning decision for each addition and each removal, which writes the
  ``PlanningEntry`` rows (with history); each is revocable like any decision (``revocation_effects.undo_planning``).
"""

from .conferences import candidates_for, record_collective, record_key_officials, step_spec
from .decision import PARTICIPANT_ROLES, decide, participants
from .proposal import check_addition, has_additions, open_review, open_review_of, propose_changes

__all__ = [
    "PARTICIPANT_ROLES",
    "candidates_for",
    "check_addition",
    "decide",
    "has_additions",
    "open_review",
    "open_review_of",
    "participants",
    "propose_changes",
    "record_collective",
    "record_key_officials",
    "step_spec",
]
