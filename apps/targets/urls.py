"""The Targets application of the Viewflow shell (``config.site``).

URL names: ``targets:targets:index|report-pdf|report-xlsx``.
"""

from django.utils.translation import gettext_lazy as _
from viewflow.urls import Application

from .selectors import may_read_targets
from .views import TargetsViewset


def targets_application():
    return Application(
        title=_("Targets and reports"),
        icon="flag",
        app_name="targets",
        permission=may_read_targets,
        viewsets=[TargetsViewset()],
    )
