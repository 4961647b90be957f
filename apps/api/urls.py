from django.urls import path
from rest_framework.routers import DefaultRouter

from . import conferences, reports, targets, views

app_name = "api"

router = DefaultRouter()
router.include_format_suffixes = False
router.register("units", views.UnitViewSet, basename="unit")
router.register("positions", views.PositionViewSet, basename="position")
router.register("cadres", views.CadreViewSet, basename="cadre")
router.register("decisions", views.DecisionViewSet, basename="decision")
router.register("audit-entries", views.AuditEntryViewSet, basename="audit-entry")
router.register("procedures", views.ProcedureViewSet, basename="procedure")
router.register("tasks", views.TaskViewSet, basename="task")
router.register("notifications", views.NotificationViewSet, basename="notification")
router.register("violation-reports", reports.ViolationReportViewSet, basename="violation-report")
router.register("targets", targets.TargetViewSet, basename="target")
router.register("conferences", conferences.ConferenceViewSet, basename="conference")


urlpatterns = [
    *router.urls,
    path(
        "procedures/<str:kind>/start/",
        views.StartViewSet.as_view({"post": "create"}),
        name="procedure-start",
    ),
]
