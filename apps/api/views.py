"""The REST API (``/api/v1/``): read-only, scoped exactly like the pages.

Every list and detail goes through the apps' selectors, which restrict to the user's scope
(``apps.accounts.permissions``); an object out of scope is a 404, the same as a missing one. Nothing here
writes: changes go through the procedures' pages and services, and the audit log is never writable by anyone.
"""

from django.utils.dateparse import parse_date
from rest_framework import viewsets
from rest_framework.exceptions import NotFound, PermissionDenied

from apps.cadres import selectors as cadre_selectors
from apps.decisions import selectors as decision_selectors
from apps.inspection import selectors as audit_selectors
from apps.organisation import selectors as org_selectors

from . import serializers


class ScopedReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    """A read-only viewset whose queryset is the selector's; a miss (or out of scope) is a 404.

    Subclasses write ``scoped_queryset()``. The schema generator (drf-spectacular) calls ``get_queryset`` on a
    fake view without a real request; it gets an empty queryset of the serializer's model, so path parameters
    are typed from the model rather than guessed.
    """

    lookup_value_regex = r"[0-9]+"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.get_serializer_class().Meta.model.objects.none()
        return self.scoped_queryset()

    def scoped_queryset(self):
        raise NotImplementedError

    def get_object(self):
        queryset = self.filter_queryset(self.get_queryset())
        try:
            return queryset.get(pk=self.kwargs["pk"])
        except (queryset.model.DoesNotExist, ValueError, TypeError):
            raise NotFound from None


class UnitViewSet(ScopedReadOnlyViewSet):
    """Organisation units in the caller's scope, in tree order."""

    serializer_class = serializers.UnitSerializer

    def scoped_queryset(self):
        return org_selectors.units_for(self.request.user)


class PositionViewSet(ScopedReadOnlyViewSet):
    """Positions in scope with their seats, occupied seats and vacancies. ``?vacant=1`` lists vacancies only."""

    serializer_class = serializers.PositionSerializer

    def scoped_queryset(self):
        queryset = org_selectors.positions_for(self.request.user)
        if self.request.query_params.get("vacant") in {"1", "true"}:
            queryset = queryset.filter(vacancies__gt=0)
        return queryset


class CadreViewSet(ScopedReadOnlyViewSet):
    """Cadres in scope. ``?q=`` searches name or code."""

    serializer_class = serializers.CadreSerializer

    def scoped_queryset(self):
        queryset = cadre_selectors.cadres_for(self.request.user).order_by("full_name", "pk")
        q = self.request.query_params.get("q", "").strip()
        if q:
            from django.db.models import Q

            queryset = queryset.filter(Q(full_name__icontains=q) | Q(code__iexact=q))
        return queryset


class DecisionViewSet(ScopedReadOnlyViewSet):
    """Decisions in scope, newest first; the cadre a decision is about never reads it here (R10)."""

    serializer_class = serializers.DecisionSerializer

    def scoped_queryset(self):
        return decision_selectors.decisions_for(self.request.user)


class AuditEntryViewSet(ScopedReadOnlyViewSet):
    """The audit log, for the inspection commission only. Filters: action, actor, object, from, to (yyyy-mm-dd)."""

    serializer_class = serializers.AuditEntrySerializer
    lookup_field = "seq"

    def scoped_queryset(self):
        if not audit_selectors.may_inspect(self.request.user):
            raise PermissionDenied
        params = self.request.query_params
        return audit_selectors.audit_entries(
            self.request.user,
            action=params.get("action", ""),
            actor=params.get("actor", ""),
            obj=params.get("object", ""),
            date_from=parse_date(params.get("from", "") or "") if params.get("from") else None,
            date_to=parse_date(params.get("to", "") or "") if params.get("to") else None,
        )

    def get_object(self):
        queryset = self.filter_queryset(self.get_queryset())
        try:
            return queryset.get(seq=self.kwargs["seq"])
        except (queryset.model.DoesNotExist, ValueError, TypeError):
            raise NotFound from None
