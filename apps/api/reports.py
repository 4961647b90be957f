"""Violation reports (``/api/v1/violation-reports/``) for the inspection commission: the reports page's selectors
(``apps.inspection.selectors.reports_for`` and ``report_for_handling``) and gate (``may_inspect``).

Anyone outside the inspection commission gets a 403 (as on the audit log); a report out of the inspector's scope, or
about the inspector themselves (R10), is a 404. The reporter's identity is shown here: only the commission reads it
(H25), exactly as the report's page does.
"""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.response import Response

from apps.audit.models import ReportAttachment, ViolationReport
from apps.inspection import selectors


class ReportFilter(django_filters.FilterSet):
    """The reports page's filters (``ReportFilterForm``): status (or ``open``), category, and ``q`` (a tracking
    code, or the name of the person or unit the report is about)."""

    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[("open", _("Open")), *ViolationReport.Status.choices],
        method="filter_status",
    )
    category = django_filters.ChoiceFilter(label=_("Category"), choices=ViolationReport.Category.choices)
    q = django_filters.CharFilter(label=_("Code or person"), method="filter_q", max_length=100)

    class Meta:
        model = ViolationReport
        fields = ["status", "category", "q"]

    def filter_status(self, queryset, name, value):
        if value == "open":
            return queryset.filter(status__in=ViolationReport.OPEN_STATUSES)
        return queryset.filter(status=value)

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        code = value.upper().replace("-", "").replace(" ", "")
        return queryset.filter(
            Q(tracking_code=code)
            | Q(subject_text__icontains=value)
            | Q(subject_cadre__full_name__icontains=value)
        )


class ReportSerializer(serializers.ModelSerializer):
    tracking_code = serializers.CharField(source="display_code")
    subject_cadre = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    subject_cadre_name = serializers.CharField(
        source="subject_cadre.full_name", allow_null=True, default=None
    )
    unit = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    unit_name = serializers.CharField(source="unit.name", allow_null=True, default=None)
    handled_by = serializers.CharField(source="handled_by.get_username", allow_null=True, default=None)
    attachment_count = serializers.IntegerField()
    is_open = serializers.BooleanField()

    class Meta:
        model = ViolationReport
        fields = [
            "id",
            "tracking_code",
            "kind",
            "category",
            "channel",
            "status",
            "is_open",
            "subject_cadre",
            "subject_cadre_name",
            "subject_text",
            "unit",
            "unit_name",
            "filed_at",
            "handled_by",
            "answered_at",
            "closed_at",
            "attachment_count",
        ]


class ReportAttachmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReportAttachment
        fields = ["id", "original_name", "content_type", "size", "sha256", "uploaded_at"]


class ReportDetailSerializer(ReportSerializer):
    attachments = ReportAttachmentSerializer(many=True, read_only=True)

    class Meta(ReportSerializer.Meta):
        fields = [
            *ReportSerializer.Meta.fields,
            "description",
            "organisation_name",
            "reporter_name",
            "reporter_contact",
            "answer",
            "attachments",
        ]


@extend_schema_view(
    list=extend_schema(summary="Violation reports the caller handles (inspection commission)"),
    retrieve=extend_schema(summary="A violation report, with the reporter's identity and the attachments"),
)
class ViolationReportViewSet(viewsets.ReadOnlyModelViewSet):
    """Violation reports for the inspection commission (403 for anyone else): in the inspector's scope or naming no
    unit, never about the inspector (R10: 404). Filters: status (``open`` or a status), category, q."""

    serializer_class = ReportSerializer
    filterset_class = ReportFilter
    ordering_fields = ["filed_at", "status", "id"]
    ordering = ["-filed_at", "-id"]
    lookup_value_regex = r"[0-9]+"
    queryset = ViolationReport.objects.none()

    def _require_inspector(self):
        if not selectors.may_inspect(self.request.user):
            raise PermissionDenied

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ViolationReport.objects.none()
        self._require_inspector()
        return selectors.reports_for(self.request.user)

    def get_serializer_class(self):
        return ReportDetailSerializer if self.action == "retrieve" else ReportSerializer

    def retrieve(self, request, pk=None):
        self._require_inspector()
        try:
            report = selectors.report_for_handling(request.user, int(pk))
        except (ValueError, TypeError, OverflowError):
            report = None
        if report is None:
            raise NotFound
        return Response(ReportDetailSerializer(report).data)
