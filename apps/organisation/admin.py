"""Admin for units, levels and positions: reference data operators maintain, with history.

Registry rows are never deleted from the admin: units are dissolved (with a successor), positions and records are
ended or corrected, because old dossiers, decisions, history rows and the audit log point at them. Every change
made here is appended to the audit log with the operator's name.
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from apps.audit.services import record

from .models import OrgUnit, Position, UnitLevel


class RegistryAdmin(SimpleHistoryAdmin):
    """SimpleHistoryAdmin that never deletes and audits every add or change."""

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        _audit(request, obj, "changed" if change else "added", form.changed_data)

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        for obj in formset.new_objects:
            _audit(request, obj, "added", [])
        for obj, fields in formset.changed_objects:
            _audit(request, obj, "changed", fields)


def _audit(request, obj, verb, fields):
    record(f"admin.{obj._meta.model_name}.{verb}", obj, actor=request.user, data={"fields": sorted(fields)})


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


@admin.register(Position)
class PositionAdmin(RegistryAdmin):
    list_display = ["title", "unit", "authority", "seats", "term_years", "requires_non_local", "is_active"]
    list_filter = ["requires_non_local", "is_elected", "is_active"]
    search_fields = ["title", "unit__name"]
    list_select_related = ["unit", "authority"]
    autocomplete_fields = ["unit", "authority"]
