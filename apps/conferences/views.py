"""Downloads of a conference's signed documents: the minutes and the vote-count minutes (H6).

Served only here, after ``selectors.conference_for`` has checked that the reader may follow the conference's
procedure (R10: never one of its candidates); no URL publishes the storage the files live in.
"""

from django.http import Http404
from django.views import View

from apps.core.downloads import file_download

from . import selectors

#: URL slug → the conference's file field
DOCUMENTS = {"minutes": "minutes", "count-minutes": "count_minutes"}


class ConferenceDocumentView(View):
    http_method_names = ["get", "head"]

    def get(self, request, pk, document):
        field_name = DOCUMENTS.get(document)
        if field_name is None:
            raise Http404
        conference = selectors.conference_for(request.user, pk)
        if not conference.tallies_visible:
            # the minutes of a step whose result is not announced carry its tallies (procedures §1.2, H5)
            raise Http404
        return file_download(getattr(conference, field_name))
