"""Names shared by the timeline modules."""

KIND_AUDIT, KIND_STEP, KIND_CHANGE = "audit", "step", "change"
KINDS = (KIND_AUDIT, KIND_STEP, KIND_CHANGE)
#: tracked models that are bookkeeping, not business records (notification read flags, reminder stamps)
NOT_BUSINESS_RECORDS = frozenset({"notifications.notification", "workflow_common.taskdeadline"})
#: fields never shown in diffs: Viewflow's internals and timestamps every save moves
DIFF_EXCLUDED = frozenset(
    {
        "updated_at",
        "data",
        "flow_class",
        "parent_task",
        "seed_content_type",
        "seed_object_id",
        "artifact_content_type",
        "artifact_object_id",
        "process_ptr",
    }
)
INITIAL_FIELDS_SHOWN = 12
VALUE_CHARS = 200
EXPORT_LIMIT = 10_000
HISTORY_ACTIONS = {"+": "change.created", "~": "change.changed", "-": "change.deleted"}
