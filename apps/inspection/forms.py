"""Forms: filing a report (public and Front), handling it (inspection), filtering the audit log."""

import secrets
import time

from django import forms
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from apps.accounts.security import spend_form_token
from apps.audit.labels import label_of
from apps.audit.models import ViolationReport
from apps.cadres.models import Cadre
from apps.core.uploads import MultipleFileField
from apps.organisation.models import OrgUnit

from . import rules

_TOKEN_SALT = "apps.audit.report-form"
TOKEN_MAX_AGE = 6 * 3600  # a form left open longer than this must be reloaded


def issue_form_token(now=None):
    """A signed "this form was shown at" stamp, unique (a random nonce) and good for one submission: submissions
    faster than a person can type, and a second one with the same stamp, are refused."""
    return signing.dumps(
        {"t": now if now is not None else time.time(), "n": secrets.token_urlsafe(12)}, salt=_TOKEN_SALT
    )


def form_token_age(token):
    """Seconds since the token was issued, or ``None`` if it is forged or unreadable."""
    try:
        issued = float(signing.loads(token, salt=_TOKEN_SALT)["t"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    return time.time() - issued


class ReportForm(forms.Form):
    """What a citizen fills in. Reporter identity is optional: an anonymous report is accepted, but without a
    contact the commission cannot ask for more."""

    kind = forms.ChoiceField(label=_("Kind"), choices=ViolationReport.Kind.choices)
    category = forms.ChoiceField(label=_("What kind of violation"), choices=ViolationReport.Category.choices)
    subject_text = forms.CharField(
        label=_("Who or what is it about"),
        max_length=300,
        help_text=_("Name, position and unit of the person concerned, as far as you know them."),
    )
    unit = forms.ModelChoiceField(
        label=_("Unit concerned (if known)"), queryset=OrgUnit.objects.none(), required=False
    )
    description = forms.CharField(
        label=_("What happened"),
        widget=forms.Textarea(attrs={"rows": 8}),
        min_length=rules.DESCRIPTION_MIN_CHARS,
        max_length=rules.DESCRIPTION_MAX_CHARS,
    )
    reporter_name = forms.CharField(label=_("Your name (optional)"), max_length=120, required=False)
    reporter_contact = forms.CharField(
        label=_("How to reach you (optional)"),
        max_length=200,
        required=False,
        help_text=_("Telephone or e-mail. Only the inspection commission sees your name and contact."),
    )
    attachments = MultipleFileField(label=_("Evidence (PDF, JPEG, PNG or Word files)"))
    # abuse protection: a field people never see (bots fill it) and a signed "shown at" stamp
    website = forms.CharField(
        required=False, widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"})
    )
    form_token = forms.CharField(widget=forms.HiddenInput)

    channel = ViolationReport.Channel.CITIZEN

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = OrgUnit.objects.filter(is_active=True).order_by("path")
        self.fields["attachments"].help_text = _("At most {count} files of {size} each.").format(
            count=settings.REPORT_MAX_ATTACHMENTS, size=filesizeformat(settings.MAX_ATTACHMENT_BYTES)
        )
        if not self.is_bound:
            self.initial["form_token"] = issue_form_token()

    def clean_website(self):
        if self.cleaned_data.get("website"):
            raise ValidationError(_("This form could not be accepted."), code="honeypot")
        return ""

    def clean_form_token(self):
        age = form_token_age(self.cleaned_data.get("form_token", ""))
        if age is None or age > TOKEN_MAX_AGE:
            raise ValidationError(
                _("This form has expired: reload the page and fill it in again."), code="expired"
            )
        if age < settings.REPORT_MIN_FILL_SECONDS:
            raise ValidationError(_("This form was sent too quickly. Please try again."), code="too_fast")
        if not spend_form_token("report-form", self.cleaned_data["form_token"], TOKEN_MAX_AGE):
            # one report per form shown: a replayed token is a script, not a person
            raise ValidationError(
                _("This form has already been sent: reload the page to file another report."), code="replayed"
            )
        return self.cleaned_data["form_token"]

    def clean_description(self):
        text = self.cleaned_data["description"]
        rules.require_description_length(text)
        return text

    def clean_attachments(self):
        files = self.cleaned_data.get("attachments") or []
        rules.check_attachments(files)
        return files

    def service_kwargs(self):
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "category": data["category"],
            "subject_text": data["subject_text"],
            "unit": data.get("unit"),
            "description": data["description"],
            "channel": self.channel,
            "reporter_name": data.get("reporter_name", ""),
            "reporter_contact": data.get("reporter_contact", ""),
            "organisation_name": data.get("organisation_name", ""),
            "attachments": data.get("attachments") or [],
        }


class OrganisationReportForm(ReportForm):
    """The Fatherland Front's or a socio-political organisation's report, filed from its account."""

    channel_choice = forms.ChoiceField(
        label=_("Filed by"),
        choices=[
            (ViolationReport.Channel.FRONT, ViolationReport.Channel.FRONT.label),
            (ViolationReport.Channel.ORGANISATION, ViolationReport.Channel.ORGANISATION.label),
        ],
    )
    organisation_name = forms.CharField(label=_("Organisation"), max_length=200)

    field_order = ["channel_choice", "organisation_name"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reporter_name"].label = _("Contact person")
        self.fields["reporter_contact"].label = _("Contact telephone or e-mail")
        if user is not None and not self.is_bound:
            self.initial.setdefault("reporter_name", user.get_full_name())
            self.initial.setdefault("reporter_contact", user.email)

    @property
    def channel(self):
        return self.cleaned_data["channel_choice"]


class TrackingCodeForm(forms.Form):
    code = forms.CharField(label=_("Tracking code"), max_length=40)


# --- inspection -------------------------------------------------------------------------------------------


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(label=_("Action"), required=False)
    actor = forms.CharField(label=_("Who"), required=False, max_length=200)
    obj = forms.CharField(label=_("Object"), required=False, max_length=300)
    date_from = forms.DateField(label=_("From"), required=False)
    date_to = forms.DateField(label=_("To"), required=False)

    def __init__(self, *args, actions=(), **kwargs):
        super().__init__(*args, **kwargs)
        named = sorted(((a, label_of(a)) for a in actions), key=lambda choice: choice[1])
        self.fields["action"].choices = [("", _("All actions"))] + named

    def filters(self):
        if not self.is_valid():
            return {}
        return {key: value for key, value in self.cleaned_data.items() if value}


class ReportFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All")), ("open", _("Open"))] + list(ViolationReport.Status.choices),
    )
    category = forms.ChoiceField(
        label=_("Category"), required=False, choices=[("", _("All"))] + list(ViolationReport.Category.choices)
    )
    query = forms.CharField(label=_("Code or person"), required=False, max_length=100)

    def filters(self):
        if not self.is_valid():
            return {}
        return {key: value for key, value in self.cleaned_data.items() if value}


class TriageForm(forms.Form):
    category = forms.ChoiceField(label=_("Category"), choices=ViolationReport.Category.choices)
    cadre_code = forms.CharField(
        label=_("Cadre concerned (cadre code)"),
        required=False,
        max_length=20,
        help_text=_("Links the report to the cadre: an open report pauses their procedures."),
    )
    unit = forms.ModelChoiceField(label=_("Unit concerned"), queryset=OrgUnit.objects.none(), required=False)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = OrgUnit.objects.filter(is_active=True).order_by("path")

    def clean_cadre_code(self):
        code = self.cleaned_data.get("cadre_code", "").strip()
        if not code:
            return None
        cadre = Cadre.objects.filter(code=code).first()
        if cadre is None:
            raise ValidationError(_("No cadre has this code."), code="unknown_cadre")
        return cadre


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Answer to the reporter"), widget=forms.Textarea(attrs={"rows": 6}))


class TimelineSearchForm(forms.Form):
    """The search of the timelines page (GET): what to look for, and optionally open a procedure by its number."""

    q = forms.CharField(
        label=_("Procedure number, cadre code or name, decision number, username"), max_length=200
    )
    kind = forms.ChoiceField(
        label=_("Open directly"),
        required=False,
        choices=[("", _("Search")), ("procedure", _("Procedure number"))],
    )
