"""Admin for cadres and their records, with history; no deletes, every change audited.

The model ``clean()`` rules run on every admin form (birth date, discipline period, conclusion completeness).

Issue 9: the admin is not a second writer. Tenures are read-only here — a seat is filled only by a signed
decision, and a tenure of the past is recorded on the cadre page (``services.record_past_tenure``, audited).
Nobody writes their own records, nor those of a candidate of an open procedure they take part in
(``permissions.record_write_conflict``): such a save is refused on the form with an audit entry of the attempt.
"""

from django import forms
from django.contrib import admin

from apps.organisation.admin import RegistryAdmin

from . import services
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


class _ConflictGuardForm(forms.ModelForm):
    """Refuses (audited) a record about the admin's own cadre, or about a candidate of their procedure."""

    acting_user = None

    def clean(self):
        cleaned = super().clean()
        instance = self.instance
        if isinstance(instance, Cadre):
            cadres = [instance] if instance.pk else []
        else:
            cadres = [cleaned.get("cadre") or getattr(instance, "cadre", None)]
            if instance.pk and instance.cadre_id:
                cadres.append(instance.cadre)
        for cadre in {c.pk: c for c in cadres if c is not None}.values():
            services.refuse_conflicted_write(self.acting_user, cadre, instance._meta.model_name)
        return cleaned


class GuardedAdmin(RegistryAdmin):
    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        return type(form.__name__, (_ConflictGuardForm, form), {"acting_user": request.user})


class ReadOnlyAdmin(RegistryAdmin):
    """Shown with its history, never added or changed here."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class _CadreRecordInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = True


class TenureInline(_CadreRecordInline):
    model = Tenure
    fields = [
        "position",
        "seat_number",
        "start_date",
        "term_end",
        "ended_on",
        "end_reason",
        "decision_number",
    ]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class EvaluationInline(_CadreRecordInline):
    model = Evaluation
    fields = ["year", "rating", "note"]

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form = type(
            formset.form.__name__, (_ConflictGuardForm, formset.form), {"acting_user": request.user}
        )
        return formset


@admin.register(Cadre)
class CadreAdmin(GuardedAdmin):
    list_display = ["code", "full_name", "birth_date", "gender", "current_unit", "employment_status"]
    list_filter = ["gender", "employment_status", "is_party_member", "education_level", "political_theory"]
    search_fields = ["code", "full_name"]
    list_select_related = ["current_unit"]
    autocomplete_fields = ["current_unit"]
    date_hierarchy = "birth_date"
    inlines = [TenureInline, EvaluationInline]


@admin.register(Tenure)
class TenureAdmin(ReadOnlyAdmin):
    list_display = ["cadre", "position", "seat_number", "start_date", "term_end", "ended_on", "end_reason"]
    list_filter = ["end_reason"]
    search_fields = ["cadre__full_name", "cadre__code", "position__title", "decision_number"]
    list_select_related = ["cadre", "position", "position__unit"]
    autocomplete_fields = ["cadre", "position"]
    date_hierarchy = "start_date"


@admin.register(PlanningEntry)
class PlanningEntryAdmin(GuardedAdmin):
    list_display = ["cadre", "position", "term", "approved_on", "status"]
    list_filter = ["status", "term"]
    search_fields = ["cadre__full_name", "cadre__code", "position__title"]
    list_select_related = ["cadre", "position", "position__unit"]
    autocomplete_fields = ["cadre", "position"]
    # set by signing an appointment to the title, undone by revoking it
    readonly_fields = ["fulfilled_on", "fulfilled_by_decision"]


@admin.register(Evaluation)
class EvaluationAdmin(GuardedAdmin):
    list_display = ["cadre", "year", "rating"]
    list_filter = ["year", "rating"]
    search_fields = ["cadre__full_name", "cadre__code"]
    list_select_related = ["cadre"]
    autocomplete_fields = ["cadre"]


@admin.register(Achievement)
class AchievementAdmin(GuardedAdmin):
    list_display = ["title", "cadre", "achieved_on", "recognised_by", "recognised_on"]
    search_fields = ["title", "cadre__full_name", "cadre__code"]
    list_select_related = ["cadre"]
    autocomplete_fields = ["cadre"]


@admin.register(Discipline)
class DisciplineAdmin(GuardedAdmin):
    list_display = ["cadre", "kind", "status", "effective_from", "effective_to", "authority"]
    list_filter = ["kind", "status"]
    search_fields = ["cadre__full_name", "cadre__code"]
    list_select_related = ["cadre"]
    autocomplete_fields = ["cadre"]


@admin.register(PoliticalConclusion)
class PoliticalConclusionAdmin(GuardedAdmin):
    list_display = ["cadre", "status", "result", "issuer", "concluded_on"]
    list_filter = ["status", "result"]
    search_fields = ["cadre__full_name", "cadre__code", "reference"]
    list_select_related = ["cadre"]
    autocomplete_fields = ["cadre"]


@admin.register(AssetDeclaration)
class AssetDeclarationAdmin(GuardedAdmin):
    list_display = ["cadre", "year", "declared_on", "verified_on", "verified_by"]
    list_filter = ["year"]
    search_fields = ["cadre__full_name", "cadre__code"]
    list_select_related = ["cadre"]
    autocomplete_fields = ["cadre"]
