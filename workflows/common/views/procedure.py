"""A procedure's page and its actions, restricted to the user's scope (404 for what they may not see): detail,
comments, attachments, withdrawal and reassignment."""

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from django.views import generic
from viewflow.workflow.flow import views as vf
from viewflow.workflow.status import STATUS

from apps.accounts import permissions
from apps.core.rules import RuleViolation
from apps.core.uploads import validate_upload

from .. import selectors, services
from ..models import StepAttachment


class CommentForm(forms.Form):
    text = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)
    task = forms.IntegerField(required=False, widget=forms.HiddenInput)


class AttachmentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of document"), choices=StepAttachment.Kind.choices)
    file = forms.FileField(label=_("File"), validators=[validate_upload])
    task = forms.IntegerField(required=False, widget=forms.HiddenInput)


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Reason for the withdrawal"), widget=forms.Textarea(attrs={"rows": 3}))


class ReassignForm(forms.Form):
    user = forms.ModelChoiceField(label=_("Give this step to"), queryset=get_user_model().objects.none())
    reason = forms.CharField(label=_("Reason"), required=False, max_length=500)

    def __init__(self, *args, users=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = get_user_model().objects.filter(pk__in=[u.pk for u in users])
        if not users:
            self.fields["user"].help_text = _("No one else holds this step's role in the procedure's unit.")


class ProcessMixin:
    """Loads the process named in the URL among those the user may see (else 404)."""

    flow_class = None
    viewset = None

    def get_process(self):
        if not hasattr(self, "_process"):
            qs = selectors.visible_processes(self.flow_class, self.request.user)
            self._process = get_object_or_404(
                qs.select_related("unit", "position"), pk=self.kwargs["process_pk"]
            )
        return self._process

    def process_url(self):
        return self.flow_class.instance.reverse("process_detail", args=[self.get_process().pk])

    def task_of_process(self, task_pk):
        if not task_pk:
            return None
        return get_object_or_404(self.get_process().task_set, pk=task_pk)


class ProcedureDetailView(vf.DetailProcessView):
    """The procedure page: diagram with the current step, steps with owners and due dates, the procedure's own
    summary (candidates, conferences, decision), comments, attachments and a readable history."""

    template_name = "workflows/process_detail.html"

    def get_queryset(self):
        return selectors.visible_processes(self.flow_class, self.request.user).select_related(
            "unit", "position", "started_by"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        process = context["process"]
        user = self.request.user
        tasks = list(selectors.process_tasks(process))
        open_tasks = [t for t in tasks if t.status in (STATUS.NEW, STATUS.ASSIGNED)]
        flow = self.flow_class.instance
        context.update(
            task_list=tasks,
            open_tasks=open_tasks,
            comments=selectors.process_comments(process),
            attachments=selectors.process_attachments(process),
            audit_entries=_labelled(selectors.process_audit(process), self.flow_class.instance),
            comment_form=CommentForm(),
            attachment_form=AttachmentForm(),
            can_reassign=process.is_open and permissions.can(user, "reassign", process),
            can_contribute=permissions.can(user, services.CONTRIBUTE_ACTION, process),
            can_withdraw=process.is_open and (permissions.may_withdraw(user, process)),
            summary_template=getattr(flow, "summary_template", None),
            flow=flow,
        )
        extra = getattr(flow, "summary_context", None)
        if extra is not None:
            context.update(extra(process, user))
        return context


def _labelled(entries, flow):
    """The history as a person reads it: one renderer for every page that shows audit entries (issue 11 §4)."""
    from apps.audit.rendering import render_entries

    return render_entries(entries)


class _PostOnlyProcessView(ProcessMixin, generic.FormView):
    http_method_names = ["post"]

    def form_invalid(self, form):
        for errors in form.errors.values():
            for error in errors:
                messages.error(self.request, error)
        return HttpResponseRedirect(self.process_url())

    def get_success_url(self):
        return self.process_url()


class AddCommentView(_PostOnlyProcessView):
    form_class = CommentForm

    def form_valid(self, form):
        process = self.get_process()
        try:
            services.add_comment(
                process=process,
                text=form.cleaned_data["text"],
                task=self.task_of_process(form.cleaned_data.get("task")),
                actor=self.request.user,
            )
        except RuleViolation as exc:
            messages.error(self.request, str(exc))
        return super().form_valid(form)


class AddAttachmentView(_PostOnlyProcessView):
    form_class = AttachmentForm

    def form_valid(self, form):
        process = self.get_process()
        try:
            services.add_attachment(
                process=process,
                upload=form.cleaned_data["file"],
                kind=form.cleaned_data["kind"],
                task=self.task_of_process(form.cleaned_data.get("task")),
                actor=self.request.user,
            )
        except RuleViolation as exc:
            messages.error(self.request, str(exc))
        return super().form_valid(form)


class WithdrawView(ProcessMixin, generic.FormView):
    form_class = WithdrawForm
    template_name = "workflows/process_form.html"

    def dispatch(self, request, *args, **kwargs):
        process = self.get_process()
        if not (
            permissions.can(request.user, "review", process)
            or permissions.can(request.user, "start_procedure", process)
        ):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            process=self.get_process(), title=_("Withdraw the procedure"), **kwargs
        )

    def form_valid(self, form):
        try:
            services.withdraw_procedure(
                process=self.get_process(), reason=form.cleaned_data["reason"], actor=self.request.user
            )
        except RuleViolation as exc:
            form.add_error(None, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The procedure was withdrawn."))
        return HttpResponseRedirect(self.process_url())


def users_holding(task):
    """The holders of the task's role in the procedure's unit scope (``permissions.holders_of``), other than its
    owner, who may perform it (no conflict, R10): whom a reviewer may hand the step to."""
    from apps.accounts.models import ROLE_PERMISSIONS

    if not task.owner_permission:
        return []
    codename = task.owner_permission.split(".", 1)[-1]
    role = next((role for role, perm in ROLE_PERMISSIONS.items() if perm == codename), None)
    unit = task.process.coerced.unit
    if role is None or unit is None:
        return []
    users = (
        permissions.holders_of(role, unit).exclude(pk=task.owner_id).order_by("last_name", "first_name", "pk")
    )
    return services.eligible_assignees(task, list(users))


class ReassignView(ProcessMixin, generic.FormView):
    form_class = ReassignForm
    template_name = "workflows/process_form.html"

    def dispatch(self, request, *args, **kwargs):
        process = self.get_process()
        permissions.require(request.user, "reassign", process)
        self.task = get_object_or_404(
            process.task_set.filter(status__in=[STATUS.NEW, STATUS.ASSIGNED], flow_task_type="HUMAN"),
            pk=kwargs["task_pk"],
        )
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "users": users_holding(self.task)}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            process=self.get_process(), title=_("Reassign: {step}").format(step=self.task.title), **kwargs
        )

    def form_valid(self, form):
        try:
            services.reassign_task(
                task=self.task,
                to_user=form.cleaned_data["user"],
                reason=form.cleaned_data["reason"],
                actor=self.request.user,
            )
        except RuleViolation as exc:
            form.add_error(None, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The step was reassigned."))
        return HttpResponseRedirect(self.process_url())
