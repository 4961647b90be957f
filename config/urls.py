"""URL map. Every page lives in Viewflow's frontend shell (``config.site.site``)."""

from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from apps.accounts.security import CadreFlowAuthViewset
from apps.inspection.urls import public_urlpatterns as public_report_urls
from config.site import site

# The admin is titled like the product, not "Django administration".
admin.site.site_header = _("CadreFlow administration")
admin.site.site_title = _("CadreFlow")
admin.site.index_title = _("Data administration")

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", CadreFlowAuthViewset(with_profile_view=False).urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("bao-cao/", include(public_report_urls)),  # public violation reports (no login)
    path("conferences/", include("apps.conferences.urls")),  # minutes downloads, permission-checked
    path("api/v1/", include("apps.api.urls")),
    # schema and docs for signed-in users only (SPECTACULAR_SETTINGS["SERVE_PERMISSIONS"]; the docs page redirects
    # to the login page). The split view serves its start-up script as a file: no inline script under the CSP.
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path(
        "api/docs/",
        login_required(SpectacularSwaggerSplitView.as_view(url_name="api-schema")),
        name="api-docs",
    ),
    path("", site.urls),
]

# No route publishes MEDIA_ROOT, not even with DEBUG: every uploaded file is a personnel document, served only by
# a view that checks the reader's permission on its object (apps.core.downloads).
