"""Forms of the reappointment steps. They only collect and type the input; every rule is checked by ``services``."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.uploads import validate_upload
from apps.decisions.forms import SignForm

from .models import Choice, Conclusion, Path

DATE_INPUT = forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"})
DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
YES_NO = [("yes", _("Yes")), ("no", _("No"))]


def _date(label, **kwargs):
    return forms.DateField(label=label, widget=DATE_INPUT, input_formats=DATE_FORMATS, **kwargs)


def _yes_no(label):
    return forms.TypedChoiceField(
        label=label, choices=YES_NO, coerce=lambda value: value == "yes", widget=forms.RadioSelect
    )


def _text(label, required=False, rows=3):
    return forms.CharField(label=label, required=required, widget=forms.Textarea(attrs={"rows": rows}))


def tenure_label(tenure):
    return _("{cadre} — {position}, {unit} (term ends {end})").format(
        cadre=tenure.cadre.full_name,
        position=tenure.position.title,
        unit=tenure.position.unit.name,
        end=tenure.term_end.strftime("%d/%m/%Y"),
    )


class OpenForm(forms.Form):
    tenure = forms.ModelChoiceField(label=_("Term to reappoint"), queryset=None)

    def __init__(self, *args, user, **kwargs):
        from .selectors import openable_tenures

        super().__init__(*args, **kwargs)
        self.fields["tenure"].queryset = openable_tenures(user, timezone.localdate())
        self.fields["tenure"].label_from_instance = tenure_label


class NoticeForm(forms.Form):
    sent_on = _date(_("Notice sent on"), initial=timezone.localdate)
    reference = forms.CharField(label=_("Notice reference (number)"), max_length=200, required=False)
    text = _text(_("Notice"))


class SelfAssessmentForm(forms.Form):
    report = forms.FileField(
        label=_("Self-assessment report (file)"), required=False, validators=[validate_upload]
    )
    text = _text(_("Self-assessment report (written)"), rows=6)
    years = forms.IntegerField(label=_("Years covered by the report"), min_value=0, max_value=10)
    health_statement = _text(_("Health statement"))


class VerificationForm(forms.Form):
    health_ok = _yes_no(_("Health sufficient for the duties"))
    conclusion = forms.ChoiceField(
        label=_("Conclusion"), choices=Conclusion.choices, widget=forms.RadioSelect
    )
    remarks = _text(_("Remarks (required when the conditions are not met)"))
    evaluation = forms.FileField(
        label=_("Collective evaluation"),
        required=False,
        validators=[validate_upload],
        help_text=_(
            "Required unless already handed in: the evaluation by the collective of the last 3 years."
        ),
    )

    def __init__(self, *args, process, **kwargs):
        super().__init__(*args, **kwargs)
        if process.path == Path.EXTENSION:
            self.fields["prestige_ok"] = _yes_no(_("Prestige retained (the collective's finding)"))
            self.fields["task_fit_ok"] = _yes_no(_("Fit for the tasks (the collective's finding)"))


class DecideForm(forms.Form):
    choice = forms.ChoiceField(label=_("Decision"), choices=(), widget=forms.RadioSelect)
    reasons = _text(_("Reasons (required not to reappoint)"))

    def __init__(self, *args, process, **kwargs):
        super().__init__(*args, **kwargs)
        offered = Choice.EXTEND if process.path == Path.EXTENSION else Choice.REAPPOINT
        self.fields["choice"].choices = [(c.value, c.label) for c in (offered, Choice.NOT_REAPPOINT)]


class DraftDecisionForm(forms.Form):
    effective_from = _date(_("Effective from"))
    grounds = _text(_("Grounds (căn cứ)"), required=True, rows=4)


class SignDecisionForm(SignForm):
    """The signer, from the registry (issue 9 §8), and the date."""
