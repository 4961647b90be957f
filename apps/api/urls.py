from rest_framework.routers import DefaultRouter

from . import views

app_name = "api"

router = DefaultRouter()
router.register("units", views.UnitViewSet, basename="unit")
router.register("positions", views.PositionViewSet, basename="position")
router.register("cadres", views.CadreViewSet, basename="cadre")
router.register("decisions", views.DecisionViewSet, basename="decision")
router.register("audit-entries", views.AuditEntryViewSet, basename="audit-entry")

urlpatterns = router.urls
