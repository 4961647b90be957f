"""Pages: my notifications (list, mark read), my e-mail setting, and the organisation board's stuck jobs."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from django.views.generic import FormView, ListView, TemplateView
from viewflow.urls import AppMenuMixin, Viewset

from apps.core.models import JobRun
from apps.core.rules import RuleViolation

from . import selectors, services
from .forms import EmailSettingsForm

INBOX_URL = "notifications:inbox:index"


class NotificationListView(ListView):
    template_name = "notifications/list.html"
    context_object_name = "notifications"
    paginate_by = 30

    def unread_only(self):
        return self.request.GET.get("unread") == "1"

    def get_queryset(self):
        return selectors.notifications_for(self.request.user, unread_only=self.unread_only())

    def get_context_data(self, **kwargs):
        return super().get_context_data(unread_only=self.unread_only(), **kwargs)


def _safe_next(request, fallback):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


@require_POST
def mark_read(request, pk):
    """Mark one of my notifications read, then go to `next` (its link, when opened from the list)."""
    notification = selectors.notification_for_user(request.user, pk)
    if notification is None:
        raise Http404
    services.mark_read(notification, request.user)
    selectors.forget_unread_count(request)
    return redirect(_safe_next(request, INBOX_URL))


@require_POST
def mark_all_read(request):
    count = services.mark_all_read(request.user)
    selectors.forget_unread_count(request)
    messages.success(request, gettext("{count} notifications marked read.").format(count=count))
    return redirect(_safe_next(request, INBOX_URL))


class EmailSettingsView(FormView):
    template_name = "notifications/settings.html"
    form_class = EmailSettingsForm

    def get_initial(self):
        return {"email_notifications": self.request.user.email_notifications}

    def get_context_data(self, **kwargs):
        return super().get_context_data(has_email=bool(self.request.user.email), **kwargs)

    def form_valid(self, form):
        enabled = form.cleaned_data["email_notifications"]
        services.set_email_notifications(self.request.user, enabled, actor=self.request.user)
        if enabled:
            messages.success(self.request, gettext("E-mail notifications are on."))
        else:
            messages.success(self.request, gettext("E-mail notifications are muted."))
        return redirect("notifications:settings:index")


def _require_job_manager(user):
    if not selectors.may_manage_jobs(user):
        raise PermissionDenied


class StuckJobListView(TemplateView):
    template_name = "notifications/stuck_jobs.html"

    def dispatch(self, request, *args, **kwargs):
        _require_job_manager(request.user)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            runs=list(selectors.stuck_jobs()[:200]),
            failed_emails=selectors.failed_email_count(),
            **kwargs,
        )


@require_POST
def retry_stuck_job(request, pk):
    _require_job_manager(request.user)
    run = get_object_or_404(JobRun, pk=pk)
    try:
        services.retry_job(run, actor=request.user)
    except RuleViolation as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, gettext("The job was queued again."))
    return redirect("notifications:jobs:index")


class InboxViewset(AppMenuMixin, Viewset):
    app_name = "inbox"
    title = _("My notifications")
    icon = "notifications"
    index_path = path("", NotificationListView.as_view(), name="index")
    read_path = path("<int:pk>/read/", mark_read, name="read")
    read_all_path = path("read-all/", mark_all_read, name="read-all")


class EmailSettingsViewset(AppMenuMixin, Viewset):
    app_name = "settings"
    title = _("E-mail settings")
    icon = "settings"
    index_path = path("", EmailSettingsView.as_view(), name="index")


class StuckJobViewset(AppMenuMixin, Viewset):
    app_name = "jobs"
    title = _("Stuck jobs")
    icon = "report_problem"
    index_path = path("", StuckJobListView.as_view(), name="index")
    retry_path = path("<int:pk>/retry/", retry_stuck_job, name="retry")

    def has_view_permission(self, user, obj=None):
        return selectors.may_manage_jobs(user)
