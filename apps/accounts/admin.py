"""Admin for users and role assignments.

Role assignments are granted and withdrawn only through ``apps.accounts.services`` (so guardian object
permissions are recomputed and the audit log is written): the add form calls ``grant_role``; an existing
assignment is read-only and is ended with the "withdraw" action, never edited, reverted or deleted.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from .models import RoleAssignment, User
from .services import grant_role, withdraw_role


class RoleAssignmentInline(admin.TabularInline):
    """The user's role assignments, for reading; grant and withdraw them on the role-assignment pages."""

    model = RoleAssignment
    fk_name = "user"
    extra = 0
    can_delete = False
    show_change_link = True
    fields = ["role", "unit", "include_descendants", "granted_at", "withdrawn_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(User)
class UserAdmin(DjangoUserAdmin, SimpleHistoryAdmin):
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (_("CadreFlow"), {"fields": ("cadre", "email_notifications")}),
    )
    list_display = ["username", "first_name", "last_name", "email", "is_active", "is_staff", "cadre"]
    list_select_related = ["cadre"]
    autocomplete_fields = ["cadre"]
    inlines = [RoleAssignmentInline]

    def has_delete_permission(self, request, obj=None):
        return False  # accounts are deactivated: history, decisions and the audit log point at them


class RoleAssignmentAddForm(forms.ModelForm):
    class Meta:
        model = RoleAssignment
        fields = ["user", "role", "unit", "include_descendants"]

    def clean(self):
        cleaned = super().clean()
        user, role, unit = cleaned.get("user"), cleaned.get("role"), cleaned.get("unit")
        if (
            user
            and role
            and unit
            and RoleAssignment.objects.active().filter(user=user, role=role, unit=unit).exists()
        ):
            raise forms.ValidationError(
                _("This user already holds this role in this unit."), code="role_exists"
            )
        return cleaned


class ActiveFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("active", _("active")), ("withdrawn", _("withdrawn"))]

    def queryset(self, request, queryset):
        if self.value() == "active":
            return queryset.filter(withdrawn_at__isnull=True)
        if self.value() == "withdrawn":
            return queryset.filter(withdrawn_at__isnull=False)
        return queryset


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(SimpleHistoryAdmin):
    list_display = [
        "user",
        "role",
        "unit",
        "include_descendants",
        "granted_at",
        "granted_by",
        "withdrawn_at",
        "withdrawn_by",
    ]
    list_filter = [ActiveFilter, "role", "include_descendants"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "unit__name", "unit__code"]
    list_select_related = ["user", "unit", "granted_by", "withdrawn_by"]
    autocomplete_fields = ["user", "unit"]
    actions = ["withdraw"]
    add_form = RoleAssignmentAddForm

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = self.add_form
        return super().get_form(request, obj, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["user", "role", "unit", "include_descendants"]
        return self.list_display

    def get_readonly_fields(self, request, obj=None):
        return self.list_display if obj is not None else []

    def has_delete_permission(self, request, obj=None):
        return False

    def revert_disabled(self, request, obj=None):
        return True  # reverting would change the row without re-syncing permissions

    def save_model(self, request, obj, form, change):
        if change:
            return  # existing assignments are read-only
        assignment = grant_role(
            user=obj.user,
            role=obj.role,
            unit=obj.unit,
            include_descendants=obj.include_descendants,
            actor=request.user,
        )
        obj.pk = assignment.pk
        obj.granted_at = assignment.granted_at
        obj.granted_by = assignment.granted_by
        obj._state.adding = False

    @admin.action(description=_("Withdraw the selected role assignments"))
    def withdraw(self, request, queryset):
        done = 0
        for assignment in queryset.filter(withdrawn_at__isnull=True).select_related("user", "unit"):
            withdraw_role(assignment=assignment, actor=request.user)
            done += 1
        self.message_user(
            request,
            ngettext("%(count)d role assignment withdrawn.", "%(count)d role assignments withdrawn.", done)
            % {"count": done},
            messages.SUCCESS,
        )
