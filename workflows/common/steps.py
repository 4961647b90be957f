"""``StepFormView``: the base of a procedure step's page — the step's form, the procedure's summary beside it
(the flow's ``summary_template`` filled by its ``summary_context``), and on success the procedure page.

Subclasses implement ``perform(form)`` by calling the step's service; a ``RuleViolation`` it raises is shown on
the form and, because the service is atomic, nothing was changed.
"""

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.utils.translation import gettext_lazy as _
from django.views import generic

from apps.core.kept_files import KeepFilesMixin
from apps.core.rules import RuleViolation

from .work import after_step_url, is_start


class StepFormView(KeepFilesMixin, generic.FormView):
    template_name = "workflows/task_form.html"
    success_message = _("The step was completed.")

    @property
    def activation(self):
        return self.request.activation

    @property
    def process(self):
        return self.activation.process

    @property
    def flow(self):
        return self.activation.flow_class.instance

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        process, flow = self.process, self.flow
        context.update(
            process=process,
            task=self.activation.task,
            step_title=self.activation.flow_task.task_title,
            step_description=self.activation.flow_task.task_description,
            summary_template=getattr(flow, "summary_template", None),
        )
        extra = getattr(flow, "summary_context", None)
        if process.pk and extra is not None:
            context.update(extra(process, self.request.user))
        return context

    def perform(self, form):
        raise NotImplementedError

    def form_valid(self, form):
        try:
            self.perform(form)
        except RuleViolation as exc:
            form.add_error(None, exc)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message, fail_silently=True)
        return HttpResponseRedirect(self.get_success_url())

    def get_success_url(self):
        return after_step_url(
            self.process, self.request.user, done=self.activation.task, started=is_start(self.activation)
        )
