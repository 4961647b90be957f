"""Registry pages for organisation units and positions, inside the Viewflow shell.

Lists are Viewflow's ``ListModelView`` (search, filters, sorting, pagination) over the selectors' restricted
querysets; detail pages are plain views that ask the selectors for one object (404 out of scope).
"""

from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from viewflow.urls import ReadonlyModelViewset
from viewflow.utils import Icon
from viewflow.views import Action

from apps.accounts.permissions import can
from apps.core.procedures import start_actions

from . import selectors
from .forms import PositionFilter, UnitFilter
from .models import OrgUnit, Position


class ScopedReadonlyViewset(ReadonlyModelViewset):
    """List and detail pages of a registry model; everyone sees only their scope (superusers: everything).

    A user with no unit in scope cannot open the list (403); an object outside the scope is a 404.
    """

    list_paginate_by = 25
    #: the sheet of the import template this list is exported as (``registry:imports:export``)
    export_kind = None

    def get_list_page_actions(self, request, *actions):
        """The list as XLSX, in the import template's layout (what the reader sees; apps.imports)."""
        if self.export_kind:
            actions = (
                *actions,
                Action(
                    name=_("Export as XLSX"),
                    url=self.export_url(request),
                    icon=Icon("download", class_="material-icons mdc-list-item__graphic"),
                ),
            )
        return super().get_list_page_actions(request, *actions)

    def export_url(self, request):
        """The export of the list as it is shown: its search and filters passed on (not its page)."""
        url = reverse("registry:imports:export", args=[self.export_kind])
        query = request.GET.copy()
        query.pop("page", None)
        return f"{url}?{query.urlencode()}" if query else url

    def has_view_permission(self, user, obj=None):
        if obj is None:
            return selectors.may_read_registry(user)
        return can(user, "view", obj)

    def get_queryset(self, request):
        raise NotImplementedError

    @property
    def detail_path(self):
        return path("<int:pk>/", self.detail_view, name="detail")


class UnitDetailView(TemplateView):
    template_name = "organisation/unit_detail.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        unit = selectors.unit_for(user, self.kwargs["pk"])
        return super().get_context_data(
            unit=unit,
            sub_units=list(selectors.sub_units(user, unit)),
            predecessors=list(selectors.predecessors(user, unit)),
            positions=list(selectors.unit_positions(user, unit)),
            **kwargs,
        )


#: ``f(position) -> dict`` of more context for the position page, added at start-up by the apps that hold what
#: fills a seat (``apps.cadres.apps``: holders, past tenures, planning) — they are above this app.
POSITION_CONTEXT = []


class PositionDetailView(TemplateView):
    template_name = "organisation/position_detail.html"

    @staticmethod
    def start_actions(user, position):
        """A vacant seat is where a procedure starts (R4): "propose an appointment" (or a nomination for an elected
        post), pre-filled with this position, for a user who may start one for it; and, for the organisation board
        in its scope, "review the planning" of the post (docs/procedures.md §7)."""
        actions = []
        if not position.is_active:
            return actions
        if position.vacancies > 0 and can(user, "start_procedure", position):
            kind = "nomination" if position.is_elected else "appointment"
            actions += start_actions(user, kinds=[kind], position=position.pk)
        if can(user, "review", position):
            actions += start_actions(user, kinds=["planning"], position=position.pk)
        return actions

    def get_context_data(self, **kwargs):
        user = self.request.user
        position = selectors.position_for(user, self.kwargs["pk"])
        more = {}
        for context_of in POSITION_CONTEXT:
            more.update(context_of(position))
        return super().get_context_data(
            position=position, start_actions=self.start_actions(user, position), **more, **kwargs
        )


class UnitViewset(ScopedReadonlyViewset):
    """Organisation units as a tree: level, parent, active or dissolved with the successor."""

    app_name = "units"
    icon = "account_tree"
    title = _("Organisation units")

    model = OrgUnit
    export_kind = "units"
    list_columns = ("tree_name", "code", "level", "parent_unit", "status", "successor")
    list_search_fields = ("name", "code")
    detail_view_class = UnitDetailView

    list_filterset_class = UnitFilter

    def get_queryset(self, request):
        return selectors.units_for(request.user)

    def tree_name(self, unit):
        return format_html('<span style="padding-left:{}em">{}</span>', unit.depth * 1.5, unit.name)

    tree_name.short_description = capfirst(_("name"))
    tree_name.orderby_column = "path"

    # Column methods must not be named like viewset attributes (`parent`, `title`): those win the lookup.
    def parent_unit(self, unit):
        return unit.parent.name if unit.parent_id else ""

    parent_unit.short_description = capfirst(_("parent unit"))

    def status(self, unit):
        if unit.is_active:
            return _("active")
        if unit.dissolved_on:
            return _("dissolved or merged on {day}").format(day=unit.dissolved_on.strftime("%d/%m/%Y"))
        return _("dissolved or merged")

    status.short_description = capfirst(_("status"))


class PositionViewset(ScopedReadonlyViewset):
    """Positions with their seats, how many are held and how many are vacant."""

    app_name = "positions"
    icon = "work"
    title = _("Positions")

    model = Position
    export_kind = "positions"
    list_columns = ("position_title", "unit", "authority", "seats", "occupied", "vacancies", "term_years")
    list_search_fields = ("title", "unit__name")
    detail_view_class = PositionDetailView

    list_filterset_class = PositionFilter

    def get_queryset(self, request):
        return selectors.positions_for(request.user)

    def position_title(self, position):
        return position.title

    position_title.short_description = capfirst(_("title"))
    position_title.orderby_column = "title"

    def occupied(self, position):
        return position.occupied

    occupied.short_description = capfirst(_("occupied"))
    occupied.column_type = "numeric"
    occupied.orderby_column = "occupied"

    def vacancies(self, position):
        return position.vacancies

    vacancies.short_description = capfirst(_("vacancies"))
    vacancies.column_type = "numeric"
    vacancies.orderby_column = "vacancies"
