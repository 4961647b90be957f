"""URLs of the conferences app, mounted at ``/conferences/`` by ``config.urls``:
``conferences:document-download`` (pk, ``minutes`` or ``count-minutes``)."""

from django.urls import path

from . import views

app_name = "conferences"

urlpatterns = [
    path("<int:pk>/<slug:document>/", views.ConferenceDocumentView.as_view(), name="document-download"),
]
