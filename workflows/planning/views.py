"""The planning review's step pages: the shared step page (``workflows.common.steps.StepFormView``), which runs
the step through the runner (``steps.STEPS``); the conference pages show the tally formset beside the form."""

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.utils.translation import gettext_lazy as _

from apps.core.rules import RuleViolation
from workflows.common.steps import StepFormView as BaseStepFormView


class StepFormView(BaseStepFormView):
    template_name = "planning/step_form.html"


class OpenReviewView(StepFormView):
    success_message = _("The planning review was opened.")

    def get_initial(self):
        initial = super().get_initial()
        value = self.request.GET.get("position", "")
        if value.isdigit():
            initial["position"] = int(value)
        return initial


class ProposeView(StepFormView):
    success_message = _("The proposal was recorded.")


class ConferenceStepView(StepFormView):
    """One conference: the counts, a tally per cadre voted on and the two sets of minutes (``apps.conferences``
    checks and computes everything)."""

    template_name = "planning/conference_step.html"
    success_message = _("The conference was recorded.")

    def get_step_form(self, data=None, files=None):
        return self.step.form(self.process, self.request.user, data=data, files=files)

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(step_form=self.get_step_form()))

    def get_context_data(self, **kwargs):
        step_form = kwargs.pop("step_form")
        kwargs.update(form=step_form.form, formset=step_form.formset, spec=step_form.spec)
        return super().get_context_data(**kwargs)

    def post(self, request, *args, **kwargs):
        step_form = self.get_step_form(request.POST, request.FILES)
        if not step_form.is_valid():
            return self.render_to_response(self.get_context_data(step_form=step_form))
        try:
            self.run(**self.step.arguments(step_form))
        except RuleViolation as exc:
            step_form.form.add_rule_violation(exc)
            return self.render_to_response(self.get_context_data(step_form=step_form))
        messages.success(request, self.success_message, fail_silently=True)
        return HttpResponseRedirect(self.get_success_url())


class DecideView(StepFormView):
    success_message = _("The planning decisions were signed.")
