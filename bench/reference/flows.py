"""start → approve (a human step, guardian object permission on the department) → If approved → end."""

from viewflow import this
from viewflow.workflow import flow
from viewflow.workflow.flow.views import CreateProcessView, UpdateProcessView

from .models import ReferenceProcess


class ReferenceFlow(flow.Flow):
    process_class = ReferenceProcess

    start = (
        flow.Start(CreateProcessView.as_view(fields=["department", "text"]))
        .Annotation(title="Request")
        .Permission(auto_create=True)
        .Next(this.approve)
    )
    approve = (
        flow.View(UpdateProcessView.as_view(fields=["approved", "reason"]))
        .Annotation(title="Approve")
        .Permission("reference.approve_in_department", obj=lambda process: process.coerced.department)
        .Next(this.check_approved)
    )
    check_approved = flow.If(lambda activation: activation.process.approved).Then(this.end).Else(this.end)
    end = flow.End()
