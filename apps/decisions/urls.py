"""The Decisions application of the Viewflow shell (``config.site``).

URL names: ``decisions:decisions:index|detail|pdf|preview``.
"""

from django.utils.translation import gettext_lazy as _
from viewflow.urls import Application

from .selectors import may_read_decisions
from .views import DecisionViewset


def decisions_application():
    return Application(
        title=_("Decisions"),
        icon="gavel",
        app_name="decisions",
        permission=may_read_decisions,
        viewsets=[DecisionViewset()],
    )
