from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from viewflow.urls import AppMenuMixin, Viewset

from apps.accounts.models import Role, RoleAssignment
from apps.accounts.permissions import has_role
from apps.audit.models import ViolationReport
from apps.core.procedures import registered_flows, start_actions
from apps.imports.services import may_import
from apps.organisation.selectors import may_read_registry
from workflows.common.work import my_work

from .cards import board_cards, inspection_cards

MY_REPORTS_SHOWN = 10


class HomeView(TemplateView):
    """What the signed-in user can do from here: their work across procedures (most urgent first), the procedures
    they may start, their roles and scopes, the registry, and for the Fatherland Front the report form and their
    own reports."""

    template_name = "home/home.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        assignments = (
            RoleAssignment.objects.active()
            .filter(user=user)
            .select_related("unit", "unit__level")
            .order_by("role")
        )
        is_front = has_role(user, Role.FRONT)
        my_reports = (
            list(ViolationReport.objects.filter(filed_by=user).order_by("-filed_at")[:MY_REPORTS_SHOWN])
            if is_front
            else []
        )
        return super().get_context_data(
            assignments=list(assignments),
            may_read_registry=may_read_registry(user),
            may_import=may_import(user),
            start_actions=start_actions(user),
            work=my_work(user, registered_flows()),
            is_front=is_front,
            my_reports=my_reports,
            board=board_cards(user),
            inspection=inspection_cards(user),
            reappointment_start=_reappointment_start(user),
            **kwargs,
        )


def _reappointment_start(user):
    """The manual opening of a reappointment (the board's "open" link beside a term ending), if `user` may."""
    actions = start_actions(user, kinds=["reappointment"])
    return actions[0].url if actions else None


class HomeViewset(AppMenuMixin, Viewset):
    title = _("Home")
    icon = "home"
    page_path = path("", HomeView.as_view(), name="index")
