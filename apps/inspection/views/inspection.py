"""The inspection commission's pages: the audit log with its head hash and "verify now", and report handling.

The audit log pages are read-only: the list answers GET only; the one POST is "verify now", which reads.
Who may enter: inspection commission members and superusers (``selectors.may_inspect``); the Viewflow
application refuses everyone else, and each view checks again so that a view reused elsewhere stays closed.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from apps.audit.models import ViolationReport
from apps.audit.rendering import render_entries
from apps.audit.services.verification import request_verification
from apps.core.downloads import file_download
from workflows.revocation.case_links import link_report_to_case_number
from workflows.revocation.flows import RevocationFlow
from workflows.revocation.forms import LinkCaseForm

from .. import forms, selectors
from ..services import reports as report_services

PAGE_SIZE = 50


class InspectionRequiredMixin:
    def dispatch(self, request, *args, **kwargs):
        if not selectors.may_inspect(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class _CountedPaginator(Paginator):
    """A paginator told its count (the audit log's head sequence number) instead of counting the queryset."""

    def __init__(self, *args, count, **kwargs):
        super().__init__(*args, **kwargs)
        self._known_count = count

    @property
    def count(self):
        return self._known_count


def _page(request, queryset, count=None):
    paginator = (
        Paginator(queryset, PAGE_SIZE)
        if count is None
        else _CountedPaginator(queryset, PAGE_SIZE, count=count)
    )
    return paginator.get_page(request.GET.get("page"))


def _query_without_page(request):
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _rendered(page):
    """The page's entries through the one renderer of the history (labels, readable data; one query per model)."""
    page.object_list = render_entries(page.object_list)
    return page


class AuditLogView(InspectionRequiredMixin, TemplateView):
    """The log, newest first, filterable; the head to write down; the latest verification runs."""

    template_name = "audit/audit_log.html"
    http_method_names = ["get", "head", "options"]

    def get_context_data(self, **kwargs):
        form = forms.AuditFilterForm(self.request.GET or None, actions=selectors.audit_actions())
        filters = form.filters()
        entries = selectors.audit_entries(self.request.user, **filters)
        head_seq, head_hash = selectors.audit_head()
        count = selectors.audit_entry_count(bool(filters), head_seq)  # the mixin let only inspectors in
        return super().get_context_data(
            form=form,
            page_obj=_rendered(_page(self.request, entries, count=count)),
            query=_query_without_page(self.request),
            head_seq=head_seq,
            head_hash=head_hash,
            verifications=selectors.latest_verifications(),
            **kwargs,
        )


class VerifyView(InspectionRequiredMixin, View):
    """ "Verify now": queue the chain walk (a Celery job; in the embedded setup it runs before the redirect)."""

    http_method_names = ["post"]

    def post(self, request):
        request_verification(actor=request.user)
        messages.info(request, _("Verification requested. The result shows below when it is done."))
        return redirect("inspection:audit:index")


class ReportListView(InspectionRequiredMixin, TemplateView):
    template_name = "audit/report_list.html"
    http_method_names = ["get", "head", "options"]

    def get_context_data(self, **kwargs):
        form = forms.ReportFilterForm(self.request.GET or None)
        reports = selectors.reports_for(self.request.user, **form.filters())
        return super().get_context_data(
            form=form,
            page_obj=_page(self.request, reports),
            query=_query_without_page(self.request),
            **kwargs,
        )


#: step -> (form class, service call, statuses in which it is offered, button label).
#: "link_case" joins the report to an open revocation case (``services.case_links``); opening a *new* case from the
#: report is the revocation procedure's start page with ``?report=<pk>`` (the button on the report page).
STEPS = {
    "triage": (
        forms.TriageForm,
        lambda report, actor, data: report_services.triage_report(
            report,
            actor=actor,
            category=data["category"],
            subject_cadre=data["cadre_code"],
            unit=data["unit"],
            note=data["note"],
        ),
        {ViolationReport.Status.RECEIVED},
        _("Take up and assess"),
    ),
    "investigate": (
        forms.NoteForm,
        lambda report, actor, data: report_services.start_investigation(
            report, actor=actor, note=data["note"]
        ),
        {ViolationReport.Status.TRIAGING},
        _("Start the investigation"),
    ),
    "answer": (
        forms.AnswerForm,
        lambda report, actor, data: report_services.answer_report(report, actor=actor, answer=data["answer"]),
        {ViolationReport.Status.INVESTIGATING},
        _("Send the answer"),
    ),
    "close": (
        forms.NoteForm,
        lambda report, actor, data: report_services.close_report(report, actor=actor, note=data["note"]),
        {ViolationReport.Status.ANSWERED},
        _("Close the report"),
    ),
    "link_case": (
        LinkCaseForm,
        lambda report, actor, data: link_report_to_case_number(report, data["case"], actor=actor),
        {*ViolationReport.OPEN_STATUSES, ViolationReport.Status.ANSWERED},
        _("Join an open revocation case"),
    ),
    "reject": (
        forms.AnswerForm,
        lambda report, actor, data: report_services.reject_report(report, actor=actor, reason=data["answer"]),
        set(ViolationReport.OPEN_STATUSES),
        _("Do not accept (with the reason)"),
    ),
}


def _report_or_404(user, pk):
    report = selectors.report_for_handling(user, pk)
    if report is None:
        raise Http404
    return report


def _open_case_url(user, report):
    """The revocation procedure's start page, pre-filled from this report, for whoever may open a case."""
    if report.status not in {*ViolationReport.OPEN_STATUSES, ViolationReport.Status.ANSWERED}:
        return None
    if not RevocationFlow.start.can_execute(user):
        return None
    return f"{RevocationFlow.start.reverse('execute')}?report={report.pk}"


class ReportDetailView(InspectionRequiredMixin, TemplateView):
    """Everything about one report, including who filed it (inspection only), and the next steps."""

    template_name = "audit/report_detail.html"
    http_method_names = ["get", "head", "options"]

    def get_context_data(self, **kwargs):
        report = _report_or_404(self.request.user, self.kwargs["pk"])
        steps = [
            {"name": name, "label": label, "form": form_class(prefix=name)}
            for name, (form_class, _call, statuses, label) in STEPS.items()
            if report.status in statuses
        ]
        return super().get_context_data(
            report=report,
            attachments=list(report.attachments.all()),
            history=selectors.report_history(report),
            steps=steps,
            open_case_url=_open_case_url(self.request.user, report),
            **kwargs,
        )


class ReportStepView(InspectionRequiredMixin, View):
    """One handling step (POST only); a refusal (illegal transition, empty answer) changes nothing."""

    http_method_names = ["post"]

    def post(self, request, pk, step):
        if step not in STEPS:
            raise Http404
        report = _report_or_404(request.user, pk)
        form_class, call, _statuses, _label = STEPS[step]
        form = form_class(request.POST, prefix=step)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
        else:
            try:
                call(report, request.user, form.cleaned_data)
            except ValidationError as exc:
                for message in exc.messages:
                    messages.error(request, message)
            else:
                messages.success(request, _("Saved."))
        return redirect(reverse("inspection:reports:detail", args=[report.pk]))


class AttachmentDownloadView(InspectionRequiredMixin, View):
    """Attachments are served only here, as downloads with the type sniffed at upload."""

    http_method_names = ["get", "head"]

    def get(self, request, pk, attachment_pk):
        report = _report_or_404(request.user, pk)
        attachment = report.attachments.filter(pk=attachment_pk).first()
        if attachment is None:
            raise Http404
        return file_download(
            attachment.file, filename=attachment.original_name, content_type=attachment.content_type
        )
