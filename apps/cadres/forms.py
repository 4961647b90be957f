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


class CandidatePicker(forms.CheckboxSelectMultiple):
    """The candidate listing's picker: one row per cadre with their code, unit, current job, planning and
    standing (procedures §3) beside the name, the eligible first; an ineligible cadre's box is disabled and the
    reason is shown; a search box (``cadreflow/picker.js``) narrows the rows by name, code or unit, accents
    ignored. Without the script every row is shown."""

    template_name = "cadres/candidate_picker.html"

    class Media:
        js = ("cadreflow/picker.js",)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.standings = None

    def get_context(self, name, value, attrs):
        from apps.places.names import fold

        from .models import PlanningEntry

        context = super().get_context(name, value, attrs)
        standings = self.standings or {}
        options = [
            option for _group, group_options, _i in context["widget"]["optgroups"] for option in group_options
        ]
        ids = [option["value"].value for option in options]
        planning = {}
        entries = (
            PlanningEntry.objects.filter(cadre_id__in=ids, status=PlanningEntry.Status.ACTIVE)
            .select_related("position")
            .order_by("position__title")
        )
        for entry in entries:
            planning.setdefault(entry.cadre_id, []).append(f"{entry.position.title} ({entry.term})")
        rows = []
        for option in options:
            cadre = option["value"].instance
            standing = standings.get(cadre.pk)
            unit = cadre.current_unit.name if cadre.current_unit_id else ""
            ineligible = standing is not None and not standing.eligible
            if ineligible:
                option["attrs"]["disabled"] = True
                option["attrs"].pop("checked", None)
                option["selected"] = False
            rows.append(
                {
                    "option": option,
                    "cadre": cadre,
                    "unit": unit,
                    "job": cadre.job_title,
                    "planning": planning.get(cadre.pk, []),
                    "standing": standing,
                    "ineligible": ineligible,
                    "search": fold(" ".join((cadre.full_name, cadre.code, unit, cadre.job_title))),
                }
            )
        rows.sort(key=lambda row: row["ineligible"])  # the eligible first, each part in the list's order
        context["widget"]["rows"] = rows
        context["widget"]["eligible_count"] = sum(not row["ineligible"] for row in rows)
        return context


class StandingChoiceField(forms.ModelMultipleChoiceField):
    """Candidates with their standing (procedures §3) beside each name: eligible, or the reasons why not. Drawn
    by ``CandidatePicker`` (a table to search) unless another widget is given."""

    widget = CandidatePicker

    @property
    def standings(self):
        return getattr(self.widget, "standings", None)

    @standings.setter
    def standings(self, value):
        self.widget.standings = value

    def label_from_instance(self, obj):
        standing = (self.standings or {}).get(obj.pk)
        if standing is None:
            return str(obj)
        if standing.eligible:
            return _("{cadre} — eligible").format(cadre=obj)
        return _("{cadre} — not eligible: {reason}").format(cadre=obj, reason=standing.reason)
