"""``obj|visible_to:user`` asks ``apps.accounts.permissions.can(user, "view", obj)`` so pages link only to what
the reader may open."""

from django import template

from apps.accounts import permissions

register = template.Library()


@register.filter
def visible_to(obj, user):
    return obj is not None and permissions.can(user, "view", obj)
