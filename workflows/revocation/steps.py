"""The revocation's step list (``workflows.common.runner``): open the case, investigate, decide."""

from apps.accounts import permissions
from apps.audit.models import ViolationReport
from workflows.common.runner import Step
from workflows.common.steps import FormWithFormset

from . import forms, selectors, services


def _report(user, pk):
    """The violation report to link, only if `user` handles it (else it is silently ignored)."""
    if not pk:
        return None
    reports = permissions.reports_handled_by(user, ViolationReport.objects.all())
    return reports.prefetch_related("attachments").filter(pk=pk).first()


def _open_case_kwargs(process, actor):
    return {"user": actor}


def _open_case_payload(form):
    data = form.cleaned_data
    return {
        "decision": data["decision"],
        "grounds": data["grounds"],
        "evidence": data["evidence"],
        "report": _report(form.user, data.get("report")),
    }


def people_formset(process, data=None, people=None):
    """One row per person involved (`people`, default ``selectors.involved_people``), pre-filled from the
    decision's participants."""
    people = selectors.involved_people(process) if people is None else people
    initial = [{"person": p.pk, "note": p.note} for p in people]
    if data is not None:
        return forms.PersonFormSet(data, initial=initial, prefix="people")
    return forms.PersonFormSet(initial=initial, prefix="people")


def _investigate_form(step, process, actor, data=None, files=None, **kwargs):
    form = forms.InvestigateForm(data=data, files=files, **kwargs)
    return FormWithFormset(form, people_formset(process, data))


def investigate_payload(form, formset):
    recommendations = {
        f.cleaned_data["person"]: {
            "discipline": f.cleaned_data.get("discipline", False),
            "note": f.cleaned_data.get("note", ""),
        }
        for f in formset.forms
    }
    return {
        "findings": form.cleaned_data["findings"],
        "recommendations": recommendations,
        "evidence": form.cleaned_data["evidence"],
    }


def _decide_kwargs(process, actor):
    return {"authority": process.decision.authority, "user": actor}


STEPS = (
    Step(
        "start",
        services.open_case,
        form_class=forms.OpenCaseForm,
        form_kwargs=_open_case_kwargs,
        payload=_open_case_payload,
    ),
    Step(
        "investigate",
        services.investigate_case,
        form_class=_investigate_form,
        payload=lambda form: investigate_payload(form.form, form.formset),
    ),
    Step("decide", services.decide_case, form_class=forms.DecideForm, form_kwargs=_decide_kwargs),
)
