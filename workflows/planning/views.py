"""The planning review's step pages. Thin: collect the input, call the step's service (which takes the process,
the task and the actor), complete the task, show a refusal."""

from django.contrib import messages
from django.db import transaction
from django.http import HttpResponseRedirect
from django.utils.translation import gettext_lazy as _
from django.views import generic

from apps.core.history import acting_as
from apps.core.rules import RuleViolation

from . import forms, selectors, services


class StepFormView(generic.FormView):
    """Base of every step page: the form, the review's summary beside it, and on success the review page."""

    template_name = "planning/step_form.html"
    success_message = _("The step was completed.")

    @property
    def activation(self):
        return self.request.activation

    @property
    def process(self):
        return self.activation.process

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        process = self.process
        context.update(
            process=process,
            task=self.activation.task,
            step_title=self.activation.flow_task.task_title,
            step_description=self.activation.flow_task.task_description,
            summary_template=self.summary_template,
            reason_labels=forms.REASON_LABELS,
        )
        context.update(self.summary(process))
        return context

    summary_template = "planning/summary.html"

    def summary(self, process):
        return selectors.summary(process, self.request.user)

    def call(self, **kwargs):
        raise NotImplementedError

    def run(self, **kwargs):
        """The service and the task's completion, in one transaction: a refusal writes nothing."""
        user = self.request.user
        with transaction.atomic():
            result = self.call(process=self.process, task=self.activation.task, actor=user, **kwargs)
            with acting_as(user):
                self.activation.execute()
        return result

    def form_valid(self, form):
        try:
            self.run(**self.payload(form))
        except RuleViolation as exc:
            form.add_error(None, exc)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message, fail_silently=True)
        return HttpResponseRedirect(self.get_success_url())

    def payload(self, form):
        return dict(form.cleaned_data)

    def get_success_url(self):
        return self.process.flow_class.instance.reverse("process_detail", args=[self.process.pk])


class OpenReviewView(StepFormView):
    form_class = forms.OpenReviewForm
    success_message = _("The planning review was opened.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_initial(self):
        initial = super().get_initial()
        value = self.request.GET.get("position", "")
        if value.isdigit():
            initial["position"] = int(value)
        return initial

    def call(self, **kwargs):
        return services.open_review(**kwargs)


class ProposeView(StepFormView):
    form_class = forms.ProposeForm
    success_message = _("The proposal was recorded.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "lines": selectors.lines(self.process), "process": self.process}

    def payload(self, form):
        return {"removals": form.removals(), "additions": form.additions()}

    def call(self, **kwargs):
        return services.propose_changes(**kwargs)


class ConferenceStepView(StepFormView):
    """One conference: the counts, a tally per cadre and the two sets of minutes; ``apps.conferences`` checks and
    computes everything."""

    step_code = None
    template_name = "planning/conference_step.html"
    success_message = _("The conference was recorded.")

    def get_spec(self):
        return services.step_spec(self.process, self.step_code)

    def get_form_class(self):
        from apps.conferences.forms import ConferenceForm

        return ConferenceForm

    def get_form_kwargs(self):
        from apps.conferences.forms import conference_form_kwargs

        return {**super().get_form_kwargs(), **conference_form_kwargs(self.get_spec(), self.process.params)}

    def get_formset(self):
        from apps.conferences.forms import tally_formset

        data = self.request.POST if self.request.method == "POST" else None
        return tally_formset(self.get_spec(), services.candidates_for(self.process, self.step_code), data=data)

    def get_context_data(self, **kwargs):
        kwargs.setdefault("formset", self.get_formset())
        return super().get_context_data(spec=self.get_spec(), **kwargs)

    def post(self, request, *args, **kwargs):
        from apps.conferences.forms import conference_input

        form, formset = self.get_form(), self.get_formset()
        if not (form.is_valid() and formset.is_valid()):
            return self.render_to_response(self.get_context_data(form=form, formset=formset))
        data, tallies, minutes, count_minutes = conference_input(form, formset)
        try:
            self.run(conference_data=data, tallies=tallies, minutes=minutes, count_minutes=count_minutes)
        except RuleViolation as exc:
            form.add_rule_violation(exc)
            return self.render_to_response(self.get_context_data(form=form, formset=formset))
        messages.success(request, self.success_message, fail_silently=True)
        return HttpResponseRedirect(self.get_success_url())

    def call(self, **kwargs):
        if self.step_code == "planning_1_key_officials":
            return services.record_key_officials(**kwargs)
        return services.record_collective(**kwargs)


class DecideView(StepFormView):
    form_class = forms.DecideForm
    success_message = _("The planning decisions were signed.")

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "authority": self.process.position.authority,
            "user": self.request.user,
        }

    def call(self, **kwargs):
        return services.decide(**kwargs)
