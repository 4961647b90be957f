"""The conferences each procedure holds, step by step, as data (docs/procedures.md §1.1–1.2, §2, §5, §6, §14b).

A ``StepSpec`` says who is convened, what kind of ballot is cast, which legal denominator the votes are counted
against (H2), whether the step consults (so the surplus rule R1 applies), whether the result is announced (H5)
and what happens at a tie or when nobody passes. The step lists are functions of the resolved rule-set
``Params`` so an operator can correct any step without code through the ``step_overrides`` parameter
(``{"internal_3_collective": {"denominator": "convened"}}``) — several of these values are only partly
confirmed by the sources ([P] in docs/procedures.md).

Step codes are stored on every recorded conference: treat them as schema and never rename them.
"""

from .lists import (
    APPOINTING_COLLECTIVE,
    EXECUTIVE,
    EXPANDED,
    KEY_OFFICIALS,
    LEADERSHIP,
    ORIGIN_COLLECTIVE,
    STANDING,
    STEP_LISTS,
    appointment_external_steps,
    appointment_internal_steps,
    extension_steps,
    nomination_steps,
    planning_steps,
    reappointment_steps,
    rotation_steps,
    step_by_code,
    step_titles,
)
from .spec import StepSpec, apply_overrides

__all__ = [
    "APPOINTING_COLLECTIVE",
    "EXECUTIVE",
    "EXPANDED",
    "KEY_OFFICIALS",
    "LEADERSHIP",
    "ORIGIN_COLLECTIVE",
    "STANDING",
    "STEP_LISTS",
    "StepSpec",
    "apply_overrides",
    "appointment_external_steps",
    "appointment_internal_steps",
    "extension_steps",
    "nomination_steps",
    "planning_steps",
    "reappointment_steps",
    "rotation_steps",
    "step_by_code",
    "step_titles",
]
