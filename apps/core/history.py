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
