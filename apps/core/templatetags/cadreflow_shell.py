"""Template helpers of the page shell.

``{% template_exists "x.html" as ok %}`` lets the menu include a template another app provides only once it
exists; ``obj|visible_to:user`` asks ``apps.accounts.permissions.can(user, "view", obj)`` so pages link only to
what the reader may open.
"""

from django import template
from django.template import TemplateDoesNotExist

from apps.accounts import permissions

register = template.Library()


@register.simple_tag(takes_context=True)
def template_exists(context, name):
    """Can the engine rendering this template load `name`?"""
    try:
        context.template.engine.get_template(name)
    except TemplateDoesNotExist:
        return False
    return True


@register.filter
def visible_to(obj, user):
    return obj is not None and permissions.can(user, "view", obj)
