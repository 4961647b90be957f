from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from viewflow.urls import AppMenuMixin, Viewset, route  # noqa: F401


class HomeView(TemplateView):
    """The signed-in user's roles and scopes, and the way into the registry pages."""

    template_name = "core/home.html"

    def get_context_data(self, **kwargs):
        from apps.accounts.models import RoleAssignment
        from apps.organisation.selectors import may_read_registry

        user = self.request.user
        assignments = (
            RoleAssignment.objects.active()
            .filter(user=user)
            .select_related("unit", "unit__level")
            .order_by("role")
        )
        return super().get_context_data(
            assignments=list(assignments),
            may_read_registry=may_read_registry(user),
            **kwargs,
        )


class HomeViewset(AppMenuMixin, Viewset):
    title = _("Home")
    icon = "home"
    page_path = path("", HomeView.as_view(), name="index")
