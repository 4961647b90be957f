"""Step pages and step forms shared by every procedure.

``StepFormView``: the base of a procedure step's page — the step's form (the one its ``Step`` declares, see
``workflows.common.runner``), the procedure's summary beside it (the flow's ``summary_template`` filled by its
``summary_context``), and on success the procedure page. The page runs the step through the runner, as the API,
the seeding, the tests and Celery do: a ``RuleViolation`` the service raises is shown on the form and, because
the step is one transaction, nothing was changed.

``ConferenceStepForm`` and ``FormWithFormset`` are step forms made of a form and a formset (a conference with its
tallies; a confirmation with one row per candidate), validated and turned into the service's arguments as one.
"""

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.utils.translation import gettext_lazy as _
from django.views import generic

from apps.core.kept_files import KeepFilesMixin
from apps.core.rules import RuleViolation

from . import runner


class FormWithFormset:
    """A step form made of a form and a formset: valid when both are; errors of both."""

    formset_key = "rows"

    def __init__(self, form, formset):
        self.form, self.formset = form, formset

    def is_valid(self):
        form_valid = self.form.is_valid()
        return self.formset.is_valid() and form_valid

    @property
    def errors(self):
        errors = dict(self.form.errors)
        formset_errors = [e for e in self.formset.errors if e] + list(self.formset.non_form_errors())
        if formset_errors:
            errors[self.formset_key] = formset_errors
        return errors


class ConferenceStepForm(FormWithFormset):
    """A conference step: the conference form (convened, present, ballots, documents…) and a tally per remaining
    candidate (``apps.conferences.forms``). ``payload`` gives ``record_step``'s arguments."""

    formset_key = "tallies"

    def __init__(self, spec, params, cadres, data=None, files=None, *, choose_among=True, **kwargs):
        from apps.conferences.forms import ConferenceForm, conference_form_kwargs, tally_formset

        # at a final vote the head may have to choose among the candidates with equal votes (`choose_among`)
        form_kwargs = conference_form_kwargs(spec, params, cadres if choose_among else None)
        form = ConferenceForm(data=data, files=files, **form_kwargs, **kwargs)
        super().__init__(form, tally_formset(spec, cadres, data=data))
        self.spec = spec

    @staticmethod
    def payload(form):
        from apps.conferences.forms import conference_input

        data, tallies, minutes, count_minutes = conference_input(form.form, form.formset)
        return {
            "conference_data": data,
            "tallies": tallies,
            "minutes": minutes,
            "count_minutes": count_minutes,
        }

    @classmethod
    def factory(cls, spec, cadres, *, key="step_index", choose_among=True):
        """A step's form factory: `spec(process, step.extra[key])` the step's conference, `cadres(process)` the
        cadres still candidates."""

        def build(step, process, actor, data=None, files=None, **kwargs):
            conference = spec(process, step.extra[key])
            return cls(
                conference, process.params, cadres(process), data, files, choose_among=choose_among, **kwargs
            )

        return build


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
    def task(self):
        return self.activation.task

    @property
    def flow(self):
        return self.activation.flow_class.instance

    @property
    def step(self):
        return runner.step_for(self.activation.flow_task)

    def get_form_class(self):
        if self.form_class is not None:
            return self.form_class
        return self.step.form_class

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        step = self.step
        if step.form_kwargs is not None:
            kwargs.update(step.form_kwargs(self.process if self.process.pk else None, self.request.user))
        return kwargs

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

    def run(self, **arguments):
        """The step, through the runner, on the task this page locked, checked and started."""
        return runner.run_started(self.activation, actor=self.request.user, **arguments)

    def perform(self, form):
        self.run(**self.step.arguments(form))

    def add_violation(self, form, exc):
        form.add_error(None, exc)

    def form_valid(self, form):
        try:
            self.perform(form)
        except RuleViolation as exc:
            self.add_violation(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message, fail_silently=True)
        return HttpResponseRedirect(self.get_success_url())

    def get_success_url(self):
        return self.flow.reverse("process_detail", args=[self.process.pk])
