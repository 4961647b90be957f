"""Downloads of a procedure's documents: the step attachments (submission memos, minutes, vote-count minutes,
self-assessments, evidence…) and the candidates' verification documents (self-assessment, collective evaluation).

Who may download: whoever may follow the procedure (``selectors.visible_processes``, i.e.
``permissions.restrict(…, "follow_procedure")``: the units' leaders, the organisation board, the leadership and
the inspection commission in their scope), never a candidate of it (R10). Everything else — another unit's
procedure, a document of another procedure, a file gone from the storage — is a 404. The file itself is served
by ``apps.core.downloads.file_download`` (attachment, original name, nosniff).
"""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.views import generic

from apps.core.downloads import file_download

from .models import StepAttachment
from .views import ProcessMixin

#: URL slug → the candidate's document field (appointment and nomination candidates, ``verify_candidates``)
CANDIDATE_DOCUMENTS = {"self-assessment": "self_assessment", "evaluation": "evaluation"}


class _DownloadView(ProcessMixin, generic.View):
    http_method_names = ["get", "head"]


class DownloadAttachmentView(_DownloadView):
    """One of the procedure's step attachments, under the name it was uploaded with."""

    def get(self, request, *args, **kwargs):
        process = self.get_process()
        attachment = get_object_or_404(StepAttachment, pk=kwargs["attachment_pk"], process_id=process.pk)
        return file_download(attachment.file, filename=attachment.original_name)


class DownloadCandidateDocumentView(_DownloadView):
    """A candidate's self-assessment or collective evaluation handed in at verification."""

    def get(self, request, *args, **kwargs):
        process = self.get_process()
        field_name = CANDIDATE_DOCUMENTS.get(kwargs["document"])
        candidates = getattr(process, "candidates", None)
        if field_name is None or candidates is None:
            raise Http404
        candidate = get_object_or_404(candidates.all(), pk=kwargs["candidate_pk"])
        return file_download(getattr(candidate, field_name, None))
