"""Readers for the nomination pages (the procedure's summary beside every step and on its page)."""

from apps.conferences.selectors import with_tally_visibility

from .models import NominationCandidate
from .rules import list_bounds


def candidates(process):
    return list(
        NominationCandidate.objects.filter(process_id=process.pk)
        .select_related("cadre", "cadre__current_unit", "decision", "result_decision")
        .prefetch_related("checks")
        .order_by("pk")
    )


def conferences(process):
    from apps.conferences.models import Conference

    return list(
        Conference.objects.filter(process_id=process.pk).prefetch_related("candidates__cadre").order_by("pk")
    )


def summary(process, user):
    """What the procedure page and each step page show about the procedure itself."""
    fewest, most = list_bounds(process.seats, process.params) if process.rule_snapshot else (None, None)
    return {
        "candidates": candidates(process),
        "conferences": with_tally_visibility(conferences(process), user, process),
        "list_fewest": fewest,
        "list_most": most,
    }
