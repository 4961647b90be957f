"""CadreFlow's URLs, and the reference flow in a Viewflow site of its own under /reference/."""

from django.urls import path
from viewflow.urls import Application, Site
from viewflow.workflow.flow import FlowAppViewset

from bench.reference.flows import ReferenceFlow
from config.urls import urlpatterns as cadreflow_urlpatterns

reference_site = Site(
    title="Reference",
    viewsets=[Application(title="Reference", app_name="reference", viewsets=[FlowAppViewset(ReferenceFlow)])],
)

urlpatterns = [path("reference/", reference_site.urls), *cadreflow_urlpatterns]
