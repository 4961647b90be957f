"""Admin for the collectives and their membership over time (issue 9 point 10), with history. The forms check the
rules (``apps.conferences.collectives.check_*``) and every write goes through ``apps.conferences.collectives`` (the
only writers, audited); nothing is deleted: a member leaves with an end date."""

from django import forms
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from apps.core.rules import RuleViolation

from . import collectives
from .models import Collective, CollectiveMembership


class MembershipAdminForm(forms.ModelForm):
    class Meta:
        model = CollectiveMembership
        fields = ["collective", "cadre", "started_on", "ended_on"]

    def clean(self):
        cleaned = super().clean()
        try:
            if self.instance.pk:
                stored = CollectiveMembership.objects.get(pk=self.instance.pk)
                collectives.check_end(stored, cleaned.get("ended_on"))
            elif cleaned.get("collective") and cleaned.get("cadre"):
                collectives.check_new_member(
                    cleaned["collective"], cleaned["cadre"], cleaned.get("started_on")
                )
        except RuleViolation as exc:
            raise forms.ValidationError(exc.messages, code=exc.rule_code) from exc
        return cleaned


class _NoDelete(SimpleHistoryAdmin):
    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Collective)
class CollectiveAdmin(_NoDelete):
    list_display = ["unit", "kind", "name"]
    list_filter = ["kind"]
    search_fields = ["name", "unit__name"]
    raw_id_fields = ["unit"]

    def get_readonly_fields(self, request, obj=None):
        return ["unit", "kind", "name"] if obj else []

    def save_model(self, request, obj, form, change):
        if not change:
            created = collectives.create_collective(
                unit=obj.unit, kind=obj.kind, name=obj.name, actor=request.user
            )
            obj.pk = created.pk


@admin.register(CollectiveMembership)
class CollectiveMembershipAdmin(_NoDelete):
    form = MembershipAdminForm
    list_display = ["collective", "cadre", "started_on", "ended_on"]
    list_filter = ["collective__kind"]
    search_fields = ["cadre__full_name", "collective__unit__name"]
    raw_id_fields = ["collective", "cadre"]

    def get_readonly_fields(self, request, obj=None):
        return ["collective", "cadre", "started_on"] if obj else []

    def save_model(self, request, obj, form, change):
        if change:
            collectives.end_membership(membership=obj, ended_on=obj.ended_on, actor=request.user)
        else:
            obj.pk = collectives.add_member(
                collective=obj.collective, cadre=obj.cadre, started_on=obj.started_on, actor=request.user
            ).pk
