"""Read-only representations for the REST API. Every queryset comes from the apps' selectors, already restricted."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from apps.audit.models import AuditEntry
from apps.cadres.models import Cadre
from apps.decisions.models import Decision
from apps.organisation.models import OrgUnit, Position


class UnitSerializer(serializers.ModelSerializer):
    level = serializers.CharField(source="level.code")
    parent = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    successor = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)

    class Meta:
        model = OrgUnit
        fields = [
            "id",
            "code",
            "name",
            "level",
            "kind",
            "parent",
            "path",
            "is_active",
            "dissolved_on",
            "successor",
        ]


class PositionSerializer(serializers.ModelSerializer):
    unit = serializers.PrimaryKeyRelatedField(read_only=True)
    unit_name = serializers.CharField(source="unit.name")
    authority = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    occupied = serializers.IntegerField()
    vacancies = serializers.IntegerField()

    class Meta:
        model = Position
        fields = [
            "id",
            "title",
            "unit",
            "unit_name",
            "authority",
            "rank",
            "seats",
            "occupied",
            "vacancies",
            "term_years",
            "requires_non_local",
            "is_elected",
            "is_active",
        ]


class CadreSerializer(serializers.ModelSerializer):
    current_unit = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    current_unit_name = serializers.CharField(source="current_unit.name", allow_null=True, default=None)
    in_planning = serializers.BooleanField()
    political_status = serializers.CharField()

    class Meta:
        model = Cadre
        fields = [
            "id",
            "code",
            "full_name",
            "birth_date",
            "gender",
            "ethnicity",
            "current_unit",
            "current_unit_name",
            "job_title",
            "is_party_member",
            "education_level",
            "political_theory",
            "foreign_language",
            "foreign_language_level",
            "employment_status",
            "in_planning",
            "political_status",
        ]


class DecisionSerializer(serializers.ModelSerializer):
    position = serializers.PrimaryKeyRelatedField(read_only=True)
    cadre = serializers.PrimaryKeyRelatedField(read_only=True)
    authority = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    revokes = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    revoked_by = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    pdf = serializers.SerializerMethodField(help_text="The signed PDF (signed decisions only).")

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_pdf(self, decision):
        if decision.status != Decision.Status.SIGNED:
            return None
        url = reverse("api:decision-pdf", args=[decision.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url

    class Meta:
        model = Decision
        fields = [
            "id",
            "kind",
            "status",
            "number",
            "issued_on",
            "effective_from",
            "term_end",
            "authority",
            "authority_name",
            "cadre",
            "cadre_name",
            "position",
            "position_title",
            "unit_name",
            "signer_title",
            "signer_name",
            "revokes",
            "revoked_by",
            "revoked_on",
            "reason",
            "pdf",
        ]


class AuditEntrySerializer(serializers.ModelSerializer):
    actor = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    process_id = serializers.IntegerField(allow_null=True, read_only=True)
    data = serializers.JSONField(read_only=True)

    class Meta:
        model = AuditEntry
        fields = [
            "seq",
            "occurred_at",
            "actor",
            "actor_label",
            "action",
            "object_type",
            "object_id",
            "object_repr",
            "process_id",
            "data",
            "data_digest",
            "prev_hash",
            "hash",
        ]


# --- procedures and tasks ------------------------------------------------------------------------------------


class ProcedureSerializer(serializers.Serializer):
    """A procedure of any kind (``kind``), as lists show it. The instance is Viewflow's process row with the
    procedure's own row as ``row`` (``apps.api.procedures.procedure_row``)."""

    id = serializers.IntegerField()
    kind = serializers.CharField()
    title = serializers.CharField()
    status = serializers.ChoiceField(
        choices=["NEW", "DONE", "CANCELED"], help_text="Viewflow's process status."
    )
    outcome = serializers.CharField(source="row.outcome")
    unit = serializers.IntegerField(source="row.unit_id", allow_null=True)
    unit_name = serializers.CharField(source="row.unit.name", allow_null=True, default=None)
    position = serializers.IntegerField(source="row.position_id", allow_null=True)
    position_title = serializers.CharField(source="row.position.title", allow_null=True, default=None)
    created = serializers.DateTimeField()
    finished = serializers.DateTimeField(allow_null=True)


class StepRefSerializer(serializers.Serializer):
    """A step (Viewflow task) of a procedure."""

    id = serializers.IntegerField()
    process = serializers.IntegerField(source="process_id")
    step = serializers.CharField(help_text="The step's code (its node in the flow).")
    title = serializers.CharField()
    status = serializers.CharField(help_text="NEW (in a queue), ASSIGNED, STARTED, DONE, CANCELED…")
    owner = serializers.CharField(allow_null=True, help_text="Username of the person it is assigned to.")
    created = serializers.DateTimeField()
    finished = serializers.DateTimeField(allow_null=True)
    due_at = serializers.DateTimeField(allow_null=True)


class TaskSerializer(StepRefSerializer):
    kind = serializers.CharField()
    procedure_title = serializers.CharField()
    actions = serializers.ListField(
        child=serializers.ChoiceField(choices=["claim", "release", "complete", "return"]),
        help_text="What the caller may do with this task now.",
    )


class TaskDetailSerializer(TaskSerializer):
    payload_schema = serializers.CharField(
        allow_null=True,
        help_text="The OpenAPI component (#/components/schemas/…) of the payload `complete` expects for this step.",
    )
    payload = serializers.JSONField(allow_null=True, help_text="That payload's JSON schema.")
    can_return = serializers.BooleanField(help_text="Whether the step may be returned for revision.")


class CandidateSerializer(serializers.Serializer):
    id = serializers.IntegerField(
        allow_null=True, help_text="The candidate's row in this procedure (what steps name)."
    )
    cadre = serializers.IntegerField()
    full_name = serializers.CharField()
    status = serializers.CharField(allow_null=True)


class TallySerializer(serializers.Serializer):
    cadre = serializers.IntegerField()
    votes_for = serializers.IntegerField()
    votes_against = serializers.IntegerField(allow_null=True)
    share = serializers.DecimalField(max_digits=7, decimal_places=6)
    result = serializers.CharField()


class ConferenceSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    step_code = serializers.CharField()
    title = serializers.CharField()
    held_on = serializers.DateField()
    convened = serializers.IntegerField()
    present = serializers.IntegerField()
    ballots_valid = serializers.IntegerField()
    outcome = serializers.CharField()
    announce_result = serializers.BooleanField()
    tallies = TallySerializer(
        many=True,
        allow_null=True,
        help_text="Null when the caller may not read this conference's tallies (H5).",
    )


class HistorySerializer(serializers.Serializer):
    seq = serializers.IntegerField()
    occurred_at = serializers.DateTimeField()
    actor = serializers.CharField(source="actor_label")
    action = serializers.CharField()
    label = serializers.CharField()
    details = serializers.CharField(source="detail_text")


class ProcedureDetailSerializer(ProcedureSerializer):
    steps = StepRefSerializer(many=True)
    current_steps = StepRefSerializer(many=True)
    candidates = CandidateSerializer(many=True)
    conferences = ConferenceSerializer(many=True)
    decisions = DecisionSerializer(many=True)
    history = HistorySerializer(many=True)


class TaskReturnSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=4000, help_text="Why the proposal is returned for revision.")


class ApiTokenSerializer(serializers.Serializer):
    token_key = serializers.CharField(help_text="The first characters of the token, to recognise it.")
    created = serializers.DateTimeField()
    expiry = serializers.DateTimeField(allow_null=True)


class NotificationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    title = serializers.CharField()
    body = serializers.CharField()
    link = serializers.CharField()
    process = serializers.IntegerField(source="process_id", allow_null=True)
    task = serializers.IntegerField(source="task_id", allow_null=True)
    created_at = serializers.DateTimeField()
    read_at = serializers.DateTimeField(allow_null=True)
