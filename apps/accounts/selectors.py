"""Reads of accounts that pages of other apps share."""

from collections import defaultdict

from django.contrib.auth import get_user_model

from .models import RoleAssignment


def people_with_status(user_ids):
    """``{user id: {"user", "cadre", "active", "roles"}}``: each person's account, cadre record (current unit,
    employment status: working, transferred, retired…) and the roles they hold *now* — two queries."""
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
