"""Readers for the revocation pages: the case's summary beside every step and on its page."""

from apps.accounts.permissions import may_inspect
from apps.accounts.selectors import people_with_status

from .models import CaseReport, InvolvedPerson


def involved_people(case):
    """The people involved in the decision under review, each with their unit then and their status now."""
    rows = list(
        InvolvedPerson.objects.filter(case_id=case.pk).select_related(
            "unit_at_the_time", "discipline", "user"
        )
    )
    status = people_with_status([row.user_id for row in rows])
    for row in rows:
        row.now = status.get(row.user_id)
    return rows


def linked_reports(case, user):
    """Violation reports linked to the case: the inspection commission only (the reports are theirs, H25)."""
    if not may_inspect(user):
        return []
    return list(
        CaseReport.objects.filter(case_id=case.pk).select_related("report", "linked_by").order_by("pk")
    )


def summary(case, user):
    """What the case page and each step page show about the case."""
    decision = case.decision if case.decision_id else None
    return {
        "decision": decision,
        "involved": involved_people(case) if case.pk else [],
        "linked_reports": linked_reports(case, user) if case.pk else [],
        "revocation_decision": case.revocation_decision if case.revocation_decision_id else None,
        "may_inspect": may_inspect(user),
    }
