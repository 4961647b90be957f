"""Targets pages in the Viewflow shell: the dashboard per unit and level, and the yearly report's downloads.

Every view asks ``selectors`` for the reader's scope first: a reader without ``read_targets`` or a unit outside
their scope gets a 404; anonymous users are sent to the login page by the middleware.
"""

from datetime import date
from urllib.parse import urlencode

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView
from viewflow.urls import AppMenuMixin, Viewset

from apps.organisation.models import UnitLevel
from apps.organisation.selectors import may_read_registry

from . import selectors
from .documents import render_pdf, render_xlsx
from .measures import active_targets, bar, holders, measure, measure_all
from .models import Target
from .movements import movements
from .report import build_report


def _filters(request):
    """(scope, unit, level, year, measuring date) of a targets page's query string: ``unit``, ``level`` and
    ``year`` (31/12 of a past year, today for this year; 404 outside the reader's scope or a year to come)."""
    user = request.user
    scope = selectors.require_reader(user)
    unit = selectors.unit_for(user, request.GET.get("unit"))
    level = selectors.level_for(request.GET.get("level"))
    today = date.today()
    try:
        year = int(request.GET.get("year") or today.year)
    except ValueError:
        raise Http404 from None
    return scope, unit, level, year, selectors.report_date(year, today)


def _query(unit, level, year):
    params = {"unit": unit.pk if unit else "", "level": level.pk if level else "", "year": year}
    return urlencode({k: v for k, v in params.items() if v != ""})


class DashboardView(TemplateView):
    """Every active target measured today (or on 31/12 of a chosen year) for one unit and its sub-units, at one
    level or all: a bar of its share against the goal band, numerator/denominator, status, and a link to the
    cadres counted. A fixed number of queries whatever the size of the tree."""

    template_name = "targets/dashboard.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        scope, unit, level, year, on = _filters(self.request)
        measurements = measure_all(active_targets(), on, unit=unit, unit_ids=scope, level=level)
        today = date.today()
        planning, rotations = movements(on, unit=unit, unit_ids=scope)
        return super().get_context_data(
            unit=unit,
            level=level,
            year=year,
            on=on,
            units=list(selectors.units_for(user)),
            levels=list(UnitLevel.objects.order_by("order", "name")),
            measurements=measurements,
            rows=[(m, bar(m)) for m in measurements],
            query=_query(unit, level, year),
            planning_measurements=planning,
            rotations=rotations,
            years=list(range(today.year, today.year - 6, -1)),
            **kwargs,
        )


class HoldersView(TemplateView):
    """The drill-down of one target: the cadres its measurement counted, in the reader's scope and the
    dashboard's filters, each with their post, unit and whether they meet the target's condition."""

    template_name = "targets/holders.html"

    def get_context_data(self, **kwargs):
        scope, unit, level, year, on = _filters(self.request)
        target = get_object_or_404(
            Target.objects.prefetch_related("positions"), code=kwargs["code"], is_active=True
        )
        measurement = measure(target, on, unit=unit, unit_ids=scope, level=level)
        return super().get_context_data(
            target=target,
            measurement=measurement,
            bar=bar(measurement),
            holders=holders(target, on, unit=unit, unit_ids=scope, level=level),
            unit=unit,
            level=level,
            year=year,
            on=on,
            query=_query(unit, level, year),
            may_read_registry=may_read_registry(self.request.user),
            **kwargs,
        )


class ReportDownloadView(View):
    """The yearly report of `year` for the reader's unit (``?unit=``), as PDF or spreadsheet."""

    kind = "pdf"

    def get(self, request, year):
        scope = selectors.require_reader(request.user)
        unit = selectors.unit_for(request.user, request.GET.get("unit"))
        on = selectors.report_date(year)
        report = build_report(year, on, unit=unit, unit_ids=scope)
        suffix = f"-{unit.code}" if unit is not None else ""
        if self.kind == "pdf":
            response = HttpResponse(render_pdf(report), content_type="application/pdf")
        else:
            response = HttpResponse(
                render_xlsx(report),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
        response["Content-Disposition"] = f'attachment; filename="targets-{year}{suffix}.{self.kind}"'
        return response


class TargetsViewset(AppMenuMixin, Viewset):
    """URL names ``targets:targets:index|report-pdf|report-xlsx``."""

    app_name = "targets"
    title = _("Targets")
    icon = "flag"
    index_path = path("", DashboardView.as_view(), name="index")
    holders_path = path("target/<slug:code>/", HoldersView.as_view(), name="holders")
    report_pdf_path = path(
        "report/<int:year>/pdf/", ReportDownloadView.as_view(kind="pdf"), name="report-pdf"
    )
    report_xlsx_path = path(
        "report/<int:year>/xlsx/", ReportDownloadView.as_view(kind="xlsx"), name="report-xlsx"
    )

    def has_view_permission(self, user, obj=None):
        return selectors.may_read_targets(user)
