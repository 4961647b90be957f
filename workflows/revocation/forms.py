"""Forms of the revocation steps. They only collect input; every rule is checked by ``services``."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.accounts import permissions
from apps.audit.forms import MultipleFileField
from apps.core.uploads import validate_upload
from apps.decisions.forms import SignerChoiceField, setup_signer
from apps.decisions.models import Decision

from .models import Ruling

DATE_INPUT = forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"})
DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


def revocable_decisions(user):
    """Signed decisions (not revocations) in the user's ``open_revocation`` scope; the service checks again."""
    qs = Decision.objects.filter(status=Decision.Status.SIGNED).exclude(kind=Decision.Kind.REVOCATION)
    return permissions.restrict(qs, user, "open_revocation").order_by("-issued_on", "-sequence", "-pk")


class DecisionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        # only columns copied onto the decision: no query per option
        return f"{obj.number} — {obj.cadre_name}, {obj.position_title} ({obj.unit_name})"


class OpenCaseForm(forms.Form):
    decision = DecisionChoiceField(label=_("Decision under review"), queryset=Decision.objects.none())
    grounds = forms.CharField(
        label=_("Grounds"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text=_("What is wrong with the decision, and on which regulation or report the case rests."),
    )
    evidence = MultipleFileField(label=_("Evidence (PDF, Word or image files)"), validators=[validate_upload])
    report = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["decision"].queryset = revocable_decisions(user)


class InvestigateForm(forms.Form):
    findings = forms.CharField(label=_("Findings"), widget=forms.Textarea(attrs={"rows": 6}), required=False)
    evidence = MultipleFileField(
        label=_("Evidence gathered (PDF, Word or image files)"), validators=[validate_upload]
    )


class PersonForm(forms.Form):
    person = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(
        label=_("Finding about this person"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    discipline = forms.BooleanField(label=_("Recommend a disciplinary review"), required=False)


PersonFormSet = forms.formset_factory(PersonForm, extra=0)


class DecideForm(forms.Form):
    ruling = forms.ChoiceField(
        label=_("Ruling"), choices=[c for c in Ruling.choices if c[0]], widget=forms.RadioSelect
    )
    reason = forms.CharField(label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    grounds = forms.CharField(
        label=_("Grounds of the revocation decision (căn cứ), one per line"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    revoked_on = forms.DateField(
        label=_("Revoked with effect from"),
        help_text=_(
            "From this date: the tenure an appointment opened ends, and the post(s) it ended are held again and "
            "the planning it fulfilled is open again; an extension's term end goes back to the "
            "original one (the tenure ends on this date if that term is already over); a non-reappointment's "
            "tenure is held again until its term end."
        ),
        widget=DATE_INPUT,
        input_formats=DATE_FORMATS,
        required=False,
    )
    issued_on = forms.DateField(
        label=_("Revocation decision issued on"),
        widget=DATE_INPUT,
        input_formats=DATE_FORMATS,
        required=False,
    )
    signer = SignerChoiceField(required=False)

    def __init__(self, *args, authority=None, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        setup_signer(self, authority=authority, user=user)
        today = timezone.localdate()
        self.fields["revoked_on"].initial = today
        self.fields["issued_on"].initial = today

    def clean(self):
        data = super().clean()
        if data.get("ruling") == Ruling.REVOKE and not data.get("signer") and "signer" not in self.errors:
            self.add_error(
                "signer",
                forms.ValidationError(_("The revocation decision needs its signer."), code="required"),
            )
        return data


class LinkCaseForm(forms.Form):
    """On a violation report's page: join the report to an open revocation case by its number."""

    case = forms.IntegerField(label=_("Revocation case number"), min_value=1)
