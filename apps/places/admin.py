"""Places are reference data operators maintain (a new merger is a new successor link), never deleted, every
change audited like the organisation registry's."""

from django.contrib import admin

from apps.organisation.admin import RegistryAdmin

from .models import Place


@admin.register(Place)
class PlaceAdmin(RegistryAdmin):
    list_display = ["code", "kind", "name", "level", "parent", "valid_from", "valid_to", "successor"]
    list_filter = ["level", "kind"]
    search_fields = ["code", "name", "search_name"]
    raw_id_fields = ["parent", "successor"]
