"""URLs of the audit app.

* ``inspection_application()`` — the "Inspection" application of the Viewflow shell (``config.site``):
  ``inspection:audit:index|verify``, ``inspection:reports:index|detail|step|attachment``,
  ``inspection:timelines:index|detail|csv|pdf|export`` (``detail`` takes ``kind`` — procedure, cadre, decision, user —
  and pk), ``inspection:timelines:exports|export-status|export-file`` (background exports, to their requester only).
* ``public_urlpatterns`` — mounted at ``/bao-cao/`` by ``config.urls``: ``reports-public:file|organisation|lookup``.
"""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from viewflow.urls import Application, AppMenuMixin, Viewset

from .selectors import may_inspect
from .views import inspection, public, timelines


class AuditLogViewset(AppMenuMixin, Viewset):
    title = _("Audit log")
    icon = "fact_check"
    app_name = "audit"
    index_path = path("", inspection.AuditLogView.as_view(), name="index")
    verify_path = path("verify/", inspection.VerifyView.as_view(), name="verify")


class ReportViewset(AppMenuMixin, Viewset):
    title = _("Violation reports")
    icon = "report"
    app_name = "reports"
    index_path = path("", inspection.ReportListView.as_view(), name="index")
    detail_path = path("<int:pk>/", inspection.ReportDetailView.as_view(), name="detail")
    step_path = path("<int:pk>/<slug:step>/", inspection.ReportStepView.as_view(), name="step")
    attachment_path = path(
        "<int:pk>/files/<int:attachment_pk>/", inspection.AttachmentDownloadView.as_view(), name="attachment"
    )


class TimelineViewset(AppMenuMixin, Viewset):
    title = _("Timelines")
    icon = "timeline"
    app_name = "timelines"
    index_path = path("", timelines.TimelineIndexView.as_view(), name="index")
    detail_path = path("<slug:kind>/<int:pk>/", timelines.TimelineView.as_view(), name="detail")
    csv_path = path("<slug:kind>/<int:pk>/csv/", timelines.TimelineCsvView.as_view(), name="csv")
    pdf_path = path("<slug:kind>/<int:pk>/pdf/", timelines.TimelinePdfView.as_view(), name="pdf")
    export_path = path(
        "<slug:kind>/<int:pk>/export/", timelines.TimelineExportRequestView.as_view(), name="export"
    )
    exports_path = path("exports/", timelines.TimelineExportListView.as_view(), name="exports")
    export_status_path = path(
        "exports/<int:pk>/status/", timelines.TimelineExportStatusView.as_view(), name="export-status"
    )
    export_file_path = path(
        "exports/<int:pk>/file/", timelines.TimelineExportFileView.as_view(), name="export-file"
    )


def inspection_application():
    return Application(
        title=_("Inspection"),
        icon="policy",
        app_name="inspection",
        permission=may_inspect,
        viewsets=[AuditLogViewset(), ReportViewset(), TimelineViewset()],
    )


app_name = "reports-public"
public_urlpatterns = (
    [
        path("", public.ReportFileView.as_view(), name="file"),
        path("to-chuc/", public.OrganisationReportFileView.as_view(), name="organisation"),
        path("tra-cuu/", public.ReportLookupView.as_view(), name="lookup"),
    ],
    app_name,
)
