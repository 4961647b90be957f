"""The reappointment steps' pages. Thin: collect the input, call the step's service, show its refusal."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.utils.translation import gettext_lazy as _
from django.views import generic

from apps.accounts import permissions
from apps.core.rules import RuleViolation
from apps.decisions.sign_views import SignStepMixin
from workflows.common import views as common_views
from workflows.common.steps import StepFormView

from . import services


class OpenView(StepFormView):
    success_message = _("The reappointment procedure was opened.")


class NoticeView(StepFormView):
    success_message = _("The notice was recorded.")


class SelfAssessmentView(StepFormView):
    success_message = _("The self-assessment report was submitted.")

    def get_initial(self):
        position = self.process.position
        return {"years": position.term_years if position else 5}


class ConferenceStepView(StepFormView):
    """One conference: the counts, the tally on the cadre and the two sets of minutes; ``apps.conferences``
    checks and computes everything."""

    step_code = None
    template_name = "reappointment/conference_step.html"

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
        return tally_formset(self.get_spec(), [self.process.cadre], data=data)

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
        messages.success(request, _("The conference was recorded."), fail_silently=True)
        return HttpResponseRedirect(self.get_success_url())


class VerificationView(StepFormView):
    template_name = "reappointment/verification.html"
    success_message = _("The verification was recorded.")

    def get_context_data(self, **kwargs):
        form = kwargs.get("form")
        health_ok = None
        if form is not None and form.is_bound and form.is_valid():
            health_ok = form.cleaned_data.get("health_ok")
        checks = services.eligibility_results(self.process, health_ok=health_ok)
        return super().get_context_data(checks=checks, **kwargs)


class DecideView(StepFormView):
    success_message = _("The decision was recorded.")


class DraftDecisionView(StepFormView):
    success_message = _("The decision was drafted.")

    def get_initial(self):
        return {"effective_from": self.process.term_end}


class SignDecisionView(SignStepMixin, StepFormView):
    def decisions_to_sign(self):
        decision = getattr(self.process, "decision", None)
        return [decision] if decision is not None and not decision.is_signed else []

    success_message = _("The decision was signed.")


class WithdrawView(common_views.WithdrawView):
    """The shared withdrawal page, for the organisation board only (``services.withdrawal``)."""

    def dispatch(self, request, *args, **kwargs):
        if not permissions.can(request.user, services.withdrawal.WITHDRAW_ACTION, self.get_process()):
            raise PermissionDenied
        return generic.FormView.dispatch(self, request, *args, **kwargs)

    def form_valid(self, form):
        try:
            services.withdraw(
                process=self.get_process(), reason=form.cleaned_data["reason"], actor=self.request.user
            )
        except RuleViolation as exc:
            form.add_error(None, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The procedure was withdrawn."))
        return HttpResponseRedirect(self.process_url())
