"""Targets in the admin: operators correct the founding document's targets (goal, population, parameters), with
history (simple-history's history view and revert) and an audit entry (``services.save_target``); targets are
deactivated, never deleted."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from . import services
from .models import Target


@admin.register(Target)
class TargetAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "metric", "aggregation", "goal", "term", "is_active"]
    list_filter = ["term", "metric", "is_active"]
    search_fields = ["code", "name", "name_en"]
    autocomplete_fields = ["positions"]
    fieldsets = [
        (None, {"fields": ["code", "name", "name_en", "order", "term", "is_active"]}),
        (
            _("Metric"),
            {
                "fields": [
                    "metric",
                    "aggregation",
                    "age_limit",
                    "language_min_level",
                    "prior_level_codes",
                    "prior_title_prefixes",
                ]
            },
        ),
        (
            _("Population"),
            {
                "fields": [
                    "unit_level_codes",
                    "unit_kinds",
                    "title_prefixes",
                    "min_rank",
                    "elected",
                    "positions",
                ]
            },
        ),
        (_("Goal"), {"fields": ["goal_min", "goal_max", "goal_min_count"]}),
        (_("Source"), {"fields": ["source", "source_text", "note"]}),
    ]

    @admin.display(description=_("goal"))
    def goal(self, target):
        return target.goal_display()

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        services.save_target(obj, actor=request.user, changed=form.changed_data)
