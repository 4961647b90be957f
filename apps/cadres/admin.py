"""Admin for cadres and their records, with history; no deletes, every change audited.

The model ``clean()`` rules run on every admin form (birth date, tenure dates, seat and overlap, discipline period,
conclusion completeness); a new open tenure is also checked against the position's free seats (R4), as
``apps.cadres.services.add_tenure`` does.
"""

from django import forms
from django.contrib import admin

from apps.organisation.admin import RegistryAdmin

from . import rules
from .models import (
    Achievement,
    AssetDeclaration,
    Cadre,
    Discipline,
    Evaluation,
    PlanningEntry,
    PoliticalConclusion,
    Tenure,
)


class TenureAdminForm(forms.ModelForm):
    class Meta:
        model = Tenure
        fields = [
            "cadre",
            "position",
            "seat_number",
            "start_date",
            "term_end",
            "ended_on",
            "end_reason",
            "decision_number",
            "decision_date",
        ]

    def clean(self):
        cleaned = super().clean()
        position = cleaned.get("position")
        opening = self.instance.pk is None or self.instance.ended_on is not None
        if position and opening and cleaned.get("ended_on") is None:
            others = Tenure.objects.open().filter(position=position)
            if self.instance.pk:
                others = others.exclude(pk=self.instance.pk)
            rules.require_free_seats(others.count(), position.seats)
        return cleaned


class _CadreRecordInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = True


class TenureInline(_CadreRecordInline):
    model = Tenure
    form = TenureAdminForm
    fields = [
        "position",
        "seat_number",
        "start_date",
        "term_end",
        "ended_on",
        "end_reason",
        "decision_number",
    ]
    autocomplete_fields = ["position"]


class EvaluationInline(_CadreRecordInline):
    model = Evaluation
    fields = ["year", "rating", "note"]


@admin.register(Cadre)
class CadreAdmin(RegistryAdmin):
    list_display = ["code", "full_name", "birth_date", "gender", "current_unit", "employment_status"]
    list_filter = ["gender", "employment_status", "is_party_member", "education_level", "political_theory"]
    search_fields = ["code", "full_name"]
    list_select_related = ["current_unit"]
    autocomplete_fields = ["current_unit"]
    date_hierarchy = "birth_date"
    inlines = [TenureInline, EvaluationInline]


@admin.register(Tenure)
class TenureAdmin(RegistryAdmin):
    form = TenureAdminForm
    list_display = ["cadre", "position", "seat_number", "start_date", "term_end", "ended_on", "end_reason"]
    list_filter = ["end_reason"]
    search_fields = ["cadre__full_name", "cadre__code", "position__title", "decision_number"]
    list_select_related = ["cadre", "position", "position__unit"]
    autocomplete_fields = ["cadre", "position"]
    date_hierarchy = "start_date"


@admin.register(PlanningEntry)
class PlanningEntryAdmin(RegistryAdmin):
    list_display = ["cadre", "position", "term", "approved_on", "status"]
    list_filter = ["status", "term"]
    search_fields = ["cadre__full_name", "cadre__code", "position__title"]
    list_select_related = ["cadre", "position", "position__unit"]
    autocomplete_fields = ["cadre", "position"]
    # set by signing an appointment to the title, undone by revoking it
    readonly_fields = ["fulfilled_on", "fulfilled_by_decision"]


@admin.register(Evaluation)
class EvaluationAdmin(RegistryAdmin):
    list_display = ["cadre", "year", "rating"]
    list_filter = ["year", "rating"]
    search_fields = ["cadre__full_name", "cadre__code"]
    list_select_related = ["cadre"]
    autocomplete_fields = ["cadre"]


@admin.register(Achievement)
class AchievementAdmin(RegistryAdmin):
    list_display = ["title", "cadre", "achieved_on", "recognised_by", "recognised_on"]
    search_fields = ["title", "cadre__full_name", "cadre__code"]
    list_select_related = ["cadre"]
    autocomplete_fields = ["cadre"]


@admin.register(Discipline)
class DisciplineAdmin(RegistryAdmin):
    list_display = ["cadre", "kind", "status", "effective_from", "effective_to", "authority"]
    list_filter = ["kind", "status"]
    search_fields = ["cadre__full_name", "cadre__code"]
    list_select_related = ["cadre"]
    autocomplete_fields = ["cadre"]


@admin.register(PoliticalConclusion)
class PoliticalConclusionAdmin(RegistryAdmin):
    list_display = ["cadre", "status", "result", "issuer", "concluded_on"]
    list_filter = ["status", "result"]
    search_fields = ["cadre__full_name", "cadre__code", "reference"]
    list_select_related = ["cadre"]
    autocomplete_fields = ["cadre"]


@admin.register(AssetDeclaration)
class AssetDeclarationAdmin(RegistryAdmin):
    list_display = ["cadre", "year", "declared_on", "verified_on", "verified_by"]
    list_filter = ["year"]
    search_fields = ["cadre__full_name", "cadre__code"]
    list_select_related = ["cadre"]
    autocomplete_fields = ["cadre"]
