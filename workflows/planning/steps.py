"""The planning review's step list (``workflows.common.runner``): for each human node of ``flows.PlanningFlow``,
its service (process, task, actor), the form its page shows and how the form becomes the service's arguments."""

from workflows.common.runner import Step
from workflows.common.steps import ConferenceStepForm

from . import forms, selectors, services


def _with_user(process, actor):
    return {"user": actor}


def _propose_kwargs(process, actor):
    return {"lines": selectors.lines(process), "process": process}


def _propose_payload(form):
    return {"removals": form.removals(), "additions": form.additions()}


def _decide_kwargs(process, actor):
    return {"authority": process.position.authority, "user": actor}


def conference_form(code):
    """The conference form of step `code` with a tally per cadre it votes on (``services.candidates_for``)."""

    def build(step, process, actor, data=None, files=None, **kwargs):
        spec = services.step_spec(process, code)
        cadres = services.candidates_for(process, code)
        return ConferenceStepForm(spec, process.params, cadres, data, files, choose_among=False, **kwargs)

    return build


STEPS = (
    Step("start", services.open_review, form_class=forms.OpenReviewForm, form_kwargs=_with_user),
    Step(
        "propose",
        services.propose_changes,
        form_class=forms.ProposeForm,
        form_kwargs=_propose_kwargs,
        payload=_propose_payload,
    ),
    Step(
        "key_officials",
        services.record_key_officials,
        form_class=conference_form("planning_1_key_officials"),
        payload=ConferenceStepForm.payload,
    ),
    Step(
        "collective",
        services.record_collective,
        form_class=conference_form("planning_2_collective"),
        payload=ConferenceStepForm.payload,
    ),
    Step("decide", services.decide, form_class=forms.DecideForm, form_kwargs=_decide_kwargs),
)
