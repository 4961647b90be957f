"""The Registry application of the Viewflow shell: units, positions and cadres (``config.site``).

URL names: ``registry:units:index|detail``, ``registry:positions:index|detail``,
``registry:cadres:index|detail|add|change|tenure-add|discipline-add|conclusion-add|evaluation-add|achievement-add``,
``registry:imports:index|detail|apply|report|template|export|export-all`` (``apps.imports``).
"""

from django.utils.translation import gettext_lazy as _
from viewflow.urls import Application

from apps.organisation.selectors import may_read_registry
from apps.organisation.urls import PositionViewset, UnitViewset

from .views import CadreViewset


def _import_viewset():
    from apps.imports.views import ImportViewset

    return ImportViewset()


def registry_application():
    return Application(
        title=_("Registry"),
        icon="folder_shared",
        app_name="registry",
        permission=may_read_registry,
        viewsets=[UnitViewset(), PositionViewset(), CadreViewset(), _import_viewset()],
    )
