"""The reappointment procedure's writers (docs/style.md rule 3): opening, the steps, the decision, overdue terms."""

from .common import SYSTEM_USERNAME, system_user
from .deciding import decide, draft, participants, sign
from .opening import due_tenures, open_due_reappointments, open_for_tenure, open_manually, start_from_job
from .overdue import flag_overdue_reappointments, overdue_processes
from .steps import (
    eligibility_results,
    notify_unit_leaders,
    record_conference_step,
    record_notice,
    step_spec,
    submit_self_assessment,
    verify,
)
from .withdrawal import may_withdraw, withdraw

__all__ = [
    "SYSTEM_USERNAME",
    "decide",
    "draft",
    "due_tenures",
    "eligibility_results",
    "flag_overdue_reappointments",
    "notify_unit_leaders",
    "open_due_reappointments",
    "open_for_tenure",
    "open_manually",
    "overdue_processes",
    "participants",
    "record_conference_step",
    "record_notice",
    "sign",
    "start_from_job",
    "may_withdraw",
    "step_spec",
    "submit_self_assessment",
    "system_user",
    "verify",
    "withdraw",
]
