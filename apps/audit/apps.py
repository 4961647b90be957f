from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "apps.audit"
    label = "audit"
    verbose_name = _("Audit and inspection")

    def ready(self):
        from . import keys  # noqa: F401  (registers the system check of the audit key)
