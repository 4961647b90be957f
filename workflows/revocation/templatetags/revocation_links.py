"""``{% open_case_link decision %}``: on a decision's page, "Open a revocation case" for whoever may open one
(the inspection commission or the organisation board in the decision's scope), only while it can be revoked."""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from apps.accounts import permissions

register = template.Library()


@register.simple_tag(takes_context=True)
def open_case_link(context, decision):
    from apps.decisions.models import Decision

    from ..flows import RevocationFlow

    request = context.get("request")
    if request is None or decision is None:
        return ""
    if decision.status != Decision.Status.SIGNED or decision.kind == Decision.Kind.REVOCATION:
        return ""
    if not permissions.can(request.user, "open_revocation", decision):
        return ""
    url = f"{RevocationFlow.start.reverse('execute')}?decision={decision.pk}"
    return format_html(
        '<a class="mdc-button cf-open-case" href="{}">{}</a>', url, _("Open a revocation case")
    )
