"""Registry forms for cadres and what is recorded about them, and the cadre list filter.

The forms only collect and shape input; the services in ``apps.cadres.services`` apply the rules and write.
Every choice of unit or position is limited to where the user may edit the registry. Dates are typed as
dd/mm/yyyy (``config/formats/vi``).
"""

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import construct_instance
from django.utils.translation import gettext_lazy as _

from apps.accounts.permissions import restrict
from apps.organisation.forms import filter_unit_and_sub_units
from apps.organisation.models import OrgUnit, Position
from apps.organisation.selectors import units_for
from apps.places.locality import match
from apps.places.models import Place

from . import selectors
from .models import Achievement, Cadre, Discipline, Evaluation, Gender, PoliticalConclusion, Tenure
from .services import CADRE_FIELDS


class CadreForm(forms.ModelForm):
    class Meta:
        model = Cadre
        fields = CADRE_FIELDS

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["current_unit"].queryset = units_for(user, "edit_registry").filter(is_active=True)
        # R7: the home town is picked as a place; the typed names stay for old records and are matched to one
        home = self.fields["home_place"]
        home.queryset = Place.objects.select_related("parent").order_by("level", "valid_to", "name")
        home.label_from_instance = lambda place: place.label
        self.fields["home_province"].required = False

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("home_place") is None:
            province, local = cleaned.get("home_province", ""), cleaned.get("home_commune", "")
            if not province:
                self.add_error("home_place", _("Pick the cadre's home town."))
            else:
                cleaned["home_place"] = match(Place.objects.all(), province, local)
        return cleaned


class _CadreRecordForm(forms.ModelForm):
    """A record about one cadre; the view passes ``instance=Model(cadre=cadre)``.

    The registry rules run once, in the service, in the order the service gives them (for a tenure: dates in
    order, then a free seat, then the seat and overlap rules); the view shows the service's refusal on the form.
    """

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def _post_clean(self):
        try:
            self.instance = construct_instance(self, self.instance, self._meta.fields, self._meta.exclude)
        except ValidationError as exc:
            self._update_errors(exc)


class TenureForm(_CadreRecordForm):
    class Meta:
        model = Tenure
        fields = [
            "position",
            "seat_number",
            "start_date",
            "term_end",
            "ended_on",
            "end_reason",
            "decision_number",
            "decision_date",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        positions = (
            Position.objects.select_related("unit").filter(is_active=True).order_by("unit__path", "title")
        )
        self.fields["position"].queryset = restrict(positions, self.user, "edit_registry")
        # a tenure recorded here is one of the past (it has ended); a current one comes from a signed decision
        self.fields["ended_on"].required = True


class DisciplineForm(_CadreRecordForm):
    class Meta:
        model = Discipline
        fields = ["kind", "status", "decided_on", "effective_from", "effective_to", "authority", "reason"]


class PoliticalConclusionForm(_CadreRecordForm):
    class Meta:
        model = PoliticalConclusion
        fields = ["status", "result", "issuer", "reference", "concluded_on", "note"]


class EvaluationForm(_CadreRecordForm):
    class Meta:
        model = Evaluation
        fields = ["year", "rating", "note"]


class AchievementForm(_CadreRecordForm):
    class Meta:
        model = Achievement
        fields = ["title", "description", "achieved_on", "recognised_by", "recognition_ref", "recognised_on"]


# --- the cadre list filter ------------------------------------------------------------------------------


def _scope_units(request):
    if request is None:
        return OrgUnit.objects.none()
    return units_for(request.user)


class CadreFilter(django_filters.FilterSet):
    unit = django_filters.ModelChoiceFilter(
        label=_("unit (with its sub-units)"), queryset=_scope_units, method="filter_unit"
    )
    gender = django_filters.ChoiceFilter(label=_("gender"), choices=Gender.choices)
    age_band = django_filters.ChoiceFilter(
        label=_("age"),
        choices=[(code, label) for code, label, _low, _high in selectors.AGE_BANDS],
        method="filter_age_band",
    )
    in_planning = django_filters.BooleanFilter(label=_("in the planning"))
    political_status = django_filters.ChoiceFilter(
        label=_("political standard"), choices=selectors.PoliticalStatus.CHOICES
    )
    employment_status = django_filters.ChoiceFilter(
        label=_("employment status"), choices=Cadre.EmploymentStatus.choices
    )

    class Meta:
        model = Cadre
        fields = ["unit", "gender", "age_band", "in_planning", "political_status", "employment_status"]

    def filter_unit(self, queryset, name, value):
        return filter_unit_and_sub_units(queryset, "current_unit", value)

    def filter_age_band(self, queryset, name, value):
        for code, _label, lowest, highest in selectors.AGE_BANDS:
            if code == value:
                earliest, latest = selectors.birth_date_range_for_ages(lowest, highest)
                if earliest:
                    queryset = queryset.filter(birth_date__gte=earliest)
                if latest:
                    queryset = queryset.filter(birth_date__lte=latest)
        return queryset


class StandingChoiceField(forms.ModelMultipleChoiceField):
    """Candidates with their standing (procedures §3) beside each name: eligible, or the reasons why not."""

    standings = None

    def label_from_instance(self, obj):
        standing = (self.standings or {}).get(obj.pk)
        if standing is None:
            return str(obj)
        if standing.eligible:
            return _("{cadre} — eligible").format(cadre=obj)
        return _("{cadre} — not eligible: {reason}").format(cadre=obj, reason=standing.reason)
