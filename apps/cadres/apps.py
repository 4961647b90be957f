from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CadresConfig(AppConfig):
    name = "apps.cadres"
    label = "cadres"
    verbose_name = _("Cadres")

    def ready(self):
        from apps.organisation.views import POSITION_CONTEXT

        from .selectors import position_page_context

        POSITION_CONTEXT.append(position_page_context)
