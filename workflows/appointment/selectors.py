"""Readers for the appointment pages (the procedure's summary beside every step and on its page)."""

from apps.conferences.selectors import with_tally_visibility

from .models import AppointmentCandidate


def candidates(process):
    return list(
        AppointmentCandidate.objects.filter(process_id=process.pk)
        .select_related("cadre", "cadre__current_unit")
        .prefetch_related("checks")
    )


def conferences(process):
    from apps.conferences.models import Conference

    return list(
        Conference.objects.filter(process_id=process.pk).prefetch_related("candidates__cadre").order_by("pk")
    )


def decisions(process):
    """Every decision of the procedure (one per winner), in the order drafted."""
    from apps.decisions.models import Decision

    return list(Decision.objects.filter(process_id=process.pk).order_by("pk")) if process.pk else []


def summary(process, user):
    """What the procedure page and each step page show about the procedure itself."""
    decision = process.decision if process.decision_id else None
    return {
        "candidates": candidates(process),
        "conferences": with_tally_visibility(conferences(process), user, process),
        "decision": decision,
        "decisions": decisions(process),
    }
