"""Timelines for the inspection commission (docs/design.md §2.5; issue 5 part 2): per procedure, per cadre, per
decision and per user, merging three kinds of events —

* **audit entries** (``AuditEntry``: who did what, written by the services, hash-chained);
* **procedure steps** (Viewflow ``Task`` rows: opened, claimed, completed, by whom);
* **record changes** (simple-history rows of every tracked model, with field-level diffs against the previous
  version of the same record).

Everything works *by construction*, for any procedure that follows the shared machinery: a procedure's events are
the audit entries carrying its ``process_id``, its ``Task`` rows, and the history of every tracked model that is a
``Process`` subclass or has a foreign key to one (its process row, candidates, conferences, comments, attachments,
decisions…). A new flow is covered as soon as its models have ``history = history()``.

Constant queries whatever the size: the sources are combined in **one** SQL ``UNION`` of
``(kind, ref, when, action, object)`` rows, which the database sorts, filters and pages (``LIMIT/OFFSET``); the page
is then hydrated with one query per kind present on it (audit, steps, and one per history model, which also brings
the previous versions needed for the diffs). A page costs the same for 10 events or 10 000.
"""

from .constants import KIND_AUDIT, KIND_CHANGE, KIND_STEP, KINDS
from .entries import Entry, Timeline, hydrate, raw_changes, show_value
from .people import decision_people, people_with_status, user_participations, user_roles
from .sources import (
    Filters,
    cadre_sources,
    combined,
    decision_sources,
    procedure_sources,
    processes_of_cadre,
    processes_of_decision,
    tracked_models,
    user_sources,
)

__all__ = [
    "KINDS",
    "KIND_AUDIT",
    "KIND_CHANGE",
    "KIND_STEP",
    "Entry",
    "Filters",
    "Timeline",
    "cadre_sources",
    "combined",
    "decision_people",
    "decision_sources",
    "hydrate",
    "people_with_status",
    "procedure_sources",
    "processes_of_cadre",
    "processes_of_decision",
    "raw_changes",
    "show_value",
    "tracked_models",
    "user_participations",
    "user_roles",
    "user_sources",
]
