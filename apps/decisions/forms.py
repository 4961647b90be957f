"""The signer fields every sign step shares (issue 9 §8): the signer is chosen among the office holders of the
issuing authority (the signing user's own cadre record by default); their title is read from the registry when
the decision is signed, never typed."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.cadres.models import Cadre

from .signers import signer_tenure, signers_for

DATE_INPUT = forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"})
DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


class SignerChoiceField(forms.ModelChoiceField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Signer"))
        kwargs.setdefault(
            "help_text",
            _("An office holder of the issuing authority; their title is taken from the registry."),
        )
        super().__init__(queryset=Cadre.objects.none(), **kwargs)

    def label_from_instance(self, cadre):
        return f"{cadre.full_name} — {getattr(cadre, 'signer_title', '')}".rstrip(" —")


def setup_signer(form, *, authority, user, on=None, field="signer"):
    """Offer the authority's office holders on `on` (today by default) — and any cadre, checked at signing against
    the date actually given — with the user's own record first."""
    on = on or timezone.localdate()
    holders = list(signers_for(authority, on)) if authority is not None else []
    for cadre in holders:
        tenure = signer_tenure(cadre, authority, on)
        cadre.signer_title = tenure.position.title if tenure else ""
    own = getattr(user, "cadre", None)
    choices = form.fields[field]
    choices.queryset = Cadre.objects.filter(pk__in=[c.pk for c in holders] + ([own.pk] if own else []))
    choices.choices = [("", "---------")] + [(c.pk, choices.label_from_instance(c)) for c in holders]
    if own is not None and own.pk not in {c.pk for c in holders}:
        choices.choices.append((own.pk, own.full_name))
    if own is not None:
        choices.initial = own.pk


class SignForm(forms.Form):
    """The signer and the date of signing."""

    signer = SignerChoiceField()
    issued_on = forms.DateField(label=_("Issued on"), widget=DATE_INPUT, input_formats=DATE_FORMATS)

    def __init__(self, *args, authority=None, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        setup_signer(self, authority=authority, user=user)
