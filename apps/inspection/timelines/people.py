"""The people of a timeline: who they were then (recorded on the decision), where they are now (their cadre
record, account and roles) — so a transfer or a retirement never hides them (R8)."""

from apps.accounts.models import RoleAssignment
from apps.accounts.selectors import people_with_status  # noqa: F401  (re-exported)
from apps.decisions.models import DecisionParticipant


def decision_people(decision):
    """Who proposed, reviewed, verified, decided and signed the decision, with their unit then and status now."""
    rows = list(
        DecisionParticipant.objects.filter(decision_id=decision.pk).select_related("user", "unit_at_the_time")
    )
    status = people_with_status([row.user_id for row in rows])
    for row in rows:
        row.now = status.get(row.user_id)
    return rows


def user_participations(user):
    """The decisions the person took part in, with the unit and title they had then."""
    return list(
        DecisionParticipant.objects.filter(user_id=user.pk)
        .select_related("decision", "unit_at_the_time")
        .order_by("-decision__issued_on", "-pk")
    )


def user_roles(user):
    """Every role the person holds or held (withdrawn ones with their date)."""
    return list(RoleAssignment.objects.filter(user_id=user.pk).select_related("unit").order_by("-granted_at"))
