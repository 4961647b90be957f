"""The Viewflow frontend site: one shell (menu, header, look) for the procedures and our own pages.

Apps register their ``Application`` here; flows are added by the workflow apps.
"""

from django.utils.translation import gettext_lazy as _
from viewflow.urls import Application, Site

from apps.api.tokens import profile_application
from apps.cadres.urls import registry_application
from apps.decisions.urls import decisions_application
from apps.home.views import HomeViewset
from apps.inspection.urls import inspection_application
from apps.notifications.urls import notifications_application
from apps.targets.urls import targets_application
from workflows.appointment.flows import AppointmentFlow
from workflows.common.viewset import ProcedureAppViewset
from workflows.nomination.flows import NominationFlow
from workflows.planning.flows import PlanningFlow
from workflows.reappointment.flows import ReappointmentFlow
from workflows.reappointment.viewset import ReappointmentViewset
from workflows.revocation.flows import RevocationFlow
from workflows.rotation.flows import RotationFlow

site = Site(
    title=_("CadreFlow"),
    primary_color="#a31d1d",
    secondary_color="#f0b429",
    menu_template_name="core/site_menu.html",
    viewsets=[
        Application(
            title=_("Overview"),
            icon="dashboard",
            app_name="home",
            viewsets=[HomeViewset()],
        ),
        registry_application(),
        decisions_application(),
        targets_application(),
        notifications_application(),
        ProcedureAppViewset(AppointmentFlow, icon="how_to_reg"),
        ReappointmentViewset(ReappointmentFlow, icon="autorenew"),
        ProcedureAppViewset(NominationFlow, icon="how_to_vote"),
        ProcedureAppViewset(PlanningFlow, icon="checklist"),
        ProcedureAppViewset(RotationFlow, icon="sync_alt"),
        ProcedureAppViewset(RevocationFlow, icon="undo"),
        inspection_application(),
        profile_application(),
    ],
)
