"""The nomination's step list (``workflows.common.runner``): for each human node of ``flows.NominationFlow``, its
service, the form its page shows and how the form becomes the service's arguments."""

from workflows.common.political_protection import request_step
from workflows.common.runner import Step
from workflows.common.steps import ConferenceStepForm, FormWithFormset

from . import forms, services


def _with_user(process, actor):
    return {"user": actor}


def _listable(process, actor):
    return {"queryset": services.listable_candidates(process)}


def _signer(process, actor):
    return {"authority": process.position.authority, "user": actor}


_round = ConferenceStepForm.factory(
    services.round_spec,
    lambda process: [c.cadre for c in services.active_candidates(process)],
    choose_among=False,
)


def _round_step(code, index):
    return Step(
        code,
        services.record_round,
        form_class=_round,
        payload=ConferenceStepForm.payload,
        extra={"step_index": index},
    )


def verification_formset(process, data=None, files=None):
    candidates = services.active_candidates(process)
    initial = [{"candidate": c.pk, "years": c.self_assessment_years or 3} for c in candidates]
    if data is not None:
        return forms.CandidateDocumentsFormSet(data, files, initial=initial, prefix="docs")
    return forms.CandidateDocumentsFormSet(initial=initial, prefix="docs")


def verification_documents(formset):
    return {
        f.cleaned_data["candidate"]: {
            "years": f.cleaned_data["years"],
            "self_assessment": f.cleaned_data.get("self_assessment"),
            "evaluation": f.cleaned_data.get("evaluation"),
        }
        for f in formset.forms
    }


def _verification_form(step, process, actor, data=None, files=None, **kwargs):
    form = forms.VerificationConfirmForm(data=data, files=files, **kwargs)
    return FormWithFormset(form, verification_formset(process, data, files))


def result_formset(process, data=None, candidates=None):
    candidates = services.nominated_candidates(process) if candidates is None else candidates
    return forms.ResultFormSet(data, initial=[{"candidate": c.pk} for c in candidates], prefix="result")


def result_payload(form, formset):
    return {
        "held_on": form.cleaned_data["held_on"],
        "ballots_valid": form.cleaned_data["ballots_valid"],
        "results": [
            (f.cleaned_data["candidate"], f.cleaned_data["elected"], f.cleaned_data["votes"])
            for f in formset.forms
        ],
    }


def _result_form(step, process, actor, data=None, files=None, **kwargs):
    form = forms.ElectionForm(data=data, files=files, **kwargs)
    return FormWithFormset(form, result_formset(process, data))


STEPS = (
    Step("start", services.propose, form_class=forms.ProposalForm, form_kwargs=_with_user),
    Step("review", services.review_plan, form_class=forms.ReviewForm),
    _round_step("round1", 0),
    _round_step("round2", 1),
    _round_step("round3", 2),
    _round_step("round4", 3),
    _round_step("round5", 4),
    Step(
        "verification",
        services.verify_candidates,
        form_class=_verification_form,
        payload=lambda form: {"documents": verification_documents(form.formset)},
    ),
    request_step("political_protection"),
    Step("prepare_list", services.prepare_list, form_class=forms.PrepareListForm, form_kwargs=_listable),
    Step("sign_decision", services.sign_list, form_class=forms.SignForm, form_kwargs=_signer),
    Step(
        "record_result",
        services.record_result,
        form_class=_result_form,
        payload=lambda form: result_payload(form.form, form.formset),
    ),
    Step("confirm_result", services.confirm_result, form_class=forms.ConfirmResultForm, form_kwargs=_signer),
)
