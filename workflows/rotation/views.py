"""The rotation's step pages: the planning review's thin step page (service with process, task and actor; the
task completed in the same transaction)."""

from django.utils.translation import gettext_lazy as _

from workflows.planning.views import ConferenceStepView as _ConferenceStepView
from workflows.planning.views import StepFormView as _StepFormView

from . import forms, selectors, services


class StepFormView(_StepFormView):
    summary_template = "rotation/summary.html"

    def summary(self, process):
        return selectors.summary(process, self.request.user)


class ProposeView(StepFormView):
    form_class = forms.ProposeForm
    success_message = _("The rotation was proposed.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_initial(self):
        initial = super().get_initial()
        for key in ("cadre", "position"):
            value = self.request.GET.get(key, "")
            if value.isdigit():
                initial[key] = int(value)
        return initial

    def call(self, **kwargs):
        return services.propose_rotation(**kwargs)


class ConferenceStepView(StepFormView, _ConferenceStepView):
    step_code = "rotation_1_collective"

    def get_spec(self):
        return services.step_spec(self.process, self.step_code)

    def get_formset(self):
        from apps.conferences.forms import tally_formset

        data = self.request.POST if self.request.method == "POST" else None
        return tally_formset(self.get_spec(), [self.process.cadre], data=data)

    def call(self, **kwargs):
        return services.record_collective(**kwargs)


class DecideView(StepFormView):
    form_class = forms.DecideForm
    success_message = _("The rotation decision was signed.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "authority": self.process.position.authority, "user": self.request.user}

    def call(self, **kwargs):
        return services.decide_rotation(**kwargs)


class ReturnView(StepFormView):
    form_class = forms.ReturnForm
    success_message = _("The return decision was signed.")

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "authority": self.process.position.authority,
            "user": self.request.user,
            "process": self.process,
        }

    def call(self, **kwargs):
        return services.decide_return(**kwargs)
