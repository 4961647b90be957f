"""Public report pages at /bao-cao/: file a report without an account, follow it by its tracking code.

Abuse protection without outside services: a per-client rate limit (``apps.audit.ratelimit``), a honeypot field
and a signed "form shown at" stamp (``forms.ReportForm``), attachment checks by content (``rules``), description
limits. The follow page shows one report's status and answer and nothing else; an unknown code gets the same
page as a malformed one.
"""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import render
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache

from apps.accounts.models import Role
from apps.accounts.permissions import has_role
from apps.audit import ratelimit
from apps.audit.models.reports import normalise_tracking_code
from apps.core.kept_files import note_dropped_files

from .. import forms, selectors
from ..services.reports import file_report


def _limited(request):
    return render(request, "audit/public/rate_limited.html", status=429)


class BaseReportFileView(View):
    form_class = forms.ReportForm
    template_name = "audit/public/report_form.html"
    http_method_names = ["get", "post"]

    def form_kwargs(self):
        return {}

    def get(self, request):
        return render(request, self.template_name, {"form": self.form_class(**self.form_kwargs())})

    def post(self, request):
        limit = settings.REPORT_RATE_LIMIT_PER_HOUR
        key = ratelimit.client_key(request)
        if ratelimit.exhausted("report", key, limit):
            return _limited(request)
        form = self.form_class(request.POST, request.FILES, **self.form_kwargs())
        if form.is_valid():
            try:
                report = file_report(actor=request.user, **form.service_kwargs())
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                ratelimit.hit("report", key, limit)
                return render(request, "audit/public/report_filed.html", {"report": report}, status=201)
        note_dropped_files(
            form
        )  # the page names the file to choose again (nothing is stored for anonymous senders)
        # a fresh stamp, so that the corrected form is not refused as stale; the honeypot stays as sent
        form.data = form.data.copy()
        form.data["form_token"] = forms.issue_form_token()
        return render(request, self.template_name, {"form": form}, status=400)


@method_decorator([login_not_required, never_cache], name="dispatch")
class ReportFileView(BaseReportFileView):
    """A citizen's report, no account needed."""


@method_decorator(never_cache, name="dispatch")
class OrganisationReportFileView(BaseReportFileView):
    """A report from the Fatherland Front or a socio-political organisation, filed from its account."""

    form_class = forms.OrganisationReportForm
    template_name = "audit/public/organisation_report_form.html"

    def dispatch(self, request, *args, **kwargs):
        if not has_role(request.user, Role.FRONT):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def form_kwargs(self):
        return {"user": self.request.user}


@method_decorator([login_not_required, never_cache], name="dispatch")
class ReportLookupView(View):
    """Follow a report by its code (POST, so the code stays out of addresses and server logs)."""

    http_method_names = ["get", "post"]
    template_name = "audit/public/report_lookup.html"

    def get(self, request):
        return render(request, self.template_name, {"form": forms.TrackingCodeForm()})

    def post(self, request):
        if not ratelimit.hit(
            "lookup", ratelimit.client_key(request), settings.REPORT_LOOKUP_RATE_LIMIT_PER_HOUR
        ):
            return _limited(request)
        form = forms.TrackingCodeForm(request.POST)
        code = normalise_tracking_code(form.data.get("code", ""))
        report = selectors.report_by_code(code)
        if report is None:
            return render(
                request, "audit/public/report_not_found.html", {"form": forms.TrackingCodeForm()}, status=404
            )
        return render(request, "audit/public/report_status.html", {"report": report})
