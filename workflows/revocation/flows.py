"""Revocation of a decision (hủy bỏ, thu hồi quyết định) — the graph only; every step's work is done by ``services``.

Reads like docs/procedures.md §10 and issue 5 part 3: the inspection commission or the organisation board opens a case
against a signed decision with grounds and evidence; the inspection commission investigates (findings, the people
involved, discipline recommendations); the competent authority — the leadership of the authority that issued the
decision — revokes it by a revocation decision or keeps it, with the reasons.

Node and class names are stored in the database (docs/viewflow-notes.md §7.1 item 11): treat them as schema.
"""

from django.utils.translation import gettext_lazy as _
from viewflow import this
from viewflow.workflow import flow, lock

from apps.accounts import permissions
from apps.accounts.permissions import INSPECTION, LEADERSHIP
from workflows.common.base import ProcedureFlowMixin, may_act_in_a_unit
from workflows.common.nodes import End, Start, Switch, View

from . import views
from .models import RevocationProcess, Ruling

_unit = permissions.process_unit


def _authority(process):
    """The competent authority: the unit that issued the decision under review."""
    return process.coerced.decision.authority


_may_open = may_act_in_a_unit("open_revocation")


class RevocationFlow(ProcedureFlowMixin, flow.Flow):
    """Revocation of a decision

    A case against a signed decision found wrong: grounds and evidence, investigation by the inspection
    commission, and the competent authority's ruling — a revocation decision, or the decision kept (R8; KL
    232-KL/TW; Luật CBCC 2019)."""

    process_title = _("Revocation of a decision")
    process_description = _(
        "A case against a signed decision found wrong: grounds and evidence, investigation by the inspection"
        " commission, and the competent authority's ruling — a revocation decision, or the decision kept."
    )
    process_class = RevocationProcess
    lock_impl = lock.select_for_update_lock
    summary_template = "revocation/summary.html"

    # --- Inspection commission or organisation board: the case is opened ---------------------------------------
    start = (
        Start(views.OpenCaseView.as_view())
        .Annotation(
            title=_("Open a revocation case"),
            description=_("A signed decision, the grounds and the evidence"),
        )
        .Available(_may_open)
        .Next(this.investigate)
    )

    # --- Inspection commission: the investigation ----------------------------------------------------------------
    investigate = (
        View(views.InvestigateView.as_view())
        .Annotation(
            title=_("Investigate the decision"),
            description=_("Findings, evidence, the people involved and discipline recommendations"),
        )
        .Permission(INSPECTION, obj=_unit)
        .Next(this.decide)
    )

    # --- Competent authority: revoke or keep ---------------------------------------------------------------------
    decide = (
        View(views.DecideView.as_view())
        .Annotation(
            title=_("Rule on the decision"),
            description=_("Revoke it by a revocation decision, or keep it — with the reasons"),
        )
        .Permission(LEADERSHIP, obj=_authority)
        .Next(this.ruling_gate)
    )
    ruling_gate = (
        Switch()
        .Annotation(title=_("Revoked or kept?"))
        .Case(this.end_revoked, lambda a: a.process.ruling == Ruling.REVOKE)
        .Default(this.end_kept)
    )

    # --- Closing states -------------------------------------------------------------------------------------------
    end_revoked = End().Annotation(title=_("Decision revoked"))
    end_kept = End().Annotation(title=_("Decision kept"))

    def summary_context(self, process, user):
        from . import selectors

        return selectors.summary(process, user)


__all__ = ["RevocationFlow"]
