"""Readers for the audit log, the verification runs and violation reports (pages, other apps' rules).

``open_report_count`` / ``open_reports_for_cadres`` are what the eligibility rules use for R11 (an open report
about a candidate pauses that candidate's procedure).
"""

from django.db.models import Count, Q

from apps.accounts import permissions
from apps.accounts.models import Role

from .models import AuditEntry, ChainVerification, ViolationReport

OPEN_STATUSES = ViolationReport.OPEN_STATUSES


def open_report_count(cadre_id):
    """Reports about that cadre not yet answered, closed or rejected (R11, H25)."""
    return ViolationReport.objects.filter(subject_cadre_id=cadre_id, status__in=OPEN_STATUSES).count()


def open_reports_for_cadres(cadre_ids):
    """``{cadre_id: number of open reports}`` for the cadres that have any (one query)."""
    cadre_ids = list(cadre_ids)
    if not cadre_ids:
        return {}
    rows = (
        ViolationReport.objects.filter(subject_cadre_id__in=cadre_ids, status__in=OPEN_STATUSES)
        .values("subject_cadre_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["subject_cadre_id"]: row["n"] for row in rows}


# --- inspection -------------------------------------------------------------------------------------------


def may_inspect(user):
    """The inspection pages (audit log, verification, reports): inspection commission members and superusers."""
    return bool(user and user.is_active and permissions.has_role(user, Role.INSPECTION))


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
    from .services.log import GENESIS_HASH

    head = AuditEntry.objects.order_by("-seq").values_list("seq", "hash").first()
    return head or (0, GENESIS_HASH)


def latest_verifications(limit=5):
    return ChainVerification.objects.select_related("requested_by")[:limit]


def reports_for(user, *, status="", category="", query=""):
    """Reports the user may handle: none for anyone outside the inspection commission."""
    if not may_inspect(user):
        return ViolationReport.objects.none()
    # R10: an inspector never handles, reads or downloads the evidence of a report about themselves
    reports = permissions.restrict_conflicts(ViolationReport.objects.all(), user)
    unit_ids = permissions.scope_unit_ids(user, "handle_report")
    if unit_ids is not None:
        reports = reports.filter(Q(unit__in=unit_ids) | Q(unit__isnull=True))
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
