"""Admin: decisions, their participants and counters are read-only (only the services change them, docs/design.md §1:
the administrator never alters a decision); issuer profiles are configuration and editable."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from simple_history.admin import SimpleHistoryAdmin

from .models import Decision, DecisionCounter, DecisionParticipant, IssuerProfile
from .services.issuers import save_issuer_profile


class ReadOnlyAdmin(SimpleHistoryAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_actions(self, request):
        return {}

    def has_change_history_permission(self, request, obj=None):
        return False

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method != "GET":
            raise PermissionDenied  # no "revert to this version"
        return super().history_form_view(request, object_id, version_id, extra_context)


class ParticipantInline(admin.TabularInline):
    model = DecisionParticipant
    fields = ["user", "role_in_procedure", "unit_at_the_time", "title_at_the_time", "name_at_the_time"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = ["number", "kind", "status", "cadre_name", "position_title", "authority", "issued_on"]
    list_filter = ["status", "kind"]
    search_fields = ["number", "cadre_name", "position_title"]
    list_select_related = ["authority"]
    date_hierarchy = "issued_on"
    inlines = [ParticipantInline]


@admin.register(DecisionCounter)
class DecisionCounterAdmin(ReadOnlyAdmin):
    list_display = ["authority", "year", "last"]
    list_select_related = ["authority"]


@admin.register(IssuerProfile)
class IssuerProfileAdmin(SimpleHistoryAdmin):
    list_display = ["authority", "symbol", "body_name", "place_name"]
    list_select_related = ["authority"]
    search_fields = ["authority__name", "symbol"]
    autocomplete_fields = ["authority"]

    def has_delete_permission(self, request, obj=None):
        return False  # decisions copied its lines; the history keeps what it said

    def save_model(self, request, obj, form, change):
        save_issuer_profile(obj, actor=request.user, changed=form.changed_data)
