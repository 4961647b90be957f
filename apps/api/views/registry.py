"""The API's registry: units, positions, cadres, decisions and audit entries, read through the apps' selectors within
the caller's scope; and the caller's own notifications."""

from django.core.exceptions import ObjectDoesNotExist
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.response import Response

from apps.audit.models import AuditEntry
from apps.cadres import selectors as cadre_selectors
from apps.decisions import selectors as decision_selectors
from apps.decisions.models import Decision
from apps.inspection import selectors as audit_selectors
from apps.organisation import selectors as org_selectors

from .. import filters, serializers


class ScopedReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    """A read-only viewset whose queryset is the selector's; a miss (or out of scope) is a 404.

    Subclasses write ``scoped_queryset()``. The schema generator (drf-spectacular) calls ``get_queryset`` on a
    fake view without a real request; it gets an empty queryset of the serializer's model, so path parameters
    are typed from the model rather than guessed.
    """

    lookup_value_regex = r"[0-9]+"
    model = None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return (self.model or self.get_serializer_class().Meta.model).objects.none()
        return self.scoped_queryset()

    def scoped_queryset(self):
        raise NotImplementedError

    def get_object(self):
        queryset = self.get_queryset()
        lookup = self.lookup_field
        try:
            return queryset.get(**{lookup: int(self.kwargs[self.lookup_url_kwarg or lookup])})
        except (queryset.model.DoesNotExist, ValueError, TypeError, OverflowError):
            raise NotFound from None


class UnitViewSet(ScopedReadOnlyViewSet):
    """Organisation units in the caller's scope, in tree order."""

    serializer_class = serializers.UnitSerializer
    filterset_class = filters.ApiUnitFilter
    ordering_fields = ["name", "code", "path"]

    def scoped_queryset(self):
        return org_selectors.units_for(self.request.user)


class PositionViewSet(ScopedReadOnlyViewSet):
    """Positions in scope with their seats, occupied seats and vacancies. ``?vacant=true`` lists vacancies only."""

    serializer_class = serializers.PositionSerializer
    filterset_class = filters.ApiPositionFilter
    ordering_fields = ["title", "rank", "vacancies"]

    def scoped_queryset(self):
        return org_selectors.positions_for(self.request.user)


class CadreViewSet(ScopedReadOnlyViewSet):
    """Cadres in scope. ``?q=`` searches name or code."""

    serializer_class = serializers.CadreSerializer
    filterset_class = filters.ApiCadreFilter
    ordering_fields = ["full_name", "code", "birth_date"]

    def scoped_queryset(self):
        return cadre_selectors.cadres_for(self.request.user).order_by("full_name", "pk")


class DecisionViewSet(ScopedReadOnlyViewSet):
    """Decisions in scope, newest first; the cadre a decision is about never reads it here (R10)."""

    serializer_class = serializers.DecisionSerializer
    filterset_class = filters.DecisionFilter
    ordering_fields = ["issued_on", "effective_from", "number"]

    def scoped_queryset(self):
        return decision_selectors.decisions_for(self.request.user)

    @extend_schema(
        responses={
            (200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY, description="The signed PDF."),
        },
        filters=False,
    )
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def pdf(self, request, pk=None):
        """The signed decision's PDF, as stored at signing."""
        from apps.core.downloads import file_download

        decision = self.get_object()
        if not decision.pdf or decision.status != Decision.Status.SIGNED:
            raise NotFound
        filename = (decision.number or f"decision-{decision.pk}").replace("/", "_") + ".pdf"
        return file_download(decision.pdf, filename=filename, content_type="application/pdf")


class AuditEntryViewSet(ScopedReadOnlyViewSet):
    """The audit log, for the inspection commission only (403 for anyone else). Filters: action, actor, object,
    process, from, to (yyyy-mm-dd)."""

    serializer_class = serializers.AuditEntrySerializer
    filterset_class = filters.AuditEntryFilter
    ordering_fields = ["seq", "occurred_at"]
    lookup_field = "seq"

    def scoped_queryset(self):
        if not audit_selectors.may_inspect(self.request.user):
            raise PermissionDenied
        return AuditEntry.objects.order_by("-seq")


class NotificationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The caller's own notifications, newest first (someone else's is a 404); mark one read."""

    serializer_class = serializers.NotificationSerializer
    filterset_class = filters.NotificationFilter
    ordering_fields = ["created_at"]
    lookup_value_regex = r"[0-9]+"

    def get_queryset(self):
        from apps.notifications.models import Notification
        from apps.notifications.selectors import notifications_for

        if getattr(self, "swagger_fake_view", False):
            return Notification.objects.none()
        return notifications_for(self.request.user)

    def get_object(self):
        try:
            return self.get_queryset().get(pk=int(self.kwargs["pk"]))
        except (ValueError, TypeError, OverflowError, ObjectDoesNotExist):
            raise NotFound from None

    @extend_schema(request=None, responses=serializers.NotificationSerializer, filters=False)
    @action(detail=True, methods=["post"], filter_backends=[], pagination_class=None)
    def read(self, request, pk=None):
        """Mark the notification read (a second call changes nothing)."""
        from apps.notifications.services import mark_read

        notification = mark_read(self.get_object(), request.user)
        return Response(serializers.NotificationSerializer(notification).data)
