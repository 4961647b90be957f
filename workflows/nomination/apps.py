from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NominationConfig(AppConfig):
    name = "workflows.nomination"
    label = "nomination"
    verbose_name = _("Nomination for election")
