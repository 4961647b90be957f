"""The appointment steps' pages. Thin: the step's form (``steps.STEPS``), run through the step runner, its refusal
shown on the form."""

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.utils.translation import gettext_lazy as _

from apps.core.rules import RuleViolation
from apps.decisions.sign_views import SignStepMixin
from workflows.common.steps import StepFormView

from . import forms, services, steps


class ProposalView(StepFormView):
    success_message = _("The proposal was submitted to the organisation board.")

    def get_initial(self):
        # "?position=<pk>": the start action of a vacant position's page; the form's queryset still decides
        initial = super().get_initial()
        if self.request.GET.get("position", "").isdigit():
            initial["position"] = int(self.request.GET["position"])
        return initial


class PolicyReviewView(StepFormView):
    pass


class ReviseView(StepFormView):
    def get_initial(self):
        p = self.process
        return {"seats": p.seats, "job_needs": p.job_needs, "criteria": p.criteria}


class NominateView(StepFormView):
    def add_violation(self, form, exc):
        # an ineligible cadre is refused next to the list, with the reason (procedures §3)
        field = "cadres" if exc.rule_code in ("political_standard", "not_eligible_for_listing") else None
        form.add_error(field, exc)


class ConferenceStepView(StepFormView):
    """One conference: the conference form (convened, present, ballots…), a tally per remaining candidate and the
    minutes files (``workflows.common.steps.ConferenceStepForm``); ``apps.conferences`` checks and computes
    everything."""

    step_index = None
    template_name = "appointment/conference_step.html"

    def get_spec(self):
        return services.step_specs(self.process)[self.step_index]

    def get_step_form(self):
        data = self.request.POST if self.request.method == "POST" else None
        files = self.request_files() if data is not None else None
        return self.step.form(self.process, self.request.user, data=data, files=files, **self._form_base())

    def _form_base(self):
        return {"initial": self.get_initial(), "prefix": self.get_prefix()}

    def get_context_data(self, **kwargs):
        if "form" not in kwargs:
            step_form = self.get_step_form()
            kwargs.update(form=step_form.form, formset=step_form.formset)
        return super().get_context_data(spec=self.get_spec(), **kwargs)

    def post(self, request, *args, **kwargs):
        step_form = self.get_step_form()
        context = {"form": step_form.form, "formset": step_form.formset}
        if not step_form.is_valid():
            return self.render_to_response(self.get_context_data(**context))
        try:
            self.run(**self.step.arguments(step_form))
        except RuleViolation as exc:
            step_form.form.add_rule_violation(exc)  # next to the field it concerns (present, ballots_valid…)
            return self.render_to_response(self.get_context_data(**context))
        messages.success(request, _("The conference was recorded."), fail_silently=True)
        return HttpResponseRedirect(self.get_success_url())


class VerificationView(StepFormView):
    form_class = forms.VerificationConfirmForm
    template_name = "appointment/verification.html"

    def get_formset(self):
        data = self.request.POST if self.request.method == "POST" else None
        return steps.verification_formset(
            self.process, data, self.request_files() if data is not None else None
        )

    def get_context_data(self, **kwargs):
        formset = kwargs.setdefault("formset", self.get_formset())
        years = {}
        for f in formset.forms:
            value = f.initial.get("years")
            if f.is_bound and f.is_valid():
                value = f.cleaned_data.get("years")
            years[f.initial.get("candidate")] = value
        preview = services.verification_preview(self.process, years)
        rows = list(zip(preview, formset.forms, strict=False))
        return super().get_context_data(rows=rows, **kwargs)

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        formset = self.get_formset()
        if not (form.is_valid() and formset.is_valid()):
            return self.render_to_response(self.get_context_data(form=form, formset=formset))
        try:
            self.run(documents=steps.verification_documents(formset))
        except RuleViolation as exc:
            form.add_error(None, exc)
            return self.render_to_response(self.get_context_data(form=form, formset=formset))
        messages.success(request, _("The verification was recorded."), fail_silently=True)
        return HttpResponseRedirect(self.get_success_url())


class DraftDecisionView(StepFormView):
    pass


class SignDecisionView(SignStepMixin, StepFormView):
    def decisions_to_sign(self):
        decision = getattr(self.process, "decision", None)
        return [decision] if decision is not None and not decision.is_signed else []
