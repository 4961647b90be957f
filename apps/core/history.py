"""Who is acting, for simple-history and the audit log, inside and outside web requests.

Inside a request simple-history's middleware knows the user. Celery jobs, management commands and flow
callbacks have no request, so services wrap their writes in ``acting_as(actor)``; every history row written
inside records that actor.
"""

import contextvars
from contextlib import contextmanager

from simple_history.models import HistoricalRecords

_actor = contextvars.ContextVar("cadreflow_actor", default=None)


@contextmanager
def acting_as(user):
    """Record `user` as the author of every history row written inside the block."""
    token = _actor.set(user)
    try:
        yield user
    finally:
        _actor.reset(token)


def current_actor():
    return _actor.get()


def get_history_user(instance=None, request=None, **kwargs):
    actor = _actor.get()
    if actor is not None:
        return actor
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return user
    return None


def history(**kwargs):
    """``HistoricalRecords`` that take the acting user from ``acting_as`` or the request."""
    kwargs.setdefault("get_user", get_history_user)
    return HistoricalRecords(**kwargs)


#: the columns simple-history adds to a model's own in its historical table
HISTORY_COLUMNS = {"history_id", "history_date", "history_change_reason", "history_type", "history_user_id"}


def bulk_created_history(model, instances, *, actor):
    """The "created" history rows of `instances` (saved already, with their primary keys), naming `actor` (or
    whoever ``acting_as`` names): what simple-history's ``bulk_history_create`` writes, appended with
    ``apps.core.bulk_insert`` instead of a historical instance and a compiled ``INSERT`` per few dozen rows."""
    from django.conf import settings
    from django.utils import timezone

    from .bulk_insert import insert_rows

    historical = model.history.model
    tracked = [field.attname for field in historical.tracked_fields]
    own = {field.attname for field in historical._meta.concrete_fields}
    if not instances or not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        return 0
    if own - set(tracked) - HISTORY_COLUMNS or hasattr(historical, "history_relation"):
        # extra columns of a custom historical model: simple-history's own way
        from simple_history.utils import get_history_manager_for_model

        manager = get_history_manager_for_model(model)
        return len(manager.bulk_history_create(instances, batch_size=500, default_user=actor) or [])
    user = actor or historical.get_default_history_user(instances[0])
    user_id = getattr(user, "pk", None)
    now = timezone.now()  # one instant for the rows of one write
    return insert_rows(
        historical,
        (
            {
                **{name: getattr(instance, name) for name in tracked},
                "history_date": now,
                "history_user_id": user_id,
                "history_change_reason": "",
                "history_type": "+",
            }
            for instance in instances
        ),
    )
