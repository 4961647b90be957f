"""Keep unit permissions right when the unit tree changes (a new sub-unit, a unit moved)."""

from django.db.models.signals import post_save
from django.dispatch import receiver


# the unit model by its label: ``organisation`` is above ``accounts``
@receiver(post_save, sender="organisation.OrgUnit", dispatch_uid="accounts.resync_on_unit_change")
def resync_on_unit_change(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    from .models import RoleAssignment
    from .services import sync_unit_permissions

    ancestor_codes = [c for c in instance.path.split("/") if c]
    users = (
        RoleAssignment.objects.active()
        .filter(include_descendants=True, unit__code__in=ancestor_codes)
        .values_list("user", flat=True)
        .distinct()
    )
    from django.contrib.auth import get_user_model

    for user in get_user_model().objects.filter(pk__in=list(users)):
        sync_unit_permissions(user)
