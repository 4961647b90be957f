"""Readers for the appointment pages (the procedure's summary beside every step and on its page)."""

from .models import AppointmentCandidate


def candidates(process):
    return list(
        AppointmentCandidate.objects.filter(process_id=process.pk).select_related(
            "cadre", "cadre__current_unit"
        )
    )


def conferences(process):
    try:
        from apps.conferences.models import Conference
    except ImportError:  # the conferences app has not landed its models yet
        return []
    return list(Conference.objects.filter(process_id=process.pk).order_by("pk"))


def summary(process, user):
    """What the procedure page and each step page show about the procedure itself."""
    decision = None
    if process.decision_id if hasattr(process, "decision_id") else False:
        decision = process.decision
    return {
        "candidates": candidates(process),
        "conferences": conferences(process),
        "decision": decision,
    }
