"""Timelines cover every procedure by construction: each Process subclass installed (appointment, revocation,
reappointment, nomination… whatever exists) contributes its own history and the history of every tracked record
that points at a process; bookkeeping (notifications, reminder stamps) stays out."""

from django.db.models import ForeignKey, OneToOneField

from apps.inspection.timelines import procedure_sources, tracked_models
from apps.inspection.timelines.sources import is_process_model, process_models


def kinds(sources):
    return {rows.query.annotations["t_kind"].value for rows in sources}


def test_every_procedure_and_every_record_linked_to_one_is_a_source():
    found = kinds(procedure_sources([1]))
    assert {"audit", "step"} <= found
    labels = {model._meta.label_lower for model, _history in tracked_models()}
    expected = set()
    for model in process_models():
        assert model._meta.label_lower in labels, f"{model} has no history: its changes would be invisible"
        expected.add(f"h:{model._meta.label_lower}")
    for model, _history in tracked_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, ForeignKey | OneToOneField) and is_process_model(field.related_model):
                expected.add(f"h:{model._meta.label_lower}")
    assert expected <= found
    assert {"h:appointment.appointmentprocess", "h:revocation.revocationprocess"} <= found
    assert {"h:workflow_common.stepcomment", "h:decisions.decision", "h:conferences.conference"} <= found
    assert "h:notifications.notification" not in found and "h:workflow_common.taskdeadline" not in found


def test_no_procedure_no_source():
    assert procedure_sources([]) == [] and procedure_sources([None]) == []
