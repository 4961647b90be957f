"""Forms of the nomination steps. They only collect input; every rule is checked by ``services``."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.accounts import permissions
from apps.cadres.forms import StandingChoiceField
from apps.cadres.models import Cadre
from apps.core.uploads import validate_upload
from apps.decisions.forms import SignForm as RegistrySignForm
from apps.organisation.models import Position

from .models import Body, NominationCandidate, ReviewDecision

DATE_INPUT = forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"})
DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


def _date(label, required=True):
    return forms.DateField(label=label, widget=DATE_INPUT, input_formats=DATE_FORMATS, required=required)


def _in_scope(queryset, user, actions):
    """Rows in the user's scope for any of `actions` (the board or the unit leader may propose)."""
    unit_ids = set()
    for action in actions:
        ids = permissions.scope_unit_ids(user, action)
        if ids is None:
            return queryset
        unit_ids |= ids
    lookup = getattr(queryset.model, "SCOPE_UNIT_LOOKUP", "unit")
    return queryset.filter(**{f"{lookup}__in": unit_ids})


class ProposalForm(forms.Form):
    position = forms.ModelChoiceField(label=_("Elected position"), queryset=Position.objects.none())
    body = forms.ChoiceField(label=_("Body to elect"), choices=Body.choices)
    election_name = forms.CharField(label=_("Election"), max_length=200)
    election_date = _date(_("Election date"))
    seats = forms.IntegerField(label=_("Seats to fill"), min_value=1, initial=1)
    structure = forms.CharField(
        label=_("Structure, standards and conditions"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    cadres = StandingChoiceField(label=_("Proposed candidates"), queryset=Cadre.objects.none())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        #: {cadre id: Standing} against the chosen position (procedures §3), once a position is chosen
        self.standings = {}
        actions = ("start_procedure", "review")
        positions = Position.objects.filter(is_active=True, is_elected=True).select_related("unit")
        self.fields["position"].queryset = _in_scope(positions, user, actions)
        cadres = Cadre.objects.filter(employment_status=Cadre.EmploymentStatus.ACTIVE).select_related(
            "current_unit"
        )
        cadres = permissions.restrict(cadres, user, "view")
        if getattr(user, "cadre_id", None):
            cadres = cadres.exclude(pk=user.cadre_id)
        self.fields["cadres"].queryset = cadres.order_by("full_name")
        self._add_standings()

    def _add_standings(self):
        """Each cadre's standing for the position chosen (the submitted one, or ``?position=`` on the page)."""
        from apps.cadres.eligibility import listing_standings
        from apps.rulesets.selectors import rule_set_for

        key = self.add_prefix("position")
        chosen = self.data.get(key) if self.is_bound else self.initial.get("position")
        try:
            position = self.fields["position"].queryset.get(pk=getattr(chosen, "pk", chosen))
        except (Position.DoesNotExist, ValueError, TypeError):
            return
        params = rule_set_for(unit=position.unit).resolve()
        standings = listing_standings(
            self.fields["cadres"].queryset, position, params, timezone.localdate(), purpose="nomination"
        )
        self.standings = {cadre.pk: standing for cadre, standing in standings.items()}
        self.fields["cadres"].standings = self.standings


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=[c for c in ReviewDecision.choices if c[0]], widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=_("Remarks (required to reject)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


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


class PrepareListForm(forms.Form):
    candidates = forms.ModelMultipleChoiceField(
        label=_("Candidates on the list"),
        queryset=NominationCandidate.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    effective_from = _date(_("Decisions effective from"))
    grounds = forms.CharField(label=_("Grounds (căn cứ)"), widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["candidates"].queryset = queryset
        self.fields["candidates"].label_from_instance = lambda c: c.cadre.full_name


class SignForm(RegistrySignForm):
    """The signer, from the registry (issue 9 §8), and the date."""


class ElectionForm(forms.Form):
    held_on = _date(_("Election held on"))
    ballots_valid = forms.IntegerField(label=_("Valid ballots"), min_value=0)


class ResultForm(forms.Form):
    """One nominated candidate's result. The candidate id is posted back and checked by the service."""

    candidate = forms.IntegerField(widget=forms.HiddenInput)
    elected = forms.BooleanField(label=_("Elected"), required=False)
    votes = forms.IntegerField(label=_("Votes"), min_value=0)


ResultFormSet = forms.formset_factory(ResultForm, extra=0)


class ConfirmResultForm(SignForm):
    effective_from = _date(_("Tenure starts on (empty: the issue date)"), required=False)
    grounds = forms.CharField(label=_("Grounds (căn cứ)"), widget=forms.Textarea(attrs={"rows": 4}))
