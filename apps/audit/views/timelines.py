"""Timeline pages of the inspection commission: per procedure, per cadre, per decision, per user; CSV and PDF.

Read-only: every view answers GET only (a POST is 405). Who may enter: the inspection commission and superusers
(``selectors.may_inspect``); a procedure, cadre or decision outside the inspector's scope is a 404, like one that
does not exist (``permissions.require(…, "inspect", …)``).
"""

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView
from viewflow.workflow.models import Process

from apps.accounts import permissions

from .. import timelines
from ..timelines import export as timeline_export
from .inspection import InspectionRequiredMixin, _query_without_page

PAGE_SIZE = 50
DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


class TimelineFilterForm(forms.Form):
    date_from = forms.DateField(label=gettext_lazy("From"), required=False, input_formats=DATE_FORMATS)
    date_to = forms.DateField(label=gettext_lazy("To"), required=False, input_formats=DATE_FORMATS)
    action = forms.CharField(
        label=gettext_lazy("Action"),
        required=False,
        max_length=60,
        help_text=gettext_lazy("e.g. decision.signed, or decision for every decision action"),
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("Source"),
        required=False,
        choices=[
            ("", gettext_lazy("Everything")),
            (timelines.KIND_AUDIT, gettext_lazy("Audit entries")),
            (timelines.KIND_STEP, gettext_lazy("Procedure steps")),
            (timelines.KIND_CHANGE, gettext_lazy("Record changes")),
        ],
    )
    order = forms.ChoiceField(
        label=gettext_lazy("Order"),
        required=False,
        choices=[("", gettext_lazy("Oldest first")), ("desc", gettext_lazy("Newest first"))],
    )

    def filters(self):
        if not self.is_valid():
            return timelines.Filters()
        data = self.cleaned_data
        return timelines.Filters(
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            action=(data.get("action") or "").strip(),
            kind=data.get("kind") or "",
            newest_first=data.get("order") == "desc",
        )


# --- subjects: what a timeline is about, who may read it, where its events come from ------------------------


def _procedure(user, pk):
    process = get_object_or_404(Process, pk=pk).coerced
    permissions.require(user, "inspect", process)
    from apps.decisions.models import Decision

    flow = process.flow_class.instance
    return {
        "subject": process,
        "title": _("Timeline of {procedure}").format(procedure=process),
        "sources": timelines.procedure_sources([process.pk]),
        "process_url": flow.reverse("process_detail", args=[process.pk]),
        "decisions": list(Decision.objects.filter(process_id=process.pk).order_by("pk")),
    }


def _cadre(user, pk):
    from apps.cadres.models import Cadre

    cadre = get_object_or_404(Cadre.objects.select_related("current_unit"), pk=pk)
    permissions.require(user, "inspect", cadre)
    return {
        "subject": cadre,
        "title": _("Timeline of {cadre}").format(cadre=cadre),
        "sources": timelines.cadre_sources(cadre),
        "cadre": cadre,
        "account": get_user_model().objects.filter(cadre_id=cadre.pk).first(),
    }


def _decision(user, pk):
    from apps.decisions.models import Decision

    decision = get_object_or_404(Decision.objects.select_related("position"), pk=pk)
    permissions.require(user, "inspect", decision)
    return {
        "subject": decision,
        "title": _("Timeline of {decision}").format(decision=decision),
        "sources": timelines.decision_sources(decision),
        "decision": decision,
        "people": timelines.decision_people(decision),
    }


def _user(user, pk):
    person = get_object_or_404(get_user_model().objects.select_related("cadre__current_unit"), pk=pk)
    return {
        "subject": person,
        "title": _("Timeline of {person}").format(person=person.get_full_name() or person.get_username()),
        "sources": timelines.user_sources(person),
        "person": person,
        "now": timelines.people_with_status([person.pk]).get(person.pk),
        "participations": timelines.user_participations(person),
        "roles": timelines.user_roles(person),
    }


SUBJECTS = {"procedure": _procedure, "cadre": _cadre, "decision": _decision, "user": _user}


class TimelineMixin(InspectionRequiredMixin):
    http_method_names = ["get", "head", "options"]

    def load(self):
        loader = SUBJECTS.get(self.kwargs["kind"])
        if loader is None:
            raise Http404
        context = loader(self.request.user, self.kwargs["pk"])
        form = TimelineFilterForm(self.request.GET or None)
        context.update(form=form, timeline=timelines.Timeline(context.pop("sources"), form.filters()))
        return context


class TimelineView(TimelineMixin, TemplateView):
    """The merged events, filterable by date, action and source, 50 per page, with links to the exports."""

    template_name = "audit/timeline.html"

    def get_context_data(self, **kwargs):
        context = self.load()
        context.update(
            kind=self.kwargs["kind"],
            pk=self.kwargs["pk"],
            page_obj=context["timeline"].page(self.request.GET.get("page"), PAGE_SIZE),
            query=_query_without_page(self.request),
        )
        return super().get_context_data(**{**kwargs, **context})


def _subtitle(request):
    generated = timezone.localtime().strftime("%d/%m/%Y %H:%M")
    filters = _query_without_page(request)
    text = _("Generated {when} by {user}").format(when=generated, user=request.user.get_username())
    return f"{text}. {filters}" if filters else text


class TimelineCsvView(TimelineMixin, View):
    def get(self, request, kind, pk):
        context = self.load()
        body = timeline_export.timeline_csv(context["title"], context["timeline"].entries())
        response = HttpResponse(body, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="timeline-{kind}-{pk}.csv"'
        return response


class TimelinePdfView(TimelineMixin, View):
    def get(self, request, kind, pk):
        context = self.load()
        body = timeline_export.timeline_pdf(
            context["title"], _subtitle(request), context["timeline"].entries()
        )
        response = HttpResponse(body, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="timeline-{kind}-{pk}.pdf"'
        return response


class TimelineIndexView(InspectionRequiredMixin, TemplateView):
    """Find the subject of a timeline: a procedure number, a cadre code or name, a decision number, a username."""

    template_name = "audit/timeline_index.html"
    http_method_names = ["get", "head", "options"]

    def get(self, request, *args, **kwargs):
        query = (request.GET.get("q") or "").strip()
        kind = request.GET.get("kind") or ""
        if kind in SUBJECTS and query.isdigit():
            return redirect(reverse("inspection:timelines:detail", args=[kind, int(query)]))
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        from apps.cadres.models import Cadre
        from apps.decisions.models import Decision

        query = (self.request.GET.get("q") or "").strip()
        found = {}
        if query:
            found = {
                "cadres": list(
                    permissions.restrict(Cadre.objects.all(), self.request.user, "inspect")
                    .filter(Q(code__iexact=query) | Q(full_name__icontains=query))
                    .select_related("current_unit")
                    .order_by("full_name")[:20]
                ),
                "decisions": list(
                    permissions.restrict(Decision.objects.all(), self.request.user, "inspect")
                    .filter(number__iexact=query)
                    .order_by("-issued_on")[:20]
                ),
                "users": list(
                    get_user_model().objects.filter(username__iexact=query).order_by("username")[:20]
                ),
                "processes": list(Process.objects.filter(pk=int(query))) if query.isdigit() else [],
            }
        return super().get_context_data(query=query, found=found, **kwargs)
