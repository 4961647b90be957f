"""Readers for the reappointment pages (the procedure's summary beside every step and on its page)."""

from apps.conferences.models import Conference
from apps.conferences.selectors import with_tally_visibility


def conferences(process):
    return list(Conference.objects.filter(process_id=process.pk).order_by("held_on", "pk"))


def summary(process, user):
    """What the procedure page and each step page show about the procedure itself; `can_withdraw` replaces the
    shared page's answer (only the organisation board withdraws a reappointment: ``services.withdrawal``)."""
    from .services.withdrawal import may_withdraw

    return {
        "conferences": with_tally_visibility(conferences(process), user, process),
        "decision": process.decision if process.decision_id else None,
        "can_withdraw": may_withdraw(user, process),
    }


def openable_tenures(user, on):
    """Current tenures in the user's organisation-board scope whose term is still running and that have no open
    reappointment procedure — what the board may open one for by hand."""
    from django.db.models import Exists, OuterRef

    from apps.accounts import permissions
    from apps.cadres.models import Tenure

    from .models import ReappointmentOutcome, ReappointmentProcess

    open_one = ReappointmentProcess.objects.filter(
        tenure_id=OuterRef("pk"), outcome=ReappointmentOutcome.IN_PROGRESS
    )
    qs = (
        Tenure.objects.open()
        .filter(term_end__gt=on, position__is_elected=False)
        .exclude(Exists(open_one))
        .select_related("cadre", "position__unit")
        .order_by("term_end", "pk")
    )
    qs = permissions.restrict(qs, user, "review")
    if getattr(user, "cadre_id", None):
        qs = qs.exclude(cadre_id=user.cadre_id)  # R10: nobody opens their own reappointment
    return qs
