from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReappointmentConfig(AppConfig):
    name = "workflows.reappointment"
    label = "reappointment"
    verbose_name = _("Reappointment")
