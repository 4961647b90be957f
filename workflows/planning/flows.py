"""Planning review (rà soát, bổ sung quy hoạch) — the graph only; every step's work is done by ``services``.

Reads like docs/procedures.md §7 (377-QĐ/TW; QĐ 50 PL2): the organisation board opens the yearly review of one
post's planning (the rules propose removing those over age, disciplined from reprimand upward, or concluded as not
meeting the political standard); it confirms the removals and proposes additions from the internal or an
external source, each through the entry rules (a higher post, ≤ 3 cadres per post and ≤ 3 posts per cadre at one
level, not during an appointment or nomination, the political standard); the key officials vote on the additions
by secret ballot; the leadership collective decides the list; the leadership signs a planning decision per
cadre added or removed.

Node and class names are stored in the database (docs/viewflow-notes.md §7.1 item 11): treat them as schema.
"""

from django.utils.translation import gettext_lazy as _
from viewflow import this
from viewflow.workflow import flow, lock

from apps.accounts import permissions
from apps.accounts.permissions import LEADERSHIP, ORG_BOARD
from workflows.common.base import ProcedureFlowMixin, may_act_in_a_unit
from workflows.common.nodes import End, If, Start, View

from . import views
from .models import PlanningProcess

_unit = permissions.process_unit


_may_open = may_act_in_a_unit("review")


def _has_additions(activation):
    from .services import has_additions

    return has_additions(activation.process)


class PlanningFlow(ProcedureFlowMixin, flow.Flow):
    """Planning review

    The yearly review of the planning of a post: removals proposed by the rules, additions from the internal or an
    external source, the key officials' secret ballot, the collective's decision and the planning decisions
    (377-QĐ/TW)."""

    process_title = _("Planning review")
    process_description = _(
        "The yearly review of the planning of a post: removals proposed by the rules, additions from the internal"
        " or an external source, the key officials' secret ballot, the collective's decision and the planning"
        " decisions."
    )
    process_class = PlanningProcess
    lock_impl = lock.select_for_update_lock
    summary_template = "planning/summary.html"

    start = (
        Start(views.OpenReviewView.as_view())
        .Annotation(
            title=_("Review the planning of a post"),
            description=_("The yearly review: who stays, who is removed, who is added"),
        )
        .Available(_may_open)
        .Next(this.propose)
    )
    propose = (
        View(views.ProposeView.as_view())
        .Annotation(
            title=_("Propose removals and additions"),
            description=_(
                "Confirm the removals the rules found; add cadres from the internal or an external source"
            ),
        )
        .Permission(ORG_BOARD, obj=_unit)
        .Next(this.any_additions)
    )
    any_additions = (
        If(_has_additions)
        .Annotation(title=_("Cadres proposed for addition?"))
        .Then(this.key_officials)
        .Else(this.collective)
    )
    key_officials = (
        View(views.ConferenceStepView.as_view())
        .Annotation(title=_("Key officials' secret ballot on the additions (not announced)"))
        .Permission(ORG_BOARD, obj=_unit)
        .Next(this.collective)
    )
    collective = (
        View(views.ConferenceStepView.as_view())
        .Annotation(title=_("Leadership collective's decision on the planning list"))
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
            title=_("Sign the planning decisions"),
            description=_("One decision per cadre added to or removed from the planning"),
        )
        .Permission(LEADERSHIP, obj=_unit)
        .Next(this.end_approved)
    )

    end_approved = End().Annotation(title=_("Planning approved"))
    end_rejected = End().Annotation(title=_("Not approved"))

    def summary_context(self, process, user):
        from . import selectors

        return selectors.summary(process, user)


__all__ = ["PlanningFlow"]
