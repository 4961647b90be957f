"""The revocation steps' pages. Thin: collect the input, call the step's service, show its refusal."""

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.utils.translation import gettext_lazy as _

from apps.core.rules import RuleViolation
from workflows.common.steps import StepFormView

from . import forms, selectors, steps


class CaseStepView(StepFormView):
    """The shared step page (``workflows.common.steps``) in the case's own layout."""

    template_name = "revocation/step_form.html"


class OpenCaseView(CaseStepView):
    """Open a case. ``?decision=<pk>`` preselects the decision (the link on a decision page); ``?report=<pk>``
    opens it from a violation report the user handles (the link on the report page)."""

    success_message = _("The revocation case was opened.")

    def get_initial(self):
        initial = super().get_initial()
        for key in ("decision", "report"):
            value = self.request.GET.get(key, "")
            if value.isdigit():
                initial[key] = int(value)
        report = self.get_report(initial.get("report"))
        if report is not None:
            initial.setdefault(
                "grounds",
                _("Violation report {code}: {category}.").format(
                    code=report.display_code, category=report.get_category_display()
                ),
            )
        return initial

    def get_report(self, pk):
        """The report to link, only if the user handles it (else it is silently ignored)."""
        if not pk:
            return None
        if not hasattr(self, "_report"):
            self._report = steps._report(self.request.user, pk)
        return self._report

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = context["form"]
        pk = form["report"].value()
        context["report"] = self.get_report(int(pk)) if str(pk or "").isdigit() else None
        return context


class InvestigateView(CaseStepView):
    """Findings and evidence, and one row per person involved (pre-filled from the decision's participants)."""

    form_class = forms.InvestigateForm
    template_name = "revocation/investigate.html"
    success_message = _("The investigation was recorded.")

    def get_people(self):
        if not hasattr(self, "_people"):
            self._people = selectors.involved_people(self.process)
        return self._people

    def get_formset(self):
        data = self.request.POST if self.request.method == "POST" else None
        return steps.people_formset(self.process, data, people=self.get_people())

    def get_context_data(self, **kwargs):
        formset = kwargs.setdefault("formset", self.get_formset())
        people = {p.pk: p for p in self.get_people()}
        rows = [(people.get(f.initial.get("person")), f) for f in formset.forms]
        return super().get_context_data(rows=rows, **kwargs)

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        formset = self.get_formset()
        if not (form.is_valid() and formset.is_valid()):
            return self.render_to_response(self.get_context_data(form=form, formset=formset))
        try:
            self.run(**steps.investigate_payload(form, formset))
        except RuleViolation as exc:
            form.add_error(None, exc)
            return self.render_to_response(self.get_context_data(form=form, formset=formset))
        messages.success(request, self.success_message, fail_silently=True)
        return HttpResponseRedirect(self.get_success_url())


class DecideView(CaseStepView):
    """The ruling; to revoke, the signer among the authority's office holders (issue 9 §8), with the text of the
    revocation decision as it will read, and the full text and the PDF of the decision under review."""

    form_class = forms.DecideForm
    template_name = "revocation/decide.html"

    def get_context_data(self, **kwargs):
        from django.urls import reverse

        from apps.decisions.document import build_document
        from apps.decisions.sign_views import revocation_preview

        original = self.process.decision
        form = kwargs.get("form") or self.get_form()
        data = form.cleaned_data if form.is_bound and hasattr(form, "cleaned_data") else {}
        return super().get_context_data(
            revocation_document=revocation_preview(
                original,
                grounds=data.get("grounds") or form.initial.get("grounds", ""),
                reason=data.get("reason", ""),
                revoked_on=data.get("revoked_on") or form.fields["revoked_on"].initial,
                signer=data.get("signer"),
            ),
            original_document=build_document(original),
            original_pdf_url=reverse("decisions:decisions:preview", args=[original.pk]),
            **kwargs,
        )

    success_message = _("The ruling was recorded.")

    def get_initial(self):
        return {**super().get_initial(), "grounds": self.process.grounds}
