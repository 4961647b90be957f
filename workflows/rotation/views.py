"""The rotation's step pages: the shared step page, run through the runner (``steps.STEPS``)."""

from django.utils.translation import gettext_lazy as _

from workflows.planning.views import ConferenceStepView as _ConferenceStepView
from workflows.planning.views import StepFormView


class ProposeView(StepFormView):
    success_message = _("The rotation was proposed.")

    def get_initial(self):
        initial = super().get_initial()
        for key in ("cadre", "position"):
            value = self.request.GET.get(key, "")
            if value.isdigit():
                initial[key] = int(value)
        return initial


class ConferenceStepView(_ConferenceStepView):
    pass


class DecideView(StepFormView):
    success_message = _("The rotation decision was signed.")


class ReturnView(StepFormView):
    success_message = _("The return decision was signed.")
