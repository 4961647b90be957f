"""``{% timeline_link "decision" decision.pk %}``: a link to the subject's timeline, shown only to those who may
read timelines (the inspection commission and superusers), so pages of other apps need one line to offer it."""

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from ..selectors import may_inspect

register = template.Library()


@register.simple_tag(takes_context=True)
def timeline_link(context, kind, pk, label=None):
    request = context.get("request")
    if request is None or pk in (None, "") or not may_inspect(request.user):
        return ""
    url = reverse("inspection:timelines:detail", args=[kind, pk])
    return format_html('<a class="cf-timeline-link" href="{}">{}</a>', url, label or _("Timeline"))
