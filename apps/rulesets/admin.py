"""Admin for rule sets and their parameters, with history; never deleted (procedures record which set they ran
under, docs/design.md §3). Each parameter value is checked by ``apps.rulesets.parameters.parse_value`` before it is
saved, and every change goes through ``services`` (history with the operator, an audit entry)."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from apps.core.rules import RuleViolation

from . import services
from .models import RuleParameter, RuleSet
from .parameters import PARAMETERS, parse_value


class RuleParameterForm(forms.ModelForm):
    class Meta:
        model = RuleParameter
        fields = ["key", "value", "note"]

    def clean(self):
        cleaned = super().clean()
        key = cleaned.get("key")
        if key and "value" in cleaned:
            try:
                parse_value(key, cleaned["value"])
            except RuleViolation as exc:
                self.add_error("value", exc)
        return cleaned


class RuleParameterInline(admin.TabularInline):
    model = RuleParameter
    form = RuleParameterForm
    extra = 0
    can_delete = False
    fields = ["key", "value", "meaning", "note"]
    readonly_fields = ["meaning"]

    @admin.display(description=_("meaning and source"))
    def meaning(self, obj):
        param = PARAMETERS.get(obj.key) if obj and obj.key else None
        if param is None:
            return ""
        return f"{param.label} ({param.source}; {param.tag})"


@admin.register(RuleSet)
class RuleSetAdmin(SimpleHistoryAdmin):
    list_display = [
        "code",
        "name",
        "issuer",
        "effective_from",
        "effective_to",
        "parent",
        "scope_unit",
        "is_active",
    ]
    list_filter = ["is_active", "issuer"]
    search_fields = ["code", "name", "document_ref"]
    list_select_related = ["parent", "scope_unit"]
    autocomplete_fields = ["scope_unit"]
    inlines = [RuleParameterInline]

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        services.save_rule_set(obj, actor=request.user, changed=form.changed_data)

    def save_formset(self, request, form, formset, change):
        for obj in formset.save(commit=False):  # the parameter rows, their rule set set, not saved yet
            services.save_parameter(obj, actor=request.user)
        formset.save_m2m()


@admin.register(RuleParameter)
class RuleParameterAdmin(SimpleHistoryAdmin):
    form = RuleParameterForm
    list_display = ["rule_set", "key", "value", "note"]
    list_filter = ["rule_set", "key"]
    search_fields = ["key", "note"]
    list_select_related = ["rule_set"]

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        services.save_parameter(obj, actor=request.user)
