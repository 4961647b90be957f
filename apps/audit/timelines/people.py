"""The people of a timeline: who they were then (recorded on the decision), where they are now (their cadre
record, account and roles) — so a transfer or a retirement never hides them (R8)."""

from collections import defaultdict

from django.contrib.auth import get_user_model


def people_with_status(user_ids):
    """``{user id: {"user", "cadre", "active", "roles"}}``: each person's account, cadre record (current unit,
    employment status: working, transferred, retired…) and the roles they hold *now* — two queries."""
    from apps.accounts.models import RoleAssignment

    ids = {pk for pk in user_ids if pk}
    if not ids:
        return {}
    roles = defaultdict(list)
    for assignment in RoleAssignment.objects.active().filter(user_id__in=ids).select_related("unit"):
        roles[assignment.user_id].append(assignment)
    users = get_user_model().objects.filter(pk__in=ids).select_related("cadre__current_unit")
    return {
        user.pk: {"user": user, "cadre": user.cadre, "active": user.is_active, "roles": roles[user.pk]}
        for user in users
    }


def decision_people(decision):
    """Who proposed, reviewed, verified, decided and signed the decision, with their unit then and status now."""
    from apps.decisions.models import DecisionParticipant

    rows = list(
        DecisionParticipant.objects.filter(decision_id=decision.pk).select_related("user", "unit_at_the_time")
    )
    status = people_with_status([row.user_id for row in rows])
    for row in rows:
        row.now = status.get(row.user_id)
    return rows


def user_participations(user):
    """The decisions the person took part in, with the unit and title they had then."""
    from apps.decisions.models import DecisionParticipant

    return list(
        DecisionParticipant.objects.filter(user_id=user.pk)
        .select_related("decision", "unit_at_the_time")
        .order_by("-decision__issued_on", "-pk")
    )


def user_roles(user):
    """Every role the person holds or held (withdrawn ones with their date)."""
    from apps.accounts.models import RoleAssignment

    return list(RoleAssignment.objects.filter(user_id=user.pk).select_related("unit").order_by("-granted_at"))
