from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import OrgUnit, Position, UnitLevel


@admin.register(UnitLevel)
class UnitLevelAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "order", "is_current"]


@admin.register(OrgUnit)
class OrgUnitAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "level", "parent", "is_active", "successor"]
    list_filter = ["level", "kind", "is_active"]
    search_fields = ["code", "name"]
    list_select_related = ["level", "parent", "successor"]
    autocomplete_fields = ["parent", "successor"]


@admin.register(Position)
class PositionAdmin(SimpleHistoryAdmin):
    list_display = ["title", "unit", "authority", "seats", "term_years", "requires_non_local", "is_active"]
    list_filter = ["requires_non_local", "is_elected", "is_active"]
    search_fields = ["title", "unit__name"]
    list_select_related = ["unit", "authority"]
    autocomplete_fields = ["unit", "authority"]
