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
#: an export of at most this many events is made in the request; a larger one is a background job (docs/design.md §2.6)
IMMEDIATE_EXPORT_ROWS = 1_000
#: a PDF holds at most this many events (reportlab takes ~2.5 ms per row: about a minute of a worker); CSV has no cap
PDF_MAX_ROWS = 20_000
#: events hydrated per query batch when exporting
EXPORT_CHUNK_ROWS = 1_000
HISTORY_ACTIONS = {"+": "change.created", "~": "change.changed", "-": "change.deleted"}
