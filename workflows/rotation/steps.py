"""The rotation's step list (``workflows.common.runner``). (``start_return``, the scheduled job's start, is a
``StartHandle``: ``runner.start`` runs it.)"""

from workflows.common.runner import Step
from workflows.common.steps import ConferenceStepForm

from . import forms, services


def _with_user(process, actor):
    return {"user": actor}


def _with_signer(process, actor):
    return {"authority": process.position.authority, "user": actor}


def _return_kwargs(process, actor):
    return {**_with_signer(process, actor), "process": process}


def _conference(step, process, actor, data=None, files=None, **kwargs):
    spec = services.step_spec(process)
    return ConferenceStepForm(
        spec, process.params, [process.cadre], data, files, choose_among=False, **kwargs
    )


STEPS = (
    Step("start", services.propose_rotation, form_class=forms.ProposeForm, form_kwargs=_with_user),
    Step(
        "collective", services.record_collective, form_class=_conference, payload=ConferenceStepForm.payload
    ),
    Step("decide", services.decide_rotation, form_class=forms.DecideForm, form_kwargs=_with_signer),
    Step("decide_return", services.decide_return, form_class=forms.ReturnForm, form_kwargs=_return_kwargs),
)
