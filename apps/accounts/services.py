"""Granting and withdrawing roles; keeping guardian object permissions in step with them."""

from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from guardian.models import UserObjectPermission

from apps.audit.services import record
from apps.core.history import acting_as
from apps.core.rules import RuleViolation

from .models import ROLE_PERMISSIONS, RoleAssignment, unit_model
from .permissions import forget_scope


def desired_unit_permissions(user):
    """{(permission codename, unit id)} that the user's active assignments grant."""
    OrgUnit = unit_model()
    wanted = set()
    for assignment in RoleAssignment.objects.active().filter(user=user).select_related("unit"):
        codename = ROLE_PERMISSIONS.get(assignment.role)
        if codename is None:
            continue
        if assignment.include_descendants:
            unit_ids = OrgUnit.objects.filter(path__startswith=assignment.unit.path).values_list(
                "pk", flat=True
            )
        else:
            unit_ids = [assignment.unit_id]
        wanted.update((codename, unit_id) for unit_id in unit_ids)
    return wanted


@transaction.atomic
def sync_unit_permissions(user):
    """Recompute the user's guardian permissions on units from their active role assignments."""
    ct = ContentType.objects.get_for_model(unit_model())
    perms = {
        p.codename: p
        for p in Permission.objects.filter(content_type=ct, codename__in=ROLE_PERMISSIONS.values())
    }
    existing = {
        (row.permission.codename, int(row.object_pk)): row.pk
        for row in UserObjectPermission.objects.filter(
            user=user, content_type=ct, permission__codename__in=list(perms)
        ).select_related("permission")
    }
    wanted = desired_unit_permissions(user)
    stale = [pk for key, pk in existing.items() if key not in wanted]
    if stale:
        UserObjectPermission.objects.filter(pk__in=stale).delete()
    UserObjectPermission.objects.bulk_create(
        [
            UserObjectPermission(
                user=user, content_type=ct, permission=perms[codename], object_pk=str(unit_id)
            )
            for codename, unit_id in sorted(wanted - set(existing))
        ]
    )
    forget_scope(user)


@transaction.atomic
def grant_role(*, user, role, unit, include_descendants=True, actor):
    """Give `user` the `role` over `unit` (and its sub-units)."""
    if RoleAssignment.objects.active().filter(user=user, role=role, unit=unit).exists():
        raise RuleViolation("role_exists", _("This user already holds this role in this unit."))
    with acting_as(actor):
        assignment = RoleAssignment.objects.create(
            user=user, role=role, unit=unit, include_descendants=include_descendants, granted_by=actor
        )
    sync_unit_permissions(user)
    record(
        "role.granted",
        assignment,
        actor=actor,
        data={
            "user": user.get_username(),
            "role": role,
            "unit": unit.code,
            "include_descendants": include_descendants,
        },
    )
    return assignment


@transaction.atomic
def withdraw_role(*, assignment, actor):
    """End a role assignment; the row stays, with who withdrew it and when."""
    if assignment.withdrawn_at is not None:
        raise RuleViolation("role_withdrawn", _("This role assignment was already withdrawn."))
    with acting_as(actor):
        assignment.withdrawn_at = timezone.now()
        assignment.withdrawn_by = actor
        assignment.save(update_fields=["withdrawn_at", "withdrawn_by"])
    sync_unit_permissions(assignment.user)
    record(
        "role.withdrawn",
        assignment,
        actor=actor,
        data={"user": assignment.user.get_username(), "role": assignment.role, "unit": assignment.unit.code},
    )
    return assignment
