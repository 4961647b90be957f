"""``ProcedureAppViewset``: Viewflow's ``FlowAppViewset`` with every page restricted to the user's scope and the
shared procedure pages (comments, attachments, reassignment, withdrawal) added. Register each procedure flow
with it in ``config/site.py``."""

from django.urls import path
from viewflow import viewprop
from viewflow.workflow.flow import FlowAppViewset

from apps.core import procedures

from . import downloads, views


class ProcedureAppViewset(FlowAppViewset):
    dashboard_view_class = views.ScopedProcessListView
    process_list_view_class = views.ScopedProcessListView
    process_detail_view_class = views.ProcedureDetailView
    task_list_view_class = views.ScopedTaskListView
    inbox_view_class = views.ScopedInboxView
    queue_view_class = views.ScopedQueueView
    archive_view_class = views.ScopedArchiveView
    chart_view_class = views.ScopedChartView
    process_cancel_view_class = views.ScopedCancelProcessView
    tasks_assign_view_class = views.ScopedBulkAssignView
    tasks_unassign_view_class = views.ScopedBulkUnassignView

    def __init__(self, flow_class, **kwargs):
        super().__init__(flow_class, **kwargs)
        # the home page, the registry pages and the lists offer this procedure's start actions (apps.core.procedures)
        procedures.register(flow_class.__module__.split(".")[1], flow_class, kwargs.get("icon", ""))

    def get_context_data(self, request):
        # the menu's counts: the same steps as the inbox and queue pages list (scoped, R10), at a constant cost,
        # bounded ("99+")
        return {
            "user_inbox": views.BoundedCount(views.inbox_tasks(self._flow_class, request.user)),
            "user_queue": views.BoundedCount(views.queue_tasks(self._flow_class, request.user)),
        }

    def _view(self, view_class):
        return view_class.as_view(**self.filter_kwargs(view_class))

    @viewprop
    def comment_path(self):
        return path("<int:process_pk>/comment/", self._view(views.AddCommentView), name="process_comment")

    @viewprop
    def attach_path(self):
        return path("<int:process_pk>/attach/", self._view(views.AddAttachmentView), name="process_attach")

    @viewprop
    def attachment_path(self):
        return path(
            "<int:process_pk>/attachments/<int:attachment_pk>/",
            self._view(downloads.DownloadAttachmentView),
            name="attachment_download",
        )

    @viewprop
    def candidate_document_path(self):
        return path(
            "<int:process_pk>/candidates/<int:candidate_pk>/<slug:document>/",
            self._view(downloads.DownloadCandidateDocumentView),
            name="candidate_document",
        )

    @viewprop
    def withdraw_path(self):
        return path("<int:process_pk>/withdraw/", self._view(views.WithdrawView), name="process_withdraw")

    @viewprop
    def reassign_path(self):
        return path(
            "<int:process_pk>/steps/<int:task_pk>/reassign/",
            self._view(views.ReassignView),
            name="task_reassign",
        )
