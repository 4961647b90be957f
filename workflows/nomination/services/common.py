"""Small helpers every nomination service uses."""

from apps.audit.services import record
from apps.core.history import acting_as


def complete(activation, actor):
    """Finish the current task and let the flow create the next one(s), as `actor`."""
    with acting_as(actor):
        activation.execute()


def audit(action, obj, process, actor, **data):
    record(action, obj, actor=actor, process_id=process.pk, data=data)


def save(process, actor, *fields):
    with acting_as(actor):
        process.save(update_fields=list(fields) if fields else None)


def list_bounds(process):
    """(fewest, most) names the procedure's candidate list may carry (H19)."""
    from .. import rules

    return rules.list_bounds(process.seats, process.params)


def discard(files):
    """Delete the files a step stored when its transaction is rolled back: a refused step leaves nothing."""
    for field in files:
        if field and field.name:
            field.storage.delete(field.name)
