from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkflowCommonConfig(AppConfig):
    name = "workflows.common"
    label = "workflow_common"
    verbose_name = _("Procedure machinery")

    def ready(self):
        from viewflow.workflow.signals import flow_finished

        from . import fold
        from .signals import on_flow_finished

        fold.install()

        flow_finished.connect(on_flow_finished, dispatch_uid="workflow_common.flow_finished")
