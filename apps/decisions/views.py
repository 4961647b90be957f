"""Decision pages in the Viewflow shell: the list, the detail with an HTML preview of the document, and the PDF.

Reading goes through ``apps.decisions.selectors`` (scope-restricted): a decision outside the reader's scope is a
404, the same as one that does not exist. There is nothing to write here: decisions are drafted, signed and
revoked by the procedures through ``apps.decisions.services``.
"""

from django.http import Http404
from django.urls import path
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.generic import TemplateView
from viewflow.urls import ReadonlyModelViewset

from apps.accounts.permissions import can
from apps.core.downloads import file_download

from . import selectors
from .document import build_document
from .models import Decision


class DecisionDetailView(TemplateView):
    """What the decision says (the same document as its PDF), its state, its links and who took part."""

    template_name = "decisions/decision_detail.html"

    def get_context_data(self, **kwargs):
        decision = selectors.decision_for(self.request.user, self.kwargs["pk"])
        return super().get_context_data(
            decision=decision,
            document=build_document(decision),
            participants=list(selectors.participants_of(decision)),
            **kwargs,
        )


class DecisionPdfView(View):
    """The stored PDF of a signed decision (the rendering kept at signing, whose SHA-256 is on record)."""

    def get(self, request, pk):
        decision = selectors.decision_for(request.user, pk)
        if not decision.pdf:
            raise Http404
        filename = (decision.number or f"decision-{decision.pk}").replace("/", "_") + ".pdf"
        return file_download(decision.pdf, filename=filename, content_type="application/pdf")


@method_decorator(xframe_options_sameorigin, name="dispatch")
class DecisionPreviewPdfView(View):
    """The decision as a PDF, shown inline: a draft rendered now (marked DỰ THẢO, not stored) so that the signer reads
    what they sign (issue 9 §8); a signed decision's stored rendering. Framed by our own sign pages only."""

    def get(self, request, pk):
        from django.http import HttpResponse

        from .pdf import render_decision_pdf

        decision = selectors.decision_for(request.user, pk)
        if decision.is_signed:
            if not decision.pdf:
                raise Http404
            filename = (decision.number or f"decision-{decision.pk}").replace("/", "_") + ".pdf"
            response = file_download(decision.pdf, filename=filename, content_type="application/pdf")
            response["Content-Disposition"] = response["Content-Disposition"].replace(
                "attachment", "inline", 1
            )
            return response
        response = HttpResponse(render_decision_pdf(decision), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="draft-{decision.pk}.pdf"'
        response["Cache-Control"] = "private, no-store"
        return response


class DecisionViewset(ReadonlyModelViewset):
    """Every decision in the reader's scope: number, kind, cadre, position, dates and status."""

    app_name = "decisions"
    icon = "gavel"
    title = _("Decisions")
    model = Decision
    list_columns = (
        "number_or_draft",
        "kind",
        "cadre_name",
        "position_title",
        "unit_name",
        "issued",
        "status",
    )
    list_search_fields = ("number", "cadre_name", "position_title", "unit_name")
    list_paginate_by = 25
    detail_view_class = DecisionDetailView

    def has_view_permission(self, user, obj=None):
        if obj is None:
            return selectors.may_read_decisions(user)
        return can(user, "view", obj)

    def get_queryset(self, request):
        return selectors.decisions_for(request.user)

    @property
    def detail_path(self):
        return path("<int:pk>/", self.detail_view, name="detail")

    @property
    def pdf_path(self):
        return path("<int:pk>/pdf/", DecisionPdfView.as_view(), name="pdf")

    @property
    def preview_path(self):
        return path("<int:pk>/preview/", DecisionPreviewPdfView.as_view(), name="preview")

    def number_or_draft(self, decision):
        return decision.number or _("draft")

    number_or_draft.short_description = _("number")

    def issued(self, decision):
        return decision.issued_on.strftime("%d/%m/%Y") if decision.issued_on else ""

    issued.short_description = _("issued on")
    issued.orderby_column = "issued_on"
