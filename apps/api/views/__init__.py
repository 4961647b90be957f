"""The REST API (``/api/v1/``), scoped exactly like the pages.

The registry (units, positions, cadres, decisions, audit entries) is read through the apps' selectors; procedures
and their tasks through the procedures' selectors and permission functions (``workflows.common.nodes
.process_visible``); what the caller may not see is a 404, the same as a missing object. Procedures are started
and their steps claimed, released and completed through the step runner (``workflows.common.runner``) with the
step's own form — the same form, service and rules as the step's page, so the API refuses what the page refuses,
with the same rule code and message.
"""

from .procedures import (
    ProcedureViewSet,
    StartViewSet,
    decorate_process,
    detail_response_data,
    load_visible_process,
    procedure_detail,
    visible_process_ids,
)
from .registry import (
    AuditEntryViewSet,
    CadreViewSet,
    DecisionViewSet,
    NotificationViewSet,
    PositionViewSet,
    ScopedReadOnlyViewSet,
    UnitViewSet,
)
from .tasks import TaskViewSet, load_visible_task, my_task_ids, task_data

__all__ = [
    "AuditEntryViewSet",
    "CadreViewSet",
    "DecisionViewSet",
    "NotificationViewSet",
    "PositionViewSet",
    "ProcedureViewSet",
    "ScopedReadOnlyViewSet",
    "StartViewSet",
    "TaskViewSet",
    "UnitViewSet",
    "decorate_process",
    "detail_response_data",
    "load_visible_process",
    "load_visible_task",
    "my_task_ids",
    "procedure_detail",
    "task_data",
    "visible_process_ids",
]
