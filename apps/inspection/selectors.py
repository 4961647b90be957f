"""Readers for the inspection pages: the audit log, the verification runs and violation reports.

(``open_report_count`` / ``open_reports_for_cadres``, which the eligibility rules use for R11, are in
``apps.audit.selectors``, below the registry.)
"""

from django.db.models import Count, Q

from apps.accounts import permissions
from apps.accounts.permissions import may_inspect  # noqa: F401  (re-exported: the pages' gate)
from apps.audit.models import AuditEntry, ChainVerification, ViolationReport
from apps.audit.selectors import open_report_count, open_reports_for_cadres  # noqa: F401  (re-exported)
from apps.audit.services import GENESIS_HASH

OPEN_STATUSES = ViolationReport.OPEN_STATUSES


# --- inspection -------------------------------------------------------------------------------------------


def audit_entries(user, *, action="", actor="", obj="", date_from=None, date_to=None):
    """The log, newest first, filtered; everything for an inspector, nothing for anyone else."""
    if not may_inspect(user):
        return AuditEntry.objects.none()
    entries = AuditEntry.objects.all()
    if action:
        entries = entries.filter(action=action)
    if actor:
        entries = entries.filter(actor_label__icontains=actor)
    if obj:
        entries = entries.filter(Q(object_repr__icontains=obj) | Q(object_id=obj) | Q(object_type=obj))
    if date_from:
        entries = entries.filter(occurred_at__date__gte=date_from)
    if date_to:
        entries = entries.filter(occurred_at__date__lte=date_to)
    return entries.order_by("-seq")


def audit_actions():
    """The actions present in the log, for the filter: a skip scan of the index on `action` (one probe per distinct
    action, each the next action after the previous one), never a DISTINCT over every entry of the log."""
    from django.db import connection

    table = connection.ops.quote_name(AuditEntry._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH RECURSIVE actions(action) AS ("
            f" SELECT min(action) FROM {table}"
            f" UNION ALL"
            f" SELECT (SELECT min(action) FROM {table} WHERE action > actions.action) FROM actions"
            f" WHERE actions.action IS NOT NULL"
            f") SELECT action FROM actions WHERE action IS NOT NULL"
        )
        return [row[0] for row in cursor.fetchall()]


def audit_entry_count(filtered, head_seq):
    """How many entries the log page counts: the head's sequence number when nothing is filtered (with an intact
    chain it is the number of entries; ``audit_verify`` checks that), so that no view counts the whole log."""
    return None if filtered else head_seq


def audit_head():
    """``(seq, hash)`` of the newest entry, ``(0, GENESIS_HASH)`` for an empty log.

    With an intact chain the newest sequence number is the number of entries.
    """
    head = AuditEntry.objects.order_by("-seq").values_list("seq", "hash").first()
    return head or (0, GENESIS_HASH)


def latest_verifications(limit=5):
    return ChainVerification.objects.select_related("requested_by")[:limit]


def reports_for(user, *, status="", category="", query=""):
    """Reports the user may handle: none for anyone outside the inspection commission."""
    # R10: an inspector never handles, reads or downloads the evidence of a report about themselves
    reports = permissions.reports_handled_by(user, ViolationReport.objects.all())
    if status == "open":
        reports = reports.filter(status__in=OPEN_STATUSES)
    elif status:
        reports = reports.filter(status=status)
    if category:
        reports = reports.filter(category=category)
    if query:
        code = query.upper().replace("-", "").replace(" ", "")
        reports = reports.filter(
            Q(tracking_code=code)
            | Q(subject_text__icontains=query)
            | Q(subject_cadre__full_name__icontains=query)
        )
    return reports.select_related("subject_cadre", "unit", "handled_by").annotate(
        attachment_count=Count("attachments")
    )


def report_for_handling(user, pk):
    """One report with its attachments, or ``None`` when it does not exist or is not the user's to handle."""
    return reports_for(user).select_related("filed_by").prefetch_related("attachments").filter(pk=pk).first()


def report_history(report):
    return report.history.select_related("history_user").order_by("-history_date", "-history_id")


# --- public -----------------------------------------------------------------------------------------------


def report_by_code(code):
    """The report with this tracking code, only the fields a member of the public may read, or ``None``."""
    if not code:
        return None
    return (
        ViolationReport.objects.filter(tracking_code=code)
        .only("tracking_code", "status", "category", "kind", "filed_at", "answer", "answered_at", "closed_at")
        .first()
    )
