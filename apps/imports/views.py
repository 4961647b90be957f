"""The import page (board and administrators) and the XLSX exports of the registry lists (registry readers).

``registry:imports:index`` upload a workbook → ``detail`` (progress while the dry run or the import runs, then
the report by row and column) → ``apply``; ``report`` downloads the report as XLSX; ``template`` the empty
template. ``export`` writes a registry list (units, positions, cadres with their records) in the template's
layout, limited to what the reader sees; ``export-all`` the whole registry, for importers.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from django.views.generic import FormView, TemplateView
from viewflow.urls import AppMenuMixin, Viewset

from apps.core.downloads import safe_filename
from apps.core.rules import RuleViolation
from apps.organisation import selectors as org_selectors

from . import reading, services, writing
from .models import ImportRun
from .sheets import BY_KIND, SHEETS

#: problems shown on the page (the downloaded report has them all, up to the importer's cap)
ISSUES_SHOWN = 500


def _require_importer(user):
    if not services.may_import(user):
        raise PermissionDenied


def _xlsx(workbook, name):
    response = HttpResponse(writing.save(workbook), content_type=writing.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{safe_filename(name, "registry")}.xlsx"'
    return response


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Workbook (.xlsx) or CSV file"),
        help_text=_("In the layout of the template; files of 50 MB or more are not accepted."),
    )


class ImportIndexView(FormView):
    template_name = "imports/index.html"
    form_class = UploadForm

    def dispatch(self, request, *args, **kwargs):
        _require_importer(request.user)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            runs=list(ImportRun.objects.select_related("created_by")[:10]), sheets=SHEETS, **kwargs
        )

    def form_valid(self, form):
        run = services.start(actor=self.request.user, upload=form.cleaned_data["file"])
        return redirect("registry:imports:detail", run.pk)


class ImportDetailView(TemplateView):
    template_name = "imports/detail.html"

    def get_context_data(self, **kwargs):
        _require_importer(self.request.user)
        run = get_object_or_404(
            ImportRun.objects.select_related("created_by", "applied_by"), pk=self.kwargs["pk"]
        )
        report = run.report or {}
        titles = {sheet.kind: sheet.title for sheet in SHEETS}
        counts = [
            {"title": titles[kind], **values}
            for kind, values in sorted(
                (report.get("counts") or {}).items(), key=lambda item: list(titles).index(item[0])
            )
        ]
        return super().get_context_data(
            run=run,
            progress=services.progress(run) if run.is_busy else None,
            counts=counts,
            issues=(report.get("issues") or [])[:ISSUES_SHOWN],
            more_issues=max(run.issue_count - ISSUES_SHOWN, 0),
            **kwargs,
        )


@require_POST
def apply_view(request, pk):
    _require_importer(request.user)
    run = get_object_or_404(ImportRun, pk=pk)
    try:
        services.request_apply(run, actor=request.user)
    except RuleViolation as exc:
        messages.error(request, str(exc.message))
    return redirect("registry:imports:detail", run.pk)


def report_view(request, pk):
    _require_importer(request.user)
    run = get_object_or_404(ImportRun, pk=pk)
    return _xlsx(writing.report_workbook(run.report or {}, _uploaded_sheets(run)), f"bao-cao-nhap-{run.pk}")


def _uploaded_sheets(run):
    """The sheets of the run's stored file, read again for the report's copies (none when the file is gone or
    cannot be read: the report then lists the problems only)."""
    if not run.file or not run.report:
        return None
    try:
        with run.file.open("rb") as handle:
            return reading.read(handle, run.filename, [])
    except (OSError, reading.Unreadable):
        return None


def template_view(request):
    _require_importer(request.user)
    return _xlsx(writing.template_workbook(), "mau-nhap-du-lieu-can-bo")


def export_all_view(request):
    _require_importer(request.user)
    return _xlsx(writing.full_export(), f"so-lieu-can-bo-{timezone.localdate():%Y%m%d}")


def export_view(request, kind):
    """A registry list as the reader sees it, in the template's layout: units, positions, or cadres with their
    tenures, planning, evaluations, achievements, discipline and conclusions — narrowed by the list page's search
    (``_search``) and filters (its FilterSet), which the list's export link passes on."""
    from apps.cadres import selectors as cadre_selectors
    from apps.cadres.views import CadreViewset
    from apps.organisation.views import PositionViewset, UnitViewset

    user = request.user
    if not org_selectors.may_read_registry(user):
        raise PermissionDenied
    if kind == "units":
        units = _as_listed(request, UnitViewset, org_selectors.units_for(user))
        workbook = writing.workbook_for(["units"], units=units)
    elif kind == "positions":
        positions = _as_listed(request, PositionViewset, org_selectors.positions_for(user))
        workbook = writing.workbook_for(["positions"], positions=positions)
    elif kind == "cadres":
        listed = _as_listed(request, CadreViewset, cadre_selectors.cadres_for(user))
        cadres = writing.Cadre.objects.filter(pk__in=listed.values("pk"))
        kinds = ["cadres", *(sheet.kind for sheet in writing.RECORD_MODELS)]
        workbook = writing.workbook_for(kinds, cadres=cadres)
    else:
        raise Http404
    name = gettext("{title} {day}").format(
        title=BY_KIND[kind].title, day=timezone.localdate().strftime("%d-%m-%Y")
    )
    return _xlsx(workbook, name)


def _as_listed(request, viewset, queryset):
    """`queryset` narrowed as the viewset's list page narrows it for the same query string: Viewflow's search
    over ``list_search_fields`` (``_search``) and the ``list_filterset_class`` (an invalid filter value is left
    out, as on the list page)."""
    from viewflow.views.search import get_search_results

    term = request.GET.get("_search")
    search_fields = getattr(viewset, "list_search_fields", None)
    if term is not None and search_fields is not None:
        queryset = get_search_results(queryset, search_fields, term)
    filterset_class = getattr(viewset, "list_filterset_class", None)
    if filterset_class is not None:
        queryset = filterset_class(data=request.GET or None, queryset=queryset, request=request).qs
    return queryset


class ImportViewset(AppMenuMixin, Viewset):
    """The import page in the Registry application's menu (shown to those who may import)."""

    app_name = "imports"
    title = _("Import from spreadsheets")
    icon = "upload_file"
    index_path = path("", ImportIndexView.as_view(), name="index")
    detail_path = path("<int:pk>/", ImportDetailView.as_view(), name="detail")
    apply_path = path("<int:pk>/apply/", apply_view, name="apply")
    report_path = path("<int:pk>/report.xlsx", report_view, name="report")
    template_path = path("template.xlsx", template_view, name="template")
    export_all_path = path("export/all.xlsx", export_all_view, name="export-all")
    export_path = path("export/<slug:kind>.xlsx", export_view, name="export")

    def has_view_permission(self, user, obj=None):
        return services.may_import(user)
