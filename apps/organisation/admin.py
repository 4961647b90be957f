"""Admin for units, levels and positions: reference data operators maintain, with history.

Registry rows are never deleted from the admin: units are dissolved (with a successor), positions and records are
ended or corrected, because old dossiers, decisions, history rows and the audit log point at them. Every change
made here is appended to the audit log with the operator's name.
"""

from django import forms
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from apps.core.rules import RuleViolation

from . import services
from .models import OrgUnit, Position, UnitLevel


class RegistryAdmin(SimpleHistoryAdmin):
    """SimpleHistoryAdmin that never deletes and saves through the registry's services (``services.save``: the
    model's rules, history with the operator, an audit entry)."""

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        services.save(obj, actor=request.user, changed=form.changed_data)

    def save_formset(self, request, form, formset, change):
        objects = formset.save(commit=False)  # the inline rows, their parent set, not saved yet
        changed = dict(formset.changed_objects)
        for obj in objects:
            services.save(obj, actor=request.user, changed=changed.get(obj, ()))
        formset.save_m2m()


@admin.register(UnitLevel)
class UnitLevelAdmin(RegistryAdmin):
    list_display = ["code", "name", "order", "is_current"]
    search_fields = ["code", "name"]


@admin.register(OrgUnit)
class OrgUnitAdmin(RegistryAdmin):
    list_display = ["code", "name", "level", "parent", "is_active", "dissolved_on", "successor"]
    list_filter = ["level", "kind", "is_active"]
    search_fields = ["code", "name"]
    list_select_related = ["level", "parent", "successor"]
    autocomplete_fields = ["parent", "successor"]
    readonly_fields = ["path"]


class PositionForm(forms.ModelForm):
    def clean_seats(self):
        seats = self.cleaned_data["seats"]
        if self.instance.pk:
            try:
                services.check_seats(self.instance, seats)
            except RuleViolation as exc:
                raise forms.ValidationError(exc.messages) from exc
        return seats


@admin.register(Position)
class PositionAdmin(RegistryAdmin):
    form = PositionForm
    list_display = ["title", "unit", "authority", "seats", "term_years", "requires_non_local", "is_active"]
    list_filter = ["requires_non_local", "is_elected", "is_active"]
    search_fields = ["title", "unit__name"]
    list_select_related = ["unit", "authority"]
    autocomplete_fields = ["unit", "authority"]
