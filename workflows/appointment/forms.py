"""Forms of the appointment steps. They only collect input; every rule is checked by ``services``."""

from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.accounts import permissions
from apps.cadres.forms import StandingChoiceField
from apps.cadres.models import Cadre
from apps.core.uploads import validate_upload
from apps.decisions.forms import SignForm
from apps.organisation.models import Position

from .models import AppointmentCandidate, PolicyDecision, Source

DATE_INPUT = forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"})
DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


class ProposalForm(forms.Form):
    position = forms.ModelChoiceField(label=_("Position"), queryset=Position.objects.none())
    seats = forms.IntegerField(label=_("Seats to fill"), min_value=1, initial=1)
    source = forms.ChoiceField(label=_("Expected source"), choices=Source.choices, initial=Source.INTERNAL)
    job_needs = forms.CharField(label=_("Needs of the job"), widget=forms.Textarea(attrs={"rows": 3}))
    criteria = forms.CharField(label=_("Standards and criteria"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        positions = Position.objects.filter(is_active=True).select_related("unit")
        self.fields["position"].queryset = permissions.restrict(positions, user, "start_procedure")


class PolicyReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=[c for c in PolicyDecision.choices if c[0]], widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=_("Remarks (required to return or reject)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReviseForm(forms.Form):
    seats = forms.IntegerField(label=_("Seats to fill"), min_value=1)
    job_needs = forms.CharField(label=_("Needs of the job"), widget=forms.Textarea(attrs={"rows": 3}))
    criteria = forms.CharField(label=_("Standards and criteria"), widget=forms.Textarea(attrs={"rows": 3}))
    note = forms.CharField(
        label=_("What was changed"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class NominateForm(forms.Form):
    cadres = StandingChoiceField(label=_("Candidates"), queryset=Cadre.objects.none())

    def __init__(self, *args, process, user, **kwargs):
        from .services import listing_standings

        super().__init__(*args, **kwargs)
        qs = Cadre.objects.filter(employment_status=Cadre.EmploymentStatus.ACTIVE).select_related(
            "current_unit"
        )
        if process.source == Source.INTERNAL:
            # the internal source: cadres of the unit (and its sub-units) whose seat is filled
            qs = qs.filter(current_unit__path__startswith=process.unit.path)
        if getattr(user, "cadre_id", None):
            qs = qs.exclude(pk=user.cadre_id)
        qs = qs.order_by("full_name")
        self.fields["cadres"].queryset = qs
        #: {cadre id: Standing} — each listed cadre's standing under the procedure's rule set (procedures §3)
        self.standings = {cadre.pk: standing for cadre, standing in listing_standings(process, qs).items()}
        self.fields["cadres"].standings = self.standings


class CandidateDocumentsForm(forms.Form):
    candidate = forms.IntegerField(widget=forms.HiddenInput)
    years = forms.IntegerField(
        label=_("Years covered by the self-assessment"), min_value=0, max_value=10, initial=3
    )
    self_assessment = forms.FileField(
        label=_("Self-assessment"), required=False, validators=[validate_upload]
    )
    evaluation = forms.FileField(
        label=_("Collective evaluation"), required=False, validators=[validate_upload]
    )


CandidateDocumentsFormSet = forms.formset_factory(CandidateDocumentsForm, extra=0)


class VerificationConfirmForm(forms.Form):
    confirm = forms.BooleanField(label=_("I have verified the candidates' dossiers"), required=True)


class DraftDecisionForm(forms.Form):
    """One winner of the final vote: draft their decision (the default), or drop them with the reason."""

    DRAFT, DROP = "draft", "drop"

    action = forms.ChoiceField(
        label=_("Action"),
        choices=[(DRAFT, _("Draft the decision")), (DROP, _("Drop this winner (no decision)"))],
        initial=DRAFT,
        required=False,
        widget=forms.RadioSelect,
    )
    candidate = forms.ModelChoiceField(label=_("Winner"), queryset=AppointmentCandidate.objects.none())
    effective_from = forms.DateField(
        label=_("Effective from"), widget=DATE_INPUT, input_formats=DATE_FORMATS, required=False
    )
    term_end = forms.DateField(
        label=_("Term ends"), widget=DATE_INPUT, input_formats=DATE_FORMATS, required=False
    )
    grounds = forms.CharField(
        label=_("Grounds (căn cứ)"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    concurrent = forms.BooleanField(
        label=_("Held concurrently (kiêm nhiệm): the cadre keeps their current post(s)"),
        help_text=_(
            "Leave unticked to end the cadre's current post(s) the day before the appointment takes effect."
        ),
        required=False,
    )
    drop_reason = forms.CharField(
        label=_("Reason for dropping the winner"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args, process, **kwargs):
        super().__init__(*args, **kwargs)
        self.process = process
        self.fields["candidate"].queryset = process.candidates.filter(
            status__in=AppointmentCandidate.ACTIVE_STATUSES
        ).select_related("cadre")
        self.fields["candidate"].label_from_instance = lambda c: str(c.cadre)

    def clean(self):
        data = super().clean()
        data["action"] = data.get("action") or self.DRAFT
        if data["action"] == self.DROP:
            return data
        for name in ("effective_from", "grounds"):
            if not data.get(name) and name not in self.errors:
                self.add_error(name, forms.ValidationError(_("This field is required."), code="required"))
        start, end = data.get("effective_from"), data.get("term_end")
        if start and not end and self.process.position_id:
            years = self.process.position.term_years
            try:
                data["term_end"] = start.replace(year=start.year + years)
            except ValueError:  # 29 February
                data["term_end"] = date(start.year + years, 2, 28)
        return data


class SignDecisionForm(SignForm):
    """The signer, from the registry (issue 9 §8), and the date."""
