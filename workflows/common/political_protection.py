"""Asking internal political protection for a candidate's political-standard conclusion, inside the procedure.

docs/procedures.md §9 (and §3, H13): the dossier must hold the competent committee's written conclusion on political
standards (ND 170 Đ.35 k.7). When verification finds it missing or expired, the procedure does not stop the
candidate: it sends a request, as a task of the flow, to the political-protection role in scope of the procedure's
unit, due ``political_protection_request_days`` working days later; verification waits until every request is
answered by a conclusion recorded through the registry's own service (``add_political_conclusion``), then runs
again. A negative conclusion still within its validity is an answer, not a gap: verification refuses on it.

Used by the flows' verification services (the writers) and gates (the readers of ``open_requests``).
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts import permissions
from apps.audit.services import record
from apps.core.history import acting_as
from apps.core.rules import RuleViolation

from .deadlines import end_of_day, schedule_task, working_days_after
from .nodes import ProcedureViewActivation, View
from .steps import StepFormView


def missing_or_expired(cadre, params, on):
    """``"missing"`` or ``"expired"`` when the cadre has no concluded conclusion still valid on `on` (whatever its
    result), else ``None``."""
    from apps.cadres.eligibility.dates import add_months
    from apps.cadres.models import PoliticalConclusion, PoliticalProtectionRequest

    latest = (
        PoliticalConclusion.objects.filter(
            cadre=cadre, status=PoliticalConclusion.Status.CONCLUDED, concluded_on__lte=on
        )
        .order_by("-concluded_on", "-created_at", "-pk")
        .first()
    )
    if latest is None:
        return PoliticalProtectionRequest.Reason.MISSING
    months = params.political_conclusion_validity_months
    if months is not None and latest.concluded_on < add_months(on, -months):
        return PoliticalProtectionRequest.Reason.EXPIRED
    return None


def open_requests(process):
    """The procedure's requests not yet answered (what the flow's gate and the task's page read)."""
    from apps.cadres.models import PoliticalProtectionRequest

    return PoliticalProtectionRequest.objects.filter(
        process_id=process.pk, answered_at__isnull=True
    ).select_related("cadre")


def request_conclusions(process, gaps, *, actor):
    """Open one request per (cadre, reason) in `gaps` for `process` (its unit's political protection), due
    ``political_protection_request_days`` working days from today. A cadre already asked for is not asked twice.
    Call inside the verification service's transaction; returns the open requests."""
    from apps.cadres.models import PoliticalProtectionRequest

    today = timezone.localdate()
    params = process.params
    due_on = working_days_after(today, params.political_protection_request_days, params)
    asked = set(open_requests(process).values_list("cadre_id", flat=True))
    with acting_as(actor):
        for cadre, reason in gaps:
            if cadre.pk in asked:
                continue
            request = PoliticalProtectionRequest.objects.create(
                cadre=cadre,
                unit=process.unit,
                process_id=process.pk,
                reason=reason,
                requested_by=actor,
                due_on=due_on,
            )
            record(
                "political_protection.requested",
                request,
                actor=actor,
                process_id=process.pk,
                data={"cadre": cadre.pk, "reason": reason, "due_on": due_on},
            )
    return list(open_requests(process))


def set_request_deadline(process, task):
    """The request task is due when its earliest open request is (not the usual step deadline)."""
    first = open_requests(process).order_by("due_on").first()
    if first is not None:
        schedule_task(task, end_of_day(first.due_on))


@transaction.atomic
def answer_requests(*, process, answers, actor):
    """Political protection answers the procedure's open requests: `answers` maps request id → the conclusion's
    fields (result, issuer, reference, concluded_on, note). Each conclusion is recorded with the registry's service
    (its rules: complete, not in the future) and must be valid today (``conclusion_expired``); every open request
    must be answered (``requests_unanswered``). The actor must act for political protection on the procedure's
    unit (a 403 otherwise, as ``permissions.require`` gives)."""
    from apps.cadres.models import PoliticalConclusion
    from apps.cadres.services import add_political_conclusion

    pending = list(open_requests(process).select_for_update(of=("self",), no_key=True))
    if not pending:
        raise RuleViolation("no_open_requests", _("There is no open request to answer."))
    permissions.require(actor, "conclude_political_standard", pending[0])
    missing = [r for r in pending if r.pk not in answers]
    if missing:
        raise RuleViolation(
            "requests_unanswered",
            _("Record a conclusion for every requested cadre: {names}.").format(
                names=", ".join(r.cadre.full_name for r in missing)
            ),
        )
    today = timezone.localdate()
    now = timezone.now()
    for request in pending:
        fields = dict(answers[request.pk], status=PoliticalConclusion.Status.CONCLUDED)
        conclusion = add_political_conclusion(cadre=request.cadre, actor=actor, **fields)
        if missing_or_expired(request.cadre, process.params, today) is not None:
            raise RuleViolation(
                "conclusion_expired",
                _("The conclusion for {name} is already older than its validity.").format(
                    name=request.cadre.full_name
                ),
            )
        request.conclusion = conclusion
        request.answered_at = now
        with acting_as(actor):
            request.save(update_fields=["conclusion", "answered_at", "updated_at"])
        record(
            "political_protection.answered",
            request,
            actor=actor,
            process_id=process.pk,
            data={"cadre": request.cadre_id, "conclusion": conclusion.pk, "result": conclusion.result},
        )
    return pending


class RequestActivation(ProcedureViewActivation):
    """The request step's deadline is its requests' due date (``political_protection_request_days``)."""

    @classmethod
    def create(cls, flow_task, prev_activation, token, data=None, seed=None):
        activation = super().create(flow_task, prev_activation, token, data=data, seed=seed)
        set_request_deadline(activation.process.coerced, activation.task)
        return activation


class RequestView(View):
    """The flow node of the request: a human step of internal political protection."""

    activation_class = RequestActivation


def answer_form_class(requests):
    """A form with one conclusion (result, issuer, number, date) per open request; ``answers(form)`` turns its
    cleaned data into what ``answer_requests`` takes."""
    from django import forms

    from apps.cadres.models import PoliticalConclusion

    fields = {}
    for request in requests:
        name = request.cadre.full_name
        fields[f"result_{request.pk}"] = forms.ChoiceField(
            label=_("{name}: conclusion").format(name=name),
            choices=PoliticalConclusion.Result.choices,
            widget=forms.RadioSelect,
        )
        fields[f"issuer_{request.pk}"] = forms.CharField(label=_("issued by"), max_length=200)
        fields[f"reference_{request.pk}"] = forms.CharField(label=_("document number"), max_length=100)
        fields[f"concluded_on_{request.pk}"] = forms.DateField(label=_("concluded on"))
    return type("PoliticalProtectionAnswerForm", (forms.Form,), fields)


def answers(form, requests):
    data = form.cleaned_data
    return {
        r.pk: {
            "result": data[f"result_{r.pk}"],
            "issuer": data[f"issuer_{r.pk}"],
            "reference": data[f"reference_{r.pk}"],
            "concluded_on": data[f"concluded_on_{r.pk}"],
        }
        for r in requests
    }


def ask_if_needed(process, candidates, *, actor):
    """For a verification service: ask for the conclusions its candidates lack (``missing_or_expired``); returns
    whether anything is now asked, i.e. whether verification must wait."""
    on = timezone.localdate()
    gaps = [
        (candidate.cadre, reason)
        for candidate in candidates
        if (reason := missing_or_expired(candidate.cadre, process.params, on))
    ]
    if gaps:
        request_conclusions(process, gaps, actor=actor)
    return bool(gaps)


@transaction.atomic
def answer_and_continue(*, process, task, answers, actor):
    """The request step's service: record the answers; the step is then complete (back to verification)."""
    answer_requests(process=process, answers=answers, actor=actor)
    return process


class AnswerForm:
    """The request step's form: one conclusion per open request of the procedure (``answer_form_class``)."""

    @staticmethod
    def build(step, process, actor, data=None, files=None, **kwargs):
        requests = list(open_requests(process))
        form = answer_form_class(requests)(data=data, files=files, **kwargs)
        form.requests = requests
        return form

    @staticmethod
    def payload(form):
        return {"answers": answers(form, form.requests)}


def request_step(code):
    """The step list's entry of a flow's request node (``RequestView``) named `code`."""
    from .runner import Step

    return Step(code, answer_and_continue, form_class=AnswerForm.build, payload=AnswerForm.payload)


class PoliticalProtectionView(StepFormView):
    """The request step's page: one conclusion per requested cadre; then verification runs again."""

    success_message = _("The conclusions were recorded; verification resumes.")

    @property
    def requests(self):
        if not hasattr(self, "_requests"):
            self._requests = list(open_requests(self.process))
        return self._requests

    def get_form_class(self):
        return answer_form_class(self.requests)

    def perform(self, form):
        self.run(answers=answers(form, self.requests))
