"""The nomination steps' pages. Thin: collect the input, call the step's service, show its refusal."""

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.utils.translation import gettext_lazy as _

from apps.core.rules import RuleViolation
from apps.decisions.sign_views import SignStepMixin
from workflows.common.steps import ConferenceStepForm, FormWithFormset, StepFormView

from . import forms, services, steps


class ProposalView(StepFormView):
    success_message = _("The proposal was submitted to the leadership.")

    def get_initial(self):
        # ?position=<id>: the start action of a vacant position's page; it also shows each cadre's standing for
        # that position before anything is submitted (the form's queryset still decides)
        initial = super().get_initial()
        if self.request.GET.get("position", "").isdigit():
            initial["position"] = int(self.request.GET["position"])
        return initial

    def add_violation(self, form, exc):
        # an ineligible cadre is refused next to the list, with the reason (procedures §3)
        field = "cadres" if exc.rule_code in ("political_standard", "not_eligible_for_listing") else None
        form.add_error(field, exc)


class ReviewView(StepFormView):
    pass


class _FormsetStepView(StepFormView):
    """A step with a form and a formset: both must be valid before the service is called; a refused rule is
    shown on the form (next to its field when the form knows it)."""

    success_message = _("The step was completed.")

    def get_formset(self):
        raise NotImplementedError

    def call_service(self, form, formset):
        raise NotImplementedError  # self.run(**the service's arguments)

    def show_refusal(self, form, exc):
        form.add_error(None, exc)

    def get_context_data(self, **kwargs):
        kwargs.setdefault("formset", self.get_formset())
        return super().get_context_data(**kwargs)

    def post(self, request, *args, **kwargs):
        form, formset = self.get_form(), self.get_formset()
        if not (form.is_valid() and formset.is_valid()):
            return self.render_to_response(self.get_context_data(form=form, formset=formset))
        try:
            self.call_service(form, formset)
        except RuleViolation as exc:
            self.show_refusal(form, exc)
            return self.render_to_response(self.get_context_data(form=form, formset=formset))
        messages.success(request, self.success_message, fail_silently=True)
        return HttpResponseRedirect(self.get_success_url())


class RoundView(_FormsetStepView):
    """One round: the conference form (convened, present, ballots…), a tally per remaining candidate and the
    minutes; ``apps.conferences`` checks and computes everything."""

    step_index = None
    template_name = "nomination/conference_step.html"
    success_message = _("The conference was recorded.")

    def get_spec(self):
        return services.round_spec(self.process, self.step_index)

    def get_cadres(self):
        if not hasattr(self, "_cadres"):
            self._cadres = [c.cadre for c in services.active_candidates(self.process)]
        return self._cadres

    def get_form_class(self):
        from apps.conferences.forms import ConferenceForm

        return ConferenceForm

    def get_form_kwargs(self):
        from apps.conferences.forms import conference_form_kwargs

        return {**super().get_form_kwargs(), **conference_form_kwargs(self.get_spec(), self.process.params)}

    def get_formset(self):
        from apps.conferences.forms import tally_formset

        data = self.request.POST if self.request.method == "POST" else None
        return tally_formset(self.get_spec(), self.get_cadres(), data=data)

    def get_context_data(self, **kwargs):
        from .rules import list_bounds

        fewest, most = list_bounds(self.process.seats, self.process.params)
        return super().get_context_data(spec=self.get_spec(), fewest=fewest, most=most, **kwargs)

    def show_refusal(self, form, exc):
        form.add_rule_violation(exc)

    def call_service(self, form, formset):
        self.run(**ConferenceStepForm.payload(FormWithFormset(form, formset)))


class VerificationView(_FormsetStepView):
    form_class = forms.VerificationConfirmForm
    template_name = "nomination/verification.html"
    success_message = _("The verification was recorded.")

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
        rows = list(zip(services.verification_preview(self.process, years), formset.forms, strict=False))
        return super().get_context_data(rows=rows, **kwargs)

    def call_service(self, form, formset):
        self.run(documents=steps.verification_documents(formset))


class PrepareListView(StepFormView):
    template_name = "nomination/prepare_list.html"
    success_message = _("The candidate list was prepared.")

    def get_initial(self):
        return {"candidates": services.proposed_list(self.process)}

    def get_context_data(self, **kwargs):
        from .rules import list_bounds

        fewest, most = list_bounds(self.process.seats, self.process.params)
        final = services.final_round_code(self.process)
        ranked = [(c, c.round_votes.get(final)) for c in services.listable_candidates(self.process)]
        ranked.sort(key=lambda row: -(row[1] or 0))
        return super().get_context_data(fewest=fewest, most=most, ranked=ranked, **kwargs)


class SignListView(SignStepMixin, StepFormView):
    form_class = forms.SignForm

    def decisions_to_sign(self):
        return [c.decision for c in services.listed_candidates(self.process) if c.decision_id]

    def signing_authority(self):
        return self.process.position.authority

    success_message = _("The nomination decisions and the list were signed.")


class RecordResultView(_FormsetStepView):
    form_class = forms.ElectionForm
    template_name = "nomination/result.html"
    success_message = _("The election result was recorded.")

    def get_initial(self):
        return {"held_on": self.process.election_date}

    def get_candidates(self):
        if not hasattr(self, "_candidates"):
            self._candidates = services.nominated_candidates(self.process)
        return self._candidates

    def get_formset(self):
        data = self.request.POST if self.request.method == "POST" else None
        return steps.result_formset(self.process, data, candidates=self.get_candidates())

    def get_context_data(self, **kwargs):
        formset = kwargs.setdefault("formset", self.get_formset())
        names = {c.pk: c.cadre.full_name for c in self.get_candidates()}
        rows = [(names.get(f.initial.get("candidate"), ""), f) for f in formset.forms]
        return super().get_context_data(rows=rows, **kwargs)

    def call_service(self, form, formset):
        self.run(**steps.result_payload(form, formset))


class ConfirmResultView(SignStepMixin, StepFormView):
    form_class = forms.ConfirmResultForm

    def signing_authority(self):
        return self.process.position.authority

    def decisions_to_sign(self):
        """The result decisions as they will read (unsaved: they are drafted and signed together)."""
        from django.utils import timezone

        from apps.decisions.services.drafting import add_years, new_decision

        process, today = self.process, timezone.localdate()
        return [
            new_decision(
                kind="election_result",
                cadre=candidate.cadre,
                position=process.position,
                authority=process.position.authority,
                process=None,
                rule_set=process.rule_set,
                params=process.params,
                effective_from=today,
                term_end=add_years(today, process.position.term_years),
                grounds=self.request.POST.get("grounds", ""),
                reason="",
                seat_number=None,
            )
            for candidate in services.elected_candidates(process)
        ]

    success_message = _("The election result was confirmed.")
