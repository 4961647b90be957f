"""The appointment's step list: for each human node of ``flows.AppointmentFlow``, its service, the form its page
shows and how the form becomes the service's arguments (run by ``workflows.common.runner``)."""

from workflows.common.political_protection import request_step
from workflows.common.runner import Step
from workflows.common.steps import ConferenceStepForm, FormWithFormset

from . import forms, services


def _with_user(process, actor):
    return {"user": actor}


def _with_process(process, actor):
    return {"process": process}


def _with_process_and_user(process, actor):
    return {"process": process, "user": actor}


def _with_signer(process, actor):
    """The sign step's form: the signer among the office holders of the draft decision's authority."""
    decision = getattr(process, "decision", None)
    authority = decision.authority if decision is not None and not decision.is_signed else None
    return {"authority": authority, "user": actor}


_conference = ConferenceStepForm.factory(
    lambda process, index: services.step_specs(process)[index],
    lambda process: [c.cadre for c in services.active_candidates(process)],
)


def _conference_step(code, index):
    return Step(
        code,
        services.record_step,
        form_class=_conference,
        payload=ConferenceStepForm.payload,
        extra={"step_index": index},
    )


def verification_formset(process, data=None, files=None):
    """One row per remaining candidate: the years the self-assessment covers and its documents."""
    candidates = services.active_candidates(process)
    initial = [{"candidate": c.pk, "years": c.self_assessment_years or 3} for c in candidates]
    if data is not None:
        return forms.CandidateDocumentsFormSet(data, files, initial=initial, prefix="docs")
    return forms.CandidateDocumentsFormSet(initial=initial, prefix="docs")


def _verification_form(step, process, actor, data=None, files=None, **kwargs):
    form = forms.VerificationConfirmForm(data=data, files=files, **kwargs)
    return FormWithFormset(form, verification_formset(process, data, files))


def verification_documents(formset):
    return {
        f.cleaned_data["candidate"]: {
            "years": f.cleaned_data["years"],
            "self_assessment": f.cleaned_data.get("self_assessment"),
            "evaluation": f.cleaned_data.get("evaluation"),
        }
        for f in formset.forms
    }


STEPS = (
    Step("start", services.propose, form_class=forms.ProposalForm, form_kwargs=_with_user),
    Step("revise", services.revise_proposal, form_class=forms.ReviseForm),
    Step("policy_review", services.review_policy, form_class=forms.PolicyReviewForm),
    Step(
        "nominate",
        services.nominate_candidates,
        form_class=forms.NominateForm,
        form_kwargs=_with_process_and_user,
        payload=lambda form: {"cadres": form.cleaned_data["cadres"]},
    ),
    Step(
        "ext_nominate",
        services.nominate_candidates,
        form_class=forms.NominateForm,
        form_kwargs=_with_process_and_user,
        payload=lambda form: {"cadres": form.cleaned_data["cadres"]},
    ),
    _conference_step("step1", 0),
    _conference_step("step2", 1),
    _conference_step("step3", 2),
    _conference_step("step4", 3),
    _conference_step("ext_step1", 0),
    _conference_step("ext_step2", 1),
    Step(
        "verification",
        services.verify_candidates,
        form_class=_verification_form,
        payload=lambda form: {"documents": verification_documents(form.formset)},
    ),
    request_step("political_protection"),
    _conference_step("step5", 4),
    _conference_step("ext_step3", 2),
    Step(
        "draft_decision",
        services.draft_or_drop,
        form_class=forms.DraftDecisionForm,
        form_kwargs=_with_process,
    ),
    Step(
        "sign_decision",
        services.sign_appointment_decision,
        form_class=forms.SignDecisionForm,
        form_kwargs=_with_signer,
    ),
)
