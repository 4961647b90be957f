"""Celery job of the inspection pages: the background timeline export (its name kept from when it lived in
``apps.audit``)."""

from apps.core.jobs import tracked_job


@tracked_job("audit.build_timeline_export", key=lambda export_id: f"timeline-export:{export_id}")
def build_timeline_export(export_id):
    """Write the file of one requested timeline export (``services.exports.build_export``); keyed by the export,
    so a redelivered message or a second request for it does nothing."""
    from .services.exports import build_export  # exports.py queues this task

    return build_export(export_id)
