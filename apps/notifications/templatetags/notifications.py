"""``{% unread_notification_count as n %}`` for the bell: one query per request, however often it is used."""

from django import template

from ..selectors import unread_count

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notification_count(context):
    request = context.get("request")
    return unread_count(request) if request is not None else 0
