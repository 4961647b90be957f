"""The appointment steps' pages. Thin: collect the input, call the step's service, show its refusal."""

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.utils.translation import gettext_lazy as _
from django.views import generic

from apps.core.kept_files import KeepFilesMixin
from apps.core.rules import RuleViolation
from apps.decisions.sign_views import SignStepMixin
from workflows.common import political_protection
from workflows.common.work import after_step_url, is_start

from . import forms, selectors, services


class StepFormView(KeepFilesMixin, generic.FormView):
    """Base of every step page: the form, the procedure's summary beside it, and on success the procedure page."""

    template_name = "workflows/task_form.html"
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
        )
        if process.pk:
            context.update(selectors.summary(process, self.request.user))
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


class ProposalView(StepFormView):
    form_class = forms.ProposalForm
    success_message = _("The proposal was submitted to the organisation board.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_initial(self):
        # "?position=<pk>": the start action of a vacant position's page; the form's queryset still decides
        initial = super().get_initial()
        if self.request.GET.get("position", "").isdigit():
            initial["position"] = int(self.request.GET["position"])
        return initial

    def perform(self, form):
        services.propose(activation=self.activation, actor=self.request.user, **form.cleaned_data)


class PoliticalProtectionView(StepFormView):
    """Internal political protection answers the verification's requests: one conclusion per requested cadre
    (procedures §9), recorded with the registry's service; then verification runs again."""

    success_message = _("The conclusions were recorded; verification resumes.")

    @property
    def requests(self):
        if not hasattr(self, "_requests"):
            self._requests = list(political_protection.open_requests(self.process))
        return self._requests

    def get_form_class(self):
        return political_protection.answer_form_class(self.requests)

    def perform(self, form):
        services.answer_political_protection(
            activation=self.activation,
            answers=political_protection.answers(form, self.requests),
            actor=self.request.user,
        )


class PolicyReviewView(StepFormView):
    form_class = forms.PolicyReviewForm

    def perform(self, form):
        services.review_policy(activation=self.activation, actor=self.request.user, **form.cleaned_data)


class ReviseView(StepFormView):
    form_class = forms.ReviseForm

    def get_initial(self):
        p = self.process
        return {"seats": p.seats, "job_needs": p.job_needs, "criteria": p.criteria}

    def perform(self, form):
        services.revise_proposal(activation=self.activation, actor=self.request.user, **form.cleaned_data)


class NominateView(StepFormView):
    form_class = forms.NominateForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "process": self.process, "user": self.request.user}

    def form_valid(self, form):
        try:
            services.nominate_candidates(
                activation=self.activation, cadres=form.cleaned_data["cadres"], actor=self.request.user
            )
        except RuleViolation as exc:
            # an ineligible cadre is refused next to the list, with the reason (procedures §3)
            field = "cadres" if exc.rule_code in ("political_standard", "not_eligible_for_listing") else None
            form.add_error(field, exc)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message, fail_silently=True)
        return HttpResponseRedirect(self.get_success_url())


class ConferenceStepView(StepFormView):
    """One conference: the conference form (convened, present, ballots…), a tally per remaining candidate and the
    minutes files; ``apps.conferences`` checks and computes everything."""

    step_index = None
    template_name = "appointment/conference_step.html"

    def get_spec(self):
        return services.step_specs(self.process)[self.step_index]

    def get_candidates(self):
        if not hasattr(self, "_candidates"):
            self._candidates = services.active_candidates(self.process)
        return self._candidates

    def get_form_class(self):
        from apps.conferences.forms import ConferenceForm

        return ConferenceForm

    def get_form_kwargs(self):
        from apps.conferences.forms import conference_form_kwargs

        # at the final vote the head may have to choose among the candidates with equal votes
        cadres = [c.cadre for c in self.get_candidates()]
        return {
            **super().get_form_kwargs(),
            **conference_form_kwargs(self.get_spec(), self.process.params, cadres),
        }

    def get_formset(self):
        from apps.conferences.forms import tally_formset

        data = self.request.POST if self.request.method == "POST" else None
        return tally_formset(self.get_spec(), [c.cadre for c in self.get_candidates()], data=data)

    def get_context_data(self, **kwargs):
        kwargs.setdefault("formset", self.get_formset())
        return super().get_context_data(spec=self.get_spec(), **kwargs)

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        formset = self.get_formset()
        if not (form.is_valid() and formset.is_valid()):
            return self.render_to_response(self.get_context_data(form=form, formset=formset))
        from apps.conferences.forms import conference_input

        data, tallies, minutes, count_minutes = conference_input(form, formset)
        try:
            services.record_step(
                activation=self.activation,
                step_index=self.step_index,
                conference_data=data,
                tallies=tallies,
                minutes=minutes,
                count_minutes=count_minutes,
                actor=request.user,
            )
        except RuleViolation as exc:
            form.add_rule_violation(exc)  # next to the field it concerns (present, ballots_valid…)
            return self.render_to_response(self.get_context_data(form=form, formset=formset))
        messages.success(request, _("The conference was recorded."), fail_silently=True)
        return HttpResponseRedirect(self.get_success_url())


class VerificationView(StepFormView):
    form_class = forms.VerificationConfirmForm
    template_name = "appointment/verification.html"

    def get_formset(self):
        candidates = services.active_candidates(self.process)
        initial = [{"candidate": c.pk, "years": c.self_assessment_years or 3} for c in candidates]
        if self.request.method == "POST":
            return forms.CandidateDocumentsFormSet(
                self.request.POST, self.request_files(), initial=initial, prefix="docs"
            )
        return forms.CandidateDocumentsFormSet(initial=initial, prefix="docs")

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
        documents = {
            f.cleaned_data["candidate"]: {
                "years": f.cleaned_data["years"],
                "self_assessment": f.cleaned_data.get("self_assessment"),
                "evaluation": f.cleaned_data.get("evaluation"),
            }
            for f in formset.forms
        }
        try:
            services.verify_candidates(activation=self.activation, documents=documents, actor=request.user)
        except RuleViolation as exc:
            form.add_error(None, exc)
            return self.render_to_response(self.get_context_data(form=form, formset=formset))
        messages.success(request, _("The verification was recorded."), fail_silently=True)
        return HttpResponseRedirect(self.get_success_url())


class DraftDecisionView(StepFormView):
    form_class = forms.DraftDecisionForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "process": self.process}

    def perform(self, form):
        data = dict(form.cleaned_data)
        action, reason = data.pop("action"), data.pop("drop_reason")
        if action == form.DROP:
            services.drop_winner(
                activation=self.activation,
                candidate=data["candidate"],
                reason=reason,
                actor=self.request.user,
            )
        else:
            services.draft_appointment_decision(activation=self.activation, actor=self.request.user, **data)


class SignDecisionView(SignStepMixin, StepFormView):
    form_class = forms.SignDecisionForm

    def decisions_to_sign(self):
        decision = getattr(self.process, "decision", None)
        return [decision] if decision is not None and not decision.is_signed else []

    def perform(self, form):
        services.sign_appointment_decision(
            activation=self.activation, actor=self.request.user, **form.cleaned_data
        )
