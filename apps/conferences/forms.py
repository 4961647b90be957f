"""The conference form and the tally formset a recorder fills from the vote-count minutes.

The forms only collect and type the numbers; ``services.record_conference`` checks every rule. Used as::

    form = ConferenceForm(request.POST, request.FILES, **conference_form_kwargs(spec, params))
    formset = tally_formset(spec, cadres, data=request.POST)
    if form.is_valid() and formset.is_valid():
        data, tallies, minutes, count_minutes = conference_input(form, formset)
        record_conference(..., tallies=tallies, minutes=minutes, count_minutes=count_minutes, **data)

or, in one call that puts a refused rule next to its field, ``form.record(formset, process=…, …)``.
"""

from django import forms
from django.conf import settings
from django.forms import BaseFormSet, formset_factory
from django.utils.translation import gettext_lazy as _

from apps.core.rules import RuleViolation
from apps.core.uploads import validate_upload

from .models import Conference

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]

#: rule code → the field that shows it (others are shown above the form)
ERROR_FIELDS = {
    "attendance_exceeds_convened": "present",
    "quorum": "present",
    "issued_exceeds_present": "ballots_issued",
    "returned_exceeds_issued": "ballots_returned",
    "valid_exceeds_present": "ballots_valid",
    "valid_exceeds_returned": "ballots_valid",
    "valid_exceeds_members": "collective_members",
    "collective_members_required": "collective_members",
    "list_votes_required": "list_votes_for",
    "no_one_convened": "convened",
    "held_in_future": "held_on",
    "held_on_required": "held_on",
    "head_decision_required": "head_decision",
    "head_decision_not_allowed": "head_decision",
    "bad_head_decision": "head_decision",
    "dissent_required": "dissent",
    "head_choice_required": "head_choice",
    "head_choice_not_tied": "head_choice",
    "head_choice_not_allowed": "head_choice",
    "head_choice_incomplete": "head_choice",
    "too_many_winners": "head_choice",
    "collective_not_recorded": "collective_members",
    "collective_size_differs": "size_reason",
    "held_before_start": "held_on",
    "held_before_previous_step": "held_on",
    "minutes_required": "minutes",
    "count_minutes_required": "count_minutes",
}


def _count(label, required=True, minimum=0):
    return forms.IntegerField(label=label, min_value=minimum, required=required)


class ConferenceForm(forms.Form):
    """Counts, date, documents and — where the step lets the head decide a tie — the head's decision and the
    dissenting opinions. Fields that do not apply to the step are left out."""

    held_on = forms.DateField(label=_("Held on"), input_formats=DATE_FORMATS)
    convened = _count(_("Members convened"), minimum=1)
    present = _count(_("Members present"))
    ballots_issued = _count(_("Ballots issued"))
    ballots_returned = _count(_("Ballots returned"))
    ballots_valid = _count(_("Valid ballots"))
    collective_members = _count(_("Members of the collective"), minimum=1)
    list_votes_for = _count(_("Votes for the list of candidates"))
    head_decision = forms.ChoiceField(
        label=_("Head's decision at a tied vote"),
        choices=[("", "—"), *Conference.HeadDecision.choices],
        required=False,
    )
    dissent = forms.CharField(
        label=_("Dissenting opinions"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Required when the vote is tied and the head decides."),
    )
    head_choice = forms.MultipleChoiceField(
        label=_("Head's choice at equal votes for the last seat"),
        choices=[],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Only when candidates have equal votes for the last seat(s): tick those the head of the collective "
            "chooses, one per remaining seat, and record the dissenting opinions."
        ),
    )
    size_reason = forms.CharField(
        label=_("Reason for a figure other than the registry's"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_(
            "Only when the members convened or the members of the collective differ from the collective's "
            "membership in the registry on the conference date."
        ),
    )
    minutes = forms.FileField(label=_("Minutes of the conference"), validators=[validate_upload])
    count_minutes = forms.FileField(label=_("Vote-count minutes"), validators=[validate_upload])

    def __init__(self, *args, spec, params=None, candidates=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.spec = spec
        if (
            candidates is not None
            and getattr(spec, "final", False)
            and params is not None
            and spec.head_decides(params)
        ):
            self.fields["head_choice"].choices = [
                (c.pk, getattr(c, "full_name", None) or str(c)) for c in candidates
            ]
        else:
            del self.fields["head_choice"]
        if spec.denominator != "collective_members":
            del self.fields["collective_members"]
        if getattr(spec, "collective", ""):
            # issue 9 point 10: the figures come from the collective's membership in the registry on the date
            registry_help = _(
                "Leave empty: the collective's membership in the registry on the conference date."
            )
            for name in ("convened", "collective_members"):
                if name in self.fields:
                    self.fields[name].required = False
                    self.fields[name].help_text = registry_help
        else:
            del self.fields["size_reason"]
        if not spec.list_approval:
            del self.fields["list_votes_for"]
        if params is not None and not spec.head_decides(params):
            del self.fields["head_decision"]
            del self.fields["dissent"]

    def _clean_upload(self, name):
        upload = self.cleaned_data.get(name)
        if upload and upload.size > settings.MAX_ATTACHMENT_BYTES:
            raise forms.ValidationError(
                _("The file is larger than {limit} bytes.").format(limit=settings.MAX_ATTACHMENT_BYTES)
            )
        return upload

    def clean_minutes(self):
        return self._clean_upload("minutes")

    def clean_count_minutes(self):
        return self._clean_upload("count_minutes")

    def add_rule_violation(self, exc):
        """Show a refused rule next to the field it concerns (above the form otherwise)."""
        field = ERROR_FIELDS.get(getattr(exc, "rule_code", None))
        self.add_error(field if field in self.fields else None, exc)

    def record(self, formset, **context):
        """Call ``record_conference`` with the form's values and `context` (process, unit, spec, params, rule_set,
        candidates, seats, actor). Returns the conference, or ``None`` with the refusal shown on the form."""
        from .services import record_conference

        data, tallies, minutes, count_minutes = conference_input(self, formset)
        try:
            return record_conference(
                tallies=tallies, minutes=minutes, count_minutes=count_minutes, **data, **context
            )
        except RuleViolation as exc:
            self.add_rule_violation(exc)
            return None


def conference_form_kwargs(spec, params, candidates=None):
    """The keyword arguments ``ConferenceForm`` needs for a step (`candidates`: the cadres the head may choose
    among at a final vote)."""
    return {"spec": spec, "params": params, "candidates": candidates}


class TallyForm(forms.Form):
    """One candidate's tally. Only the numbers of the vote-count minutes: never a voter's choice (R9)."""

    cadre = forms.IntegerField(widget=forms.HiddenInput)
    votes_for = forms.IntegerField(label=_("Votes for"), min_value=0)
    votes_against = forms.IntegerField(label=_("Votes against"), min_value=0)

    def __init__(self, *args, ballot_kind="nomination", candidate=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.candidate = candidate
        if ballot_kind != "confidence":
            del self.fields["votes_against"]
        name = getattr(candidate, "full_name", None) or str(candidate or "")
        if name:
            label = _("Agree: {name}") if ballot_kind == "confidence" else _("Votes for {name}")
            self.fields["votes_for"].label = str(label).format(name=name)
            if "votes_against" in self.fields:
                self.fields["votes_against"].label = str(_("Disagree: {name}")).format(name=name)


class BaseTallyFormSet(BaseFormSet):
    """One row per candidate, in the candidates' order; a list-approval step has no rows. The rows are the
    candidates given by the caller, whatever the posted management form claims, and a row whose hidden cadre id
    was changed is refused."""

    def __init__(self, data=None, *, spec, candidates, prefix="tally", **kwargs):
        self.spec = spec
        self.candidates = [] if spec.list_approval else list(candidates)
        super().__init__(data, prefix=prefix, initial=[{"cadre": c.pk} for c in self.candidates], **kwargs)

    def total_form_count(self):
        return len(self.candidates)

    def initial_form_count(self):
        return len(self.candidates)

    def get_form_kwargs(self, index):
        kwargs = super().get_form_kwargs(index)
        kwargs["ballot_kind"] = self.spec.ballot_kind
        if index is not None and index < len(self.candidates):
            kwargs["candidate"] = self.candidates[index]
        return kwargs

    def clean(self):
        if any(self.errors):
            return
        posted = [form.cleaned_data.get("cadre") for form in self.forms]
        if posted != [c.pk for c in self.candidates]:
            raise forms.ValidationError(
                _("The list of candidates changed; reload the page."), code="tampered"
            )

    def tallies(self):
        """{cadre id: votes for} or, on a confidence ballot, {cadre id: (for, against)}."""
        out = {}
        for form in self.forms:
            data = form.cleaned_data
            if self.spec.ballot_kind == "confidence":
                out[data["cadre"]] = (data["votes_for"], data["votes_against"])
            else:
                out[data["cadre"]] = data["votes_for"]
        return out


TallyFormSet = formset_factory(TallyForm, formset=BaseTallyFormSet, extra=0)


def tally_formset(spec, candidates, data=None, prefix="tally"):
    """The tally formset of a step for these candidates (cadres)."""
    return TallyFormSet(data, spec=spec, candidates=candidates, prefix=prefix)


def conference_input(form, formset):
    """From a valid form and formset: (keyword arguments of ``record_conference`` other than the documents and
    the tallies, the tallies, the minutes, the vote-count minutes)."""
    cleaned = form.cleaned_data
    data = {
        key: cleaned.get(key)
        for key in ("held_on", "convened", "present", "ballots_issued", "ballots_returned", "ballots_valid")
    }
    for key in ("collective_members", "list_votes_for"):
        if key in form.fields:
            data[key] = cleaned.get(key)
    if "size_reason" in form.fields:
        data["size_reason"] = cleaned.get("size_reason") or ""
    data["head_decision"] = cleaned.get("head_decision") or None
    data["dissent"] = cleaned.get("dissent") or ""
    if "head_choice" in form.fields:
        data["head_choice"] = [int(pk) for pk in cleaned.get("head_choice") or ()]
    return data, formset.tallies(), cleaned.get("minutes"), cleaned.get("count_minutes")
