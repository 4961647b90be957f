"""Reads of the audit app's own tables that the apps below the inspection pages need.

``open_report_count`` / ``open_reports_for_cadres`` are what the eligibility rules use for R11 (an open report
about a candidate pauses that candidate's procedure). The inspection pages' reads are in ``apps.inspection``.
"""

from django.db.models import Count

from .models import ViolationReport

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
