"""The audit log in the Django admin: a read-only list and detail; no add, change or delete, no actions."""

from django.contrib import admin

from .models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["seq", "occurred_at", "actor_label", "action", "object_type", "object_repr", "process_id"]
    list_filter = ["action", "occurred_at"]
    date_hierarchy = "occurred_at"
    search_fields = ["actor_label", "object_repr", "object_id"]
    ordering = ["-seq"]
    actions = None
    show_full_result_count = False  # a COUNT(*) over a large log on every page is wasted time
    readonly_fields = [
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

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
