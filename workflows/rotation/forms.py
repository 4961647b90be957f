"""Forms of the rotation's steps. They only collect input; every rule is checked by ``services``."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.accounts import permissions
from apps.cadres.models import Cadre
from apps.decisions.forms import SignerChoiceField, setup_signer
from apps.organisation.models import Position
from workflows.planning.forms import DATE_FORMATS, DATE_INPUT, PositionField


class CadreChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.full_name} ({obj.code}) — {obj.current_unit.name}"


class ProposeForm(forms.Form):
    cadre = CadreChoiceField(label=_("Cadre"), queryset=Cadre.objects.none())
    position = PositionField(label=_("Post in the other unit"), queryset=Position.objects.none())
    starts_on = forms.DateField(label=_("Starts on"), widget=DATE_INPUT, input_formats=DATE_FORMATS)
    period_months = forms.IntegerField(label=_("Period (months)"), min_value=1, max_value=120, initial=36)
    reason = forms.CharField(
        label=_("Purpose of the rotation"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        cadres = Cadre.objects.filter(employment_status="active", tenures__ended_on__isnull=True).distinct()
        cadres = permissions.restrict(cadres.select_related("current_unit"), user, "review")
        self.fields["cadre"].queryset = cadres.order_by("full_name")
        posts = Position.objects.filter(is_active=True).select_related("unit")
        self.fields["position"].queryset = permissions.restrict(posts, user, "review").order_by(
            "unit__name", "title"
        )
        self.fields["starts_on"].initial = timezone.localdate()


class DecideForm(forms.Form):
    grounds = forms.CharField(
        label=_("Grounds of the decision (căn cứ), one per line"),
        widget=forms.Textarea(attrs={"rows": 4}),
        initial="Căn cứ Quy định số 65-QĐ/TW ngày 28/4/2022 của Bộ Chính trị về luân chuyển cán bộ;",
    )
    signer = SignerChoiceField()

    def __init__(self, *args, authority=None, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        setup_signer(self, authority=authority, user=user)


class ReturnForm(DecideForm):
    position = PositionField(label=_("Post the cadre returns to"), queryset=Position.objects.none())

    def __init__(self, *args, process=None, **kwargs):
        super().__init__(*args, **kwargs)
        posts = Position.objects.filter(is_active=True).select_related("unit")
        self.fields["position"].queryset = posts.order_by("unit__name", "title")
        if process is not None:
            self.fields["position"].initial = process.position_id
        self.fields[
            "grounds"
        ].initial = "Căn cứ Quy định số 65-QĐ/TW ngày 28/4/2022 của Bộ Chính trị về luân chuyển cán bộ;"
