"""Terms that ended while their procedure was still open (H16): flagged once to the unit's organisation board
and to the inspection commission, with the audit entry ``reappointment.overdue``."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop
from viewflow.workflow.status import PROCESS

from apps.accounts.permissions import INSPECTION, ORG_BOARD
from apps.core.history import acting_as

from ..models import ReappointmentOutcome, ReappointmentProcess
from .common import audit, day, system_user

BOARD = ORG_BOARD


def overdue_processes(on):
    """Open procedures whose term ended on or before `on` and that were not flagged yet."""
    return ReappointmentProcess.objects.filter(
        status=PROCESS.NEW,
        outcome=ReappointmentOutcome.IN_PROGRESS,
        term_end__lte=on,
        overdue_flagged_at__isnull=True,
    ).order_by("term_end", "pk")


def _notify(process):
    from django.contrib.auth import get_user_model

    from apps.notifications import services as notifications
    from apps.notifications.flow_hooks import process_link
    from apps.notifications.models import Kind

    conflicted = get_user_model().objects.filter(cadre_id=process.cadre_id).values_list("pk", flat=True)
    from apps.notifications.texts import Text

    names = {"process": str(process), "end": day(process.term_end)}
    message = {
        "title": Text(gettext_noop("Term ended before the reappointment was decided: {process}"), **names),
        "body": Text(
            gettext_noop(
                "The term ended on {end} while {process} is still open. No decision can be signed any more; "
                "the organisation board and the inspection commission are informed."
            ),
            **names,
        ),
        "link": process_link(process),
        "process": process,
        "dedupe_key": f"reappointment:{process.pk}:overdue",
    }
    sent = []
    for perm in (BOARD, INSPECTION):
        sent += notifications.notify_users_with_permission(
            perm, process.unit, Kind.OVERDUE, exclude=list(conflicted), **message
        )
    return sent


@transaction.atomic
def _flag_one(pk, now, actor):
    process = (
        ReappointmentProcess.objects.select_for_update(of=("self",))
        .filter(pk=pk, overdue_flagged_at__isnull=True)
        .select_related("unit", "position")
        .first()
    )
    if process is None:  # flagged meanwhile by another run
        return False
    process.overdue_flagged_at = now
    with acting_as(actor):
        process.save(update_fields=["overdue_flagged_at"])
    sent = _notify(process)
    audit(
        "reappointment.overdue",
        process,
        process,
        actor,
        term_end=day(process.term_end),
        notified=sorted({n.recipient_id for n in sent}),
    )
    return True


def flag_overdue_reappointments(*, on=None, actor=None):
    """Flag every open procedure whose term has ended (once each); returns the figures."""
    on = on or timezone.localdate()
    actor = actor or system_user()
    now = timezone.now()
    flagged = [pk for pk in overdue_processes(on).values_list("pk", flat=True) if _flag_one(pk, now, actor)]
    return {"on": on.isoformat(), "flagged": len(flagged), "processes": flagged}
