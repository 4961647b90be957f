"""Timeline pages of the inspection commission: per procedure, per cadre, per decision, per user; CSV and PDF.

Read-only: every view answers GET only (a POST is 405). Who may enter: the inspection commission and superusers
(``selectors.may_inspect``); a procedure, cadre or decision outside the inspector's scope is a 404, like one that
does not exist (``permissions.require(…, "inspect", …)``).
"""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView
from viewflow.workflow.models import Process

from apps.accounts import permissions
from apps.audit.models import TimelineExport
from apps.cadres.models import Cadre
from apps.core.models import JobRun
from apps.core.rules import RuleViolation
from apps.decisions.models import Decision

from .. import timelines
from ..services import exports as export_services
from ..timelines import export as timeline_export
from ..timelines import subjects
from ..timelines.constants import IMMEDIATE_EXPORT_ROWS, PDF_MAX_ROWS
from ..timelines.form import TimelineFilterForm
from .inspection import InspectionRequiredMixin, _query_without_page

PAGE_SIZE = 50


# --- subjects: what a timeline is about, who may read it (timelines.subjects), and what its page shows -------


def _procedure(user, pk):
    context = subjects.resolve(user, "procedure", pk)
    process = context["subject"]
    context.update(
        process_url=process.flow_class.instance.reverse("process_detail", args=[process.pk]),
        decisions=list(Decision.objects.filter(process_id=process.pk).order_by("pk")),
    )
    return context


def _cadre(user, pk):
    context = subjects.resolve(user, "cadre", pk)
    cadre = context["subject"]
    context.update(cadre=cadre, account=get_user_model().objects.filter(cadre_id=cadre.pk).first())
    return context


def _decision(user, pk):
    context = subjects.resolve(user, "decision", pk)
    decision = context["subject"]
    context.update(decision=decision, people=timelines.decision_people(decision))
    return context


def _user(user, pk):
    context = subjects.resolve(user, "user", pk)
    person = context["subject"]
    context.update(
        person=person,
        now=timelines.people_with_status([person.pk]).get(person.pk),
        participations=timelines.user_participations(person),
        roles=timelines.user_roles(person),
    )
    return context


SUBJECTS = {"procedure": _procedure, "cadre": _cadre, "decision": _decision, "user": _user}


class TimelineMixin(InspectionRequiredMixin):
    http_method_names = ["get", "head", "options"]

    def load(self):
        loader = SUBJECTS.get(self.kwargs["kind"])
        if loader is None:
            raise Http404
        context = loader(self.request.user, self.kwargs["pk"])
        form = TimelineFilterForm(self.request.GET or None)
        context.update(form=form, timeline=timelines.Timeline(context.pop("sources"), form.filters()))
        return context


class TimelineView(TimelineMixin, TemplateView):
    """The merged events, filterable by date, action and source, 50 per page, with links to the exports."""

    template_name = "audit/timeline.html"

    def get_context_data(self, **kwargs):
        context = self.load()
        context.update(
            kind=self.kwargs["kind"],
            pk=self.kwargs["pk"],
            page_obj=context["timeline"].page(self.request.GET.get("page"), PAGE_SIZE),
            query=_query_without_page(self.request),
            immediate_rows=IMMEDIATE_EXPORT_ROWS,
            pdf_max_rows=PDF_MAX_ROWS,
        )
        return super().get_context_data(**{**kwargs, **context})


def _subtitle(request):
    generated = timezone.localtime().strftime("%d/%m/%Y %H:%M")
    filters = _query_without_page(request)
    text = _("Generated {when} by {user}").format(when=generated, user=request.user.get_username())
    return f"{text}. {filters}" if filters else text


class TimelineExportMixin(TimelineMixin):
    """CSV and PDF: made in the request up to ``IMMEDIATE_EXPORT_ROWS`` events; above that the page offers the
    background export (a GET never starts a job)."""

    format = None

    def get(self, request, kind, pk):
        context = self.load()
        timeline = context["timeline"]
        rows = timeline.count()
        if rows > IMMEDIATE_EXPORT_ROWS:
            return render(request, "audit/timeline_export_request.html", self.offer(context, rows))
        return self.immediate(request, context, timeline, rows)

    def offer(self, context, rows):
        return {
            "title": context["title"],
            "subject": context["subject"],
            "kind": self.kwargs["kind"],
            "pk": self.kwargs["pk"],
            "format": self.format,
            "rows": rows,
            "query": context["form"].query(),
            "immediate_rows": IMMEDIATE_EXPORT_ROWS,
            "pdf_max_rows": PDF_MAX_ROWS,
            "too_large": self.format == "pdf" and rows > PDF_MAX_ROWS,
        }


class TimelineCsvView(TimelineExportMixin, View):
    format = "csv"

    def immediate(self, request, context, timeline, rows):
        body = timeline_export.timeline_csv(context["title"], timeline.iter_entries(rows))
        response = HttpResponse(body, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="timeline-{self.kwargs["kind"]}-{self.kwargs["pk"]}.csv"'
        )
        return response


class TimelinePdfView(TimelineExportMixin, View):
    format = "pdf"

    def immediate(self, request, context, timeline, rows):
        body = timeline_export.timeline_pdf(context["title"], _subtitle(request), timeline.iter_entries(rows))
        response = HttpResponse(body, content_type="application/pdf")
        response["Content-Disposition"] = (
            f'attachment; filename="timeline-{self.kwargs["kind"]}-{self.kwargs["pk"]}.pdf"'
        )
        return response


class TimelineExportRequestView(InspectionRequiredMixin, View):
    """POST: prepare the export in the background (format and filters in the form), then its status page."""

    http_method_names = ["post"]

    def post(self, request, kind, pk):
        fmt = request.POST.get("format", "")
        try:
            export, created = export_services.request_export(
                actor=request.user, kind=kind, pk=pk, fmt=fmt, query=request.POST.get("query", "")
            )
        except RuleViolation as exc:
            messages.error(request, exc.message)
            return redirect(reverse("inspection:timelines:detail", args=[kind, pk]))
        if not created:
            messages.info(request, _("This export was already requested; here is its state."))
        return redirect(reverse("inspection:timelines:export-status", args=[export.pk]))


def _my_export(request, pk):
    """The export, only for the person who requested it (anyone else: 404, as if it did not exist)."""
    export = TimelineExport.objects.filter(pk=pk, requested_by_id=request.user.pk).first()
    if export is None:
        raise Http404
    return export


class TimelineExportListView(InspectionRequiredMixin, TemplateView):
    """The exports I asked for, newest first, with their state."""

    template_name = "audit/timeline_exports.html"
    http_method_names = ["get", "head", "options"]

    def get_context_data(self, **kwargs):
        exports = TimelineExport.objects.filter(requested_by_id=self.request.user.pk)[:50]
        return super().get_context_data(exports=exports, **kwargs)


class TimelineExportStatusView(InspectionRequiredMixin, TemplateView):
    """One export: waiting, being prepared (the page reloads itself), ready (download) or failed (why)."""

    template_name = "audit/timeline_export.html"
    http_method_names = ["get", "head", "options"]

    def get_context_data(self, **kwargs):
        export = _my_export(self.request, self.kwargs["pk"])
        run = JobRun.objects.filter(
            name=export_services.JOB_NAME, key=export_services.job_key(export.pk)
        ).first()
        return super().get_context_data(export=export, run=run, **kwargs)


class TimelineExportFileView(InspectionRequiredMixin, View):
    """The file, to its requester only, while they may still read the timeline; never cached."""

    http_method_names = ["get", "head", "options"]

    def get(self, request, pk):
        export = _my_export(request, pk)
        if not export.is_ready or not export_services.may_download(request.user, export):
            raise Http404
        try:
            handle = export.file.open("rb")
        except OSError:
            raise Http404 from None
        content_type = "application/pdf" if export.format == "pdf" else "text/csv; charset=utf-8"
        response = FileResponse(
            handle, as_attachment=True, filename=export.filename, content_type=content_type
        )
        response["X-Content-Type-Options"] = "nosniff"
        patch_cache_control(response, private=True, no_store=True)
        return response


class TimelineIndexView(InspectionRequiredMixin, TemplateView):
    """Find the subject of a timeline: a procedure number, a cadre code or name, a decision number, a username."""

    template_name = "audit/timeline_index.html"
    http_method_names = ["get", "head", "options"]

    def get(self, request, *args, **kwargs):
        query = (request.GET.get("q") or "").strip()
        kind = request.GET.get("kind") or ""
        if kind in SUBJECTS and query.isdigit():
            return redirect(reverse("inspection:timelines:detail", args=[kind, int(query)]))
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        query = (self.request.GET.get("q") or "").strip()
        found = {}
        if query:
            found = {
                "cadres": list(
                    permissions.restrict(Cadre.objects.all(), self.request.user, "inspect")
                    .filter(Q(code__iexact=query) | Q(full_name__icontains=query))
                    .select_related("current_unit")
                    .order_by("full_name")[:20]
                ),
                "decisions": list(
                    permissions.restrict(Decision.objects.all(), self.request.user, "inspect")
                    .filter(number__iexact=query)
                    .order_by("-issued_on")[:20]
                ),
                "users": list(
                    get_user_model().objects.filter(username__iexact=query).order_by("username")[:20]
                ),
                "processes": list(Process.objects.filter(pk=int(query))) if query.isdigit() else [],
            }
        from apps.inspection.forms import TimelineSearchForm

        # unbound, with what was typed as initial values: a search page shows no "required" errors
        search_form = TimelineSearchForm(initial={"q": query, "kind": self.request.GET.get("kind") or ""})
        return super().get_context_data(query=query, found=found, search_form=search_form, **kwargs)
