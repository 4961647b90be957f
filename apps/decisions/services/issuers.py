"""The one writer of issuer profiles from the admin (the suffix and header lines of an issuer's decisions):
history names the operator, and an audit entry ``admin.issuerprofile.added|changed`` lists the fields changed.
(Profiles made on first need are created by ``apps.decisions.symbols``.)"""

from django.db import transaction

from apps.audit.services import record
from apps.core.history import acting_as

from ..models import IssuerProfile


@transaction.atomic
def save_issuer_profile(profile, *, actor, changed=()):
    if not isinstance(profile, IssuerProfile):
        raise TypeError(profile)
    obj, verb = profile, "added" if profile._state.adding else "changed"
    profile.clean()
    with acting_as(actor):
        profile.save()
    record(f"admin.{obj._meta.model_name}.{verb}", obj, actor=actor, data={"fields": sorted(changed)})
    return profile
