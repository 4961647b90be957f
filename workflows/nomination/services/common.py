"""Small helpers every nomination service uses."""

from workflows.common.services import audit, complete, save  # noqa: F401 - the services' helpers, shared


def list_bounds(process):
    """(fewest, most) names the procedure's candidate list may carry (H19)."""
    from .. import rules

    return rules.list_bounds(process.seats, process.params)


def discard(files):
    """Delete the files a step stored when its transaction is rolled back: a refused step leaves nothing."""
    for field in files:
        if field and field.name:
            field.storage.delete(field.name)
