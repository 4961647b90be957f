"""Rotation (luân chuyển) — the graph only; every step's work is done by ``services``.

Reads like docs/procedures.md §8 (65-QĐ/TW, H20): the organisation board proposes a cadre for an equivalent post in
another unit, vertically or horizontally, every condition checked (at least ``rotation_min_years_left`` years of
service left, a period of at least ``rotation_min_months`` months, the political standard, the target post's
vacancy); the leadership collective decides by secret ballot; the leadership signs the rotation decision, which
ends the post held and opens the tenure on the target post for the period. Before the period ends the scheduler
opens the return (``start_return``, ``tasks.open_due_returns``), and the leadership signs the return decision.

Node and class names are stored in the database (docs/viewflow-notes.md §7.1 item 11): treat them as schema.
"""

from django.utils.translation import gettext_lazy as _
from viewflow import this
from viewflow.workflow import flow, lock

from apps.accounts import permissions
from apps.accounts.permissions import LEADERSHIP, ORG_BOARD
from workflows.common.base import ProcedureFlowMixin, may_act_in_a_unit
from workflows.common.nodes import End, If, Start, StartHandle, View

from . import views
from .models import RotationProcess

_unit = permissions.process_unit


_may_open = may_act_in_a_unit("review")


class RotationFlow(ProcedureFlowMixin, flow.Flow):
    """Rotation

    A cadre rotated to an equivalent post in another unit for at least three years, and the return at the end of
    the period (65-QĐ/TW)."""

    process_title = _("Rotation")
    process_description = _(
        "A cadre rotated to an equivalent post in another unit for at least three years — conditions, the"
        " collective's decision, the rotation decision — and the return at the end of the period."
    )
    process_class = RotationProcess
    lock_impl = lock.select_for_update_lock
    summary_template = "rotation/summary.html"

    start = (
        Start(views.ProposeView.as_view())
        .Annotation(
            title=_("Propose a rotation"),
            description=_("A cadre, the post in another unit, the start and the period"),
        )
        .Available(_may_open)
        .Next(this.collective)
    )
    collective = (
        View(views.ConferenceStepView.as_view())
        .Annotation(title=_("Leadership collective's vote on the rotation"))
        .Permission(ORG_BOARD, obj=_unit)
        .Next(this.approved)
    )
    approved = (
        If(lambda a: bool(a.process.vote_passed))
        .Annotation(title=_("Did the collective approve?"))
        .Then(this.decide)
        .Else(this.end_rejected)
    )
    decide = (
        View(views.DecideView.as_view())
        .Annotation(
            title=_("Sign the rotation decision"),
            description=_("The post held ends; the tenure on the new post runs for the period"),
        )
        .Permission(LEADERSHIP, obj=_unit)
        .Next(this.end_rotated)
    )

    # --- the return, opened by the scheduler before the period ends ------------------------------------------
    start_return = (
        StartHandle(this.start_return_from_job)
        .Annotation(title=_("Return opened by the scheduled job"))
        .Next(this.decide_return)
    )
    decide_return = (
        View(views.ReturnView.as_view())
        .Annotation(
            title=_("Sign the return from rotation"),
            description=_("The post the cadre returns to when the period ends"),
        )
        .Permission(LEADERSHIP, obj=_unit)
        .Next(this.end_returned)
    )

    end_rotated = End().Annotation(title=_("Rotated"))
    end_rejected = End().Annotation(title=_("Not approved"))
    end_returned = End().Annotation(title=_("Returned"))

    def start_return_from_job(self, activation, **kwargs):
        from .services import start_return_from_job

        return start_return_from_job(process=activation.process, task=activation.task, **kwargs)

    def summary_context(self, process, user):
        from . import selectors

        return selectors.summary(process, user)


__all__ = ["RotationFlow"]
