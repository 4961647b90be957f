from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkflowCommonConfig(AppConfig):
    name = "workflows.common"
    label = "workflow_common"
    verbose_name = _("Procedure machinery")
