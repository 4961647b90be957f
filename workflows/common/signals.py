"""Tell the notifications app when a procedure reaches an end (Viewflow's ``End`` node)."""

from .base import ProcedureFlowMixin
from .services import notify_process_finished


def on_flow_finished(sender, process, task, **kwargs):
    if isinstance(sender.instance, ProcedureFlowMixin):
        notify_process_finished(process)
