"""Conferences and their tallies (``/api/v1/conferences/``): the conferences of the procedures the caller may see
(the procedures' selectors, ``apps.api.views.visible_process_ids``), never one of which the caller is a candidate
(R10: 404). The tallies are shown only where ``can_see_tallies`` allows (the step's publication rule, as on the
procedure's detail and the conference page); otherwise ``tallies`` is null.
"""

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from viewflow.workflow.models import Process

from apps.accounts import permissions
from apps.conferences.models import Conference, ConferenceCandidate

from .procedures import KINDS


class ConferenceFilter(django_filters.FilterSet):
    """A procedure's conferences (``procedure``), its step, the outcome and when they were held."""

    procedure = django_filters.NumberFilter(label=_("procedure"), field_name="process_id", min_value=1)
    step = django_filters.CharFilter(label=_("step"), field_name="step_code", max_length=60)
    outcome = django_filters.ChoiceFilter(label=_("outcome"), choices=Conference.Outcome.choices)
    held_from = django_filters.DateFilter(label=_("held from"), field_name="held_on", lookup_expr="gte")
    held_to = django_filters.DateFilter(label=_("held until"), field_name="held_on", lookup_expr="lte")

    class Meta:
        model = Conference
        fields = ["procedure", "step", "outcome", "held_from", "held_to"]


class ConferenceTallySerializer(serializers.ModelSerializer):
    cadre = serializers.PrimaryKeyRelatedField(read_only=True)
    full_name = serializers.CharField(source="cadre.full_name")

    class Meta:
        model = ConferenceCandidate
        fields = ["cadre", "full_name", "votes_for", "votes_against", "share", "result", "head_decided"]


class ConferenceRecordSerializer(serializers.ModelSerializer):
    procedure = serializers.IntegerField(source="process_id")
    kind = serializers.CharField(source="procedure_kind", help_text="The procedure's kind.")
    unit = serializers.PrimaryKeyRelatedField(read_only=True)
    tallies_visible = serializers.BooleanField(
        help_text="May the caller read the tallies (publication rule)?"
    )
    tallies = serializers.SerializerMethodField(help_text="Each candidate's tally; null where not visible.")

    class Meta:
        model = Conference
        fields = [
            "id",
            "procedure",
            "kind",
            "unit",
            "step_code",
            "title",
            "electorate",
            "ballot_kind",
            "held_on",
            "seats",
            "convened",
            "present",
            "ballots_issued",
            "ballots_returned",
            "ballots_valid",
            "denominator_value",
            "quorum_fraction",
            "pass_fraction",
            "announce_result",
            "outcome",
            "tallies_visible",
            "tallies",
        ]

    @extend_schema_field(ConferenceTallySerializer(many=True, allow_null=True))
    def get_tallies(self, conference):
        if not conference.tallies_visible:
            return None
        return ConferenceTallySerializer(conference.candidates.all(), many=True).data


def _kind_joins():
    return [f"process__{kind.child}" for kind in KINDS.values() if kind.child]


def conferences_for(user):
    """The conferences of the procedures `user` may see, without those of which they are a candidate (R10)."""
    from .views import visible_process_ids

    procedures = Process.objects.filter(visible_process_ids(user)).values("pk")
    conferences = Conference.objects.filter(process_id__in=procedures)
    return (
        permissions.restrict_conflicts(conferences, user)
        .select_related("process", *_kind_joins())
        .prefetch_related("candidates__cadre")
    )


def with_tallies_visible(conferences, user):
    """Set ``tallies_visible`` (``permissions.can_see_tallies`` with the conference's procedure) and
    ``procedure_kind`` on each of `conferences` (a page's rows), without a query per row.

    R10 is answered from what is loaded: a conference's candidates are prefetched; a procedure came through
    ``visible_process_ids``, whose scope restriction already dropped the procedures of which a restricted user is
    a candidate (``permissions.restrict`` → ``restrict_conflicts``), so its conflict set, for this user, holds no
    cadre of theirs. An unrestricted user is not filtered that way: their procedures' sets are read as usual."""
    from .procedures import kind_of_flow, procedure_row

    restricted = getattr(user, "cadre_id", None) and not permissions.is_unrestricted(user)
    for conference in conferences:
        ids = {c.cadre_id for c in conference.candidates.all()}
        conference.conflicted_cadre_ids = lambda ids=ids: ids
        procedure = procedure_row(conference.process)
        kind = kind_of_flow(conference.process.flow_class)
        conference.procedure_kind = kind.code if kind else ""
        if restricted and procedure is not None:
            procedure._conflicted_cache = set()
        conference.tallies_visible = permissions.can_see_tallies(user, conference, procedure)
    return conferences


@extend_schema_view(
    list=extend_schema(summary="Conferences of the procedures the caller may see, with their tallies"),
    retrieve=extend_schema(summary="A conference with its tallies (where the caller may see them)"),
)
class ConferenceViewSet(viewsets.ReadOnlyModelViewSet):
    """Conferences (hội nghị) of the procedures the caller may see; tallies only where the step's publication rule
    lets the caller read them. A conference of a procedure out of scope, or of which the caller is a candidate, is
    a 404. Filter by procedure, step, outcome and date."""

    serializer_class = ConferenceRecordSerializer
    filterset_class = ConferenceFilter
    ordering_fields = ["held_on", "id"]
    ordering = ["-held_on", "-id"]
    lookup_value_regex = r"[0-9]+"
    queryset = Conference.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Conference.objects.none()
        return conferences_for(self.request.user)

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        with_tallies_visible(page, request.user)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(responses=ConferenceRecordSerializer)
    def retrieve(self, request, pk=None):
        try:
            conference = self.get_queryset().get(pk=int(pk))
        except (Conference.DoesNotExist, ValueError, TypeError, OverflowError):
            raise NotFound from None
        with_tallies_visible([conference], request.user)
        return Response(self.get_serializer(conference).data)
