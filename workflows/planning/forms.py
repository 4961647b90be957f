"""Forms of the planning review's steps. They only collect input; every rule is checked by ``services``."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.accounts import permissions
from apps.cadres.models import Cadre
from apps.decisions.forms import SignerChoiceField, setup_signer
from apps.organisation.models import Position

DATE_INPUT = forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"})
DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


class PositionField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.title} — {obj.unit.name}"


class OpenReviewForm(forms.Form):
    position = PositionField(label=_("Post whose planning is reviewed"), queryset=Position.objects.none())
    term = forms.CharField(label=_("Term"), max_length=20, help_text=_("e.g. 2025-2030"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        qs = Position.objects.filter(is_active=True).select_related("unit")
        self.fields["position"].queryset = permissions.restrict(qs, user, "review").order_by(
            "unit__name", "title"
        )
        today = timezone.localdate()
        start = today.year - (today.year - 1) % 5  # 2021, 2026, ...: the five-year terms
        self.fields["term"].initial = f"{start}-{start + 5}"


class CadreField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.full_name} ({obj.code}) — {obj.current_unit.name}"


class ProposeForm(forms.Form):
    """One remove/reason pair per cadre in the planning (built from the review's lines), and the additions."""

    internal = CadreField(
        label=_("Add from the internal source"), queryset=Cadre.objects.none(), required=False
    )
    external = CadreField(
        label=_("Add from an external source"), queryset=Cadre.objects.none(), required=False
    )

    def __init__(self, *args, lines=(), process=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.lines = [line for line in lines if line.kind == "current"]
        for line in self.lines:
            self.fields[f"remove_{line.pk}"] = forms.BooleanField(
                label=_("Remove {name}").format(name=line.cadre.full_name),
                required=False,
                initial=line.proposal == "remove",
            )
            self.fields[f"reason_{line.pk}"] = forms.CharField(
                label=_("Reason for removing {name}").format(name=line.cadre.full_name),
                required=False,
                max_length=300,
                initial=line.reason or ", ".join(str(REASON_LABELS.get(r, r)) for r in line.auto_reasons),
            )
        in_review = [line.cadre_id for line in lines]
        active = Cadre.objects.filter(employment_status="active").exclude(pk__in=in_review)
        active = active.select_related("current_unit").order_by("full_name")
        unit = process.unit if process is not None else None
        if unit is not None:
            self.fields["internal"].queryset = active.filter(current_unit__path__startswith=unit.path)
            self.fields["external"].queryset = active.exclude(current_unit__path__startswith=unit.path)
        else:
            self.fields["internal"].queryset = active
            self.fields["external"].queryset = active

    def removals(self):
        data = self.cleaned_data
        return {
            line.pk: data.get(f"reason_{line.pk}", "") for line in self.lines if data.get(f"remove_{line.pk}")
        }

    def additions(self):
        data = self.cleaned_data
        return [(c, "internal") for c in data.get("internal") or ()] + [
            (c, "external") for c in data.get("external") or ()
        ]


class DecideForm(forms.Form):
    grounds = forms.CharField(
        label=_("Grounds of the planning decisions (căn cứ), one per line"),
        widget=forms.Textarea(attrs={"rows": 4}),
        initial="Căn cứ Quy định số 377-QĐ/TW ngày 08/10/2025 của Bộ Chính trị;",
    )
    effective_from = forms.DateField(
        label=_("In effect from"), widget=DATE_INPUT, input_formats=DATE_FORMATS, required=False
    )
    signer = SignerChoiceField()

    def __init__(self, *args, authority=None, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        setup_signer(self, authority=authority, user=user)
        self.fields["effective_from"].initial = timezone.localdate()


from .rules import DISCIPLINED, OVER_AGE, POLITICAL_STANDARD  # noqa: E402

REASON_LABELS = {
    OVER_AGE: _("over age for the planned post"),
    DISCIPLINED: _("disciplined (from reprimand upward)"),
    POLITICAL_STANDARD: _("concluded as not meeting the political standard"),
}
