"""The reappointment's step list (``workflows.common.runner``): for each human node of
``flows.ReappointmentFlow``, its service, the form its page shows and how the form becomes the service's
arguments. (``start_auto``, the scheduled job's start, is a ``StartHandle``: ``runner.start`` runs it.)"""

from workflows.common.political_protection import request_step
from workflows.common.runner import Step
from workflows.common.steps import ConferenceStepForm

from . import forms, services


def _with_user(process, actor):
    return {"user": actor}


def _with_process(process, actor):
    return {"process": process}


def _with_signer(process, actor):
    decision = getattr(process, "decision", None)
    authority = decision.authority if decision is not None and not decision.is_signed else None
    return {"authority": authority, "user": actor}


_conference = ConferenceStepForm.factory(
    services.step_spec, lambda process: [process.cadre], key="step_code", choose_among=False
)


def _conference_step(code, step_code):
    return Step(
        code,
        services.record_conference_step,
        form_class=_conference,
        payload=ConferenceStepForm.payload,
        extra={"step_code": step_code},
    )


STEPS = (
    Step(
        "start",
        services.open_manually,
        form_class=forms.OpenForm,
        form_kwargs=_with_user,
        payload=lambda form: {"tenure": form.cleaned_data["tenure"]},
    ),
    Step("notice", services.record_notice, form_class=forms.NoticeForm),
    Step("self_assessment", services.submit_self_assessment, form_class=forms.SelfAssessmentForm),
    _conference_step("key_officials", "reappointment_1_key_officials"),
    _conference_step("collective", "reappointment_2_collective"),
    Step("verification", services.verify, form_class=forms.VerificationForm, form_kwargs=_with_process),
    request_step("political_protection"),
    Step("ext_review", services.verify, form_class=forms.VerificationForm, form_kwargs=_with_process),
    request_step("ext_political_protection"),
    _conference_step("ext_vote", "extension_1_collective"),
    Step("decide", services.decide, form_class=forms.DecideForm, form_kwargs=_with_process),
    Step("draft_decision", services.draft, form_class=forms.DraftDecisionForm),
    Step("sign_decision", services.sign, form_class=forms.SignDecisionForm, form_kwargs=_with_signer),
)
