from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RevocationConfig(AppConfig):
    name = "workflows.revocation"
    label = "revocation"
    verbose_name = _("Revocation of decisions")
