"""Machinery every procedure shares: the fields of a procedure process and its outcome contract, the fields and
candidacy helpers of a procedure's candidate, the verification checks, step comments and attachments, and due
dates per task.

A concrete procedure (appointment, reappointment, nomination, revocation) declares its Viewflow process as a
multi-table subclass of ``viewflow.workflow.models.Process`` *and* of ``ProcedureFields``, so that the business
columns are real, queryable, reported columns (docs/style.md rule 7) and the scope and conflict-of-interest checks of
``apps.accounts.permissions`` work on it unchanged. Its outcomes are a ``TextChoices`` that keeps the contract of
``ProcedureOutcome`` (``outcome_field``); a procedure with candidates declares them as a subclass of
``CandidateFields``.

A package: ``procedure`` (process fields, outcome contract), ``candidates`` (candidate fields, verification
checks), ``steps`` (comments, attachments, deadlines), ``uploads`` (upload paths and check); every name stays
importable from ``workflows.common.models`` (the migrations name the upload functions by this path).
"""

from .candidates import CandidateFields, VerificationCheck, record_checks
from .procedure import (
    PROCEDURE_HISTORY_EXCLUDED,
    ProcedureFields,
    ProcedureOutcome,
    check_outcomes,
    outcome_field,
    procedure_history,
)
from .steps import StepAttachment, StepComment, TaskDeadline
from .uploads import (
    _upload_to,
    candidate_evaluation_path,
    candidate_self_assessment_path,
    validate_attachment,
)

__all__ = [
    "PROCEDURE_HISTORY_EXCLUDED",
    "procedure_history",
    "CandidateFields",
    "ProcedureFields",
    "ProcedureOutcome",
    "StepAttachment",
    "StepComment",
    "TaskDeadline",
    "VerificationCheck",
    "_upload_to",
    "candidate_evaluation_path",
    "candidate_self_assessment_path",
    "check_outcomes",
    "outcome_field",
    "record_checks",
    "validate_attachment",
]
