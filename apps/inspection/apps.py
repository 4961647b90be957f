from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionConfig(AppConfig):
    """The inspection pages, timelines, exports and violation reports: a top-level reader of every app (its
    tables stay in ``apps.audit``, whose log every app writes to)."""

    name = "apps.inspection"
    label = "inspection"
    verbose_name = _("Inspection")
