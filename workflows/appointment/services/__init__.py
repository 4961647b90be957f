"""The appointment procedure's writers: one per step (``steps.STEPS``), run by the step runner
(``workflows.common.runner``), which locks the procedure, checks the actor and completes the task. Each runs the
step's rules, writes the business records, finishes the task where the next step must exist (``_complete``) and
appends the audit entry — all in one transaction, so a refused step changes nothing. Flow callbacks run inside ``acting_as(actor)`` so every
history row names the person who acted.
"""

from .conferences import active_candidates, record_step, step_specs, verification_preview, verify_candidates
from .decision import (
    PARTICIPANT_ROLES,
    draft_appointment_decision,
    draft_or_drop,
    drop_winner,
    participants,
    sign_appointment_decision,
)
from .listing import cadres_of_unit, listing_standings, nominate_candidates, require_still_eligible
from .proposal import propose, review_policy, revise_proposal, vacancies_for

__all__ = [
    "PARTICIPANT_ROLES",
    "active_candidates",
    "cadres_of_unit",
    "draft_appointment_decision",
    "draft_or_drop",
    "drop_winner",
    "listing_standings",
    "nominate_candidates",
    "participants",
    "propose",
    "record_step",
    "require_still_eligible",
    "review_policy",
    "revise_proposal",
    "sign_appointment_decision",
    "step_specs",
    "vacancies_for",
    "verification_preview",
    "verify_candidates",
]
