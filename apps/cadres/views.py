"""Cadre registry pages: the searchable, filterable list, the profile, and the registry forms.

Reading goes through ``apps.cadres.selectors`` (scope-restricted), writing through ``apps.cadres.services``
(rules, history with the acting user, audit). Who may write: org-board reviewers in their scope
(``edit_registry``) and superusers; a political-standard conclusion may also be recorded by internal political
protection (``conclude_political_standard``). Out of scope is a 404, in scope without the right a 403.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView
from viewflow.utils import Icon
from viewflow.views import Action

from apps.accounts.permissions import can, record_write_conflict, scope_unit_ids
from apps.organisation.views import ScopedReadonlyViewset

from . import forms, selectors, services
from .models import Achievement, Cadre, Discipline, Evaluation, PoliticalConclusion, Tenure

EDIT = "edit_registry"


def cadre_url(cadre_or_pk):
    pk = getattr(cadre_or_pk, "pk", cadre_or_pk)
    return reverse("registry:cadres:detail", args=[pk])


def may_edit_somewhere(user):
    ids = scope_unit_ids(user, EDIT)
    return ids is None or bool(ids)


class CadreDetailView(TemplateView):
    """The cadre profile: tenures, evaluations, achievements, conclusions, planning, discipline, asset
    declarations and the history of every change with who made it and when."""

    template_name = "cadres/cadre_detail.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        cadre = selectors.cadre_for(user, self.kwargs["pk"])
        may_edit = can(user, EDIT, cadre)
        return super().get_context_data(
            profile=selectors.cadre_profile(cadre),
            cadre=cadre,
            political_status_label=selectors.PoliticalStatus.LABELS.get(cadre.political_status, ""),
            may_edit=may_edit,
            may_conclude=may_edit or can(user, "conclude_political_standard", cadre),
            **kwargs,
        )


def _add_errors(form, exc, error_fields=None):
    """Put a refusal from a service next to the input it concerns (or on top of the form)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        field = (error_fields or {}).get(getattr(exc, "rule_code", None))
        form.add_error(field if field in form.fields else None, exc)


class RegistryFormView(FormView):
    """A registry form whose valid input is handed to a service; a refusal is shown and nothing is saved."""

    template_name = "cadres/registry_form.html"
    title = ""
    #: rule code of a service refusal -> the field it is shown next to
    error_fields = {}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def call_service(self, form):
        raise NotImplementedError

    def success_message(self, obj):
        return _("Saved.")

    def form_valid(self, form):
        try:
            obj = self.call_service(form)
        except ValidationError as exc:
            _add_errors(form, exc, self.error_fields)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message(obj))
        return redirect(self.get_success_url(obj))

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=self.title, back_url=self.get_back_url(), **kwargs)


class CadreCreateView(RegistryFormView):
    form_class = forms.CadreForm
    title = _("New cadre")

    def dispatch(self, request, *args, **kwargs):
        if not may_edit_somewhere(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def call_service(self, form):
        return services.create_cadre(actor=self.request.user, **form.cleaned_data)

    def get_success_url(self, obj):
        return cadre_url(obj)

    def get_back_url(self):
        return reverse("registry:cadres:index")


def refuse_conflict(request, cadre, attempted):
    """Issue 9 point 5: one's own record, or a candidate's of an open procedure one takes part in, is refused
    (403); a submitted attempt leaves an audit entry of the refusal (``services.refuse_conflicted_write``)."""
    if record_write_conflict(request.user, cadre) is None:
        return
    if request.method == "POST":
        try:
            services.refuse_conflicted_write(request.user, cadre, attempted)
        except ValidationError:
            pass
    raise PermissionDenied


class CadreUpdateView(RegistryFormView):
    form_class = forms.CadreForm

    def dispatch(self, request, *args, **kwargs):
        cadre = selectors.cadre_for(request.user, kwargs["pk"])  # 404 out of scope
        refuse_conflict(request, cadre, "cadre")
        self.cadre = selectors.cadre_for(request.user, kwargs["pk"], EDIT)
        return super().dispatch(request, *args, **kwargs)

    @property
    def title(self):
        return _("Edit {cadre}").format(cadre=self.cadre)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.cadre}

    def call_service(self, form):
        return services.update_cadre(self.cadre, actor=self.request.user, **form.cleaned_data)

    def get_success_url(self, obj):
        return cadre_url(obj)

    def get_back_url(self):
        return cadre_url(self.cadre)


class CadreRecordCreateView(RegistryFormView):
    """Add one record (tenure, discipline, conclusion, evaluation, achievement) to a cadre's file."""

    model = None
    service = None
    actions = (EDIT,)

    def dispatch(self, request, *args, **kwargs):
        self.cadre = selectors.cadre_for(request.user, kwargs["pk"])  # 404 out of scope
        refuse_conflict(request, self.cadre, self.model._meta.model_name)
        if not any(can(request.user, action, self.cadre) for action in self.actions):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @property
    def title(self):
        return _("{record} for {cadre}").format(
            record=self.model._meta.verbose_name.capitalize(), cadre=self.cadre
        )

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.model(cadre=self.cadre)}

    def call_service(self, form):
        return self.service(cadre=self.cadre, actor=self.request.user, **form.cleaned_data)

    def get_success_url(self, obj):
        return cadre_url(self.cadre)

    def get_back_url(self):
        return cadre_url(self.cadre)


class TenureCreateView(CadreRecordCreateView):
    """Record a tenure of the past (history): a seat is filled now only by a signed decision (issue 9 point 6)."""

    model = Tenure
    form_class = forms.TenureForm
    service = staticmethod(services.record_past_tenure)
    error_fields = {"past_tenure_not_ended": "ended_on"}

    @property
    def title(self):
        return _("Record a past tenure for {cadre}").format(cadre=self.cadre)


class DisciplineCreateView(CadreRecordCreateView):
    model = Discipline
    form_class = forms.DisciplineForm
    service = staticmethod(services.add_discipline)


class PoliticalConclusionCreateView(CadreRecordCreateView):
    model = PoliticalConclusion
    form_class = forms.PoliticalConclusionForm
    service = staticmethod(services.add_political_conclusion)
    actions = (EDIT, "conclude_political_standard")


class EvaluationCreateView(CadreRecordCreateView):
    model = Evaluation
    form_class = forms.EvaluationForm
    service = staticmethod(services.add_evaluation)


class AchievementCreateView(CadreRecordCreateView):
    model = Achievement
    form_class = forms.AchievementForm
    service = staticmethod(services.add_achievement)


class CadreViewset(ScopedReadonlyViewset):
    """The cadre list (search by name or code; filters by unit, gender, age band, planning and political
    standard), the profile, and the registry forms."""

    app_name = "cadres"
    icon = "badge"
    title = _("Cadres")
    model = Cadre
    export_kind = "cadres"
    list_columns = (
        "full_name",
        "code",
        "current_unit",
        "birth_date",
        "gender",
        "planning_flag",
        "political_standard",
    )
    list_search_fields = ("full_name", "code")
    list_filterset_class = forms.CadreFilter
    detail_view_class = CadreDetailView

    create_path = path("add/", CadreCreateView.as_view(), name="add")
    change_path = path("<int:pk>/change/", CadreUpdateView.as_view(), name="change")
    tenure_add_path = path("<int:pk>/tenures/add/", TenureCreateView.as_view(), name="tenure-add")
    discipline_add_path = path(
        "<int:pk>/disciplines/add/", DisciplineCreateView.as_view(), name="discipline-add"
    )
    conclusion_add_path = path(
        "<int:pk>/conclusions/add/", PoliticalConclusionCreateView.as_view(), name="conclusion-add"
    )
    evaluation_add_path = path(
        "<int:pk>/evaluations/add/", EvaluationCreateView.as_view(), name="evaluation-add"
    )
    achievement_add_path = path(
        "<int:pk>/achievements/add/", AchievementCreateView.as_view(), name="achievement-add"
    )

    def get_queryset(self, request):
        return selectors.cadres_for(request.user)

    def get_list_page_actions(self, request, *actions):
        if may_edit_somewhere(request.user):
            actions = (
                Action(
                    name=_("Add a cadre"),
                    url=self.reverse("add"),
                    icon=Icon("person_add", class_="material-icons mdc-list-item__graphic"),
                ),
                *actions,
            )
        return super().get_list_page_actions(request, *actions)

    def planning_flag(self, cadre):
        return cadre.in_planning

    planning_flag.short_description = capfirst(_("in the planning"))
    planning_flag.boolean = True
    planning_flag.orderby_column = "in_planning"

    def political_standard(self, cadre):
        return selectors.PoliticalStatus.LABELS.get(cadre.political_status, "")

    political_standard.short_description = capfirst(_("political standard"))
    political_standard.orderby_column = "political_status"
