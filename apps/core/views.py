from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from viewflow.urls import AppMenuMixin, Viewset, route  # noqa: F401


class HomeView(TemplateView):
    template_name = "core/home.html"


class HomeViewset(AppMenuMixin, Viewset):
    title = _("Home")
    icon = "home"
    page_path = path("", HomeView.as_view(), name="index")
