"""The home page's cards for a role's standing duties, beside "My work":

* the organisation board: terms ending soon with no reappointment yet (each with its "open" link, pre-filled),
  and the background jobs stuck for a person to look at;
* the inspection commission: the open revocation cases and the violation reports not yet triaged.

Each card reads a bounded list and one count, in the reader's scope; a user of neither role costs no query.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from apps.accounts.models import Role
from apps.accounts.permissions import has_role

SHOWN = 5
#: how far ahead the board's card looks for terms ending (days): the longest notice period is about 90 days
TERMS_AHEAD_DAYS = 120


@dataclass(frozen=True)
class Card:
    rows: list
    count: int


def _card(queryset):
    rows = list(queryset[:SHOWN])
    return Card(rows=rows, count=len(rows) if len(rows) < SHOWN else queryset.count())


def board_cards(user, today=None):
    """{"terms": Card of tenures, "stuck": Card of job runs or None} for the organisation board, else {}."""
    from apps.notifications.selectors import may_manage_jobs, stuck_jobs
    from workflows.reappointment.selectors import openable_tenures

    cards = {}
    if has_role(user, Role.ORG_BOARD):
        today = today or timezone.localdate()
        cards["terms"] = _card(
            openable_tenures(user, today).filter(term_end__lte=today + timedelta(TERMS_AHEAD_DAYS))
        )
    if may_manage_jobs(user):
        cards["stuck"] = _card(stuck_jobs())
    return cards


def inspection_cards(user):
    """{"cases": Card of open revocation cases, "reports": Card of reports received} for the inspection
    commission (in its scope), else {}."""
    from apps.audit.models import ViolationReport
    from apps.inspection.selectors import may_inspect, reports_for
    from workflows.common.selectors import visible_processes
    from workflows.revocation.flows import RevocationFlow

    if not may_inspect(user):
        return {}
    cases = (
        visible_processes(RevocationFlow, user)
        .filter(outcome="in_progress")
        .select_related("unit")
        .order_by("-created", "-pk")
    )
    reports = reports_for(user, status=ViolationReport.Status.RECEIVED).order_by("-filed_at", "-pk")
    cases = _card(cases)
    for case in cases.rows:
        case.page_url = RevocationFlow.instance.reverse("process_detail", args=[case.pk])
    return {"cases": cases, "reports": _card(reports)}
