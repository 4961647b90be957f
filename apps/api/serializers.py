"""Read-only representations for the REST API. Every queryset comes from the apps' selectors, already restricted."""

from rest_framework import serializers

from apps.audit.models import AuditEntry
from apps.cadres.models import Cadre
from apps.decisions.models import Decision
from apps.organisation.models import OrgUnit, Position


class UnitSerializer(serializers.ModelSerializer):
    level = serializers.CharField(source="level.code")
    parent = serializers.PrimaryKeyRelatedField(read_only=True)
    successor = serializers.PrimaryKeyRelatedField(read_only=True)

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
    authority = serializers.PrimaryKeyRelatedField(read_only=True)
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
    current_unit = serializers.PrimaryKeyRelatedField(read_only=True)
    current_unit_name = serializers.CharField(source="current_unit.name")
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
    authority = serializers.PrimaryKeyRelatedField(read_only=True)
    revokes = serializers.PrimaryKeyRelatedField(read_only=True)
    revoked_by = serializers.PrimaryKeyRelatedField(read_only=True)

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
        ]


class AuditEntrySerializer(serializers.ModelSerializer):
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
