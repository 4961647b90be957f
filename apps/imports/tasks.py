"""Tracked jobs of the registry import (``apps.core.jobs``): the dry run and the import of one uploaded file,
keyed by its run, so a redelivered message does nothing twice."""

from apps.core.jobs import tracked_job


@tracked_job("imports.check_import", key=lambda run_id: f"import-check:{run_id}")
def check_import(run_id):
    from .services import check

    return check(run_id)


@tracked_job("imports.apply_import", key=lambda run_id: f"import-apply:{run_id}")
def apply_import(run_id):
    from .services import apply

    return apply(run_id)
