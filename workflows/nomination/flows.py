"""Nomination for election (giới thiệu ứng cử) — the graph only; every step's work is done by ``services``.

Reads like docs/procedures.md §6 for party-committee personnel (Chỉ thị 35 appendix; 190-QĐ/TW Đ.14): the organisation
board or a unit leader proposes the body, the election, the seats of an elected position and the names; the
competent leadership approves the personnel plan or rejects it; the board records the five rounds — standing
committee, key officials' conference, executive committee, standing committee, executive committee — each a secret
ballot in which a name needs more than half of those convened; the board verifies every remaining candidate as for
an appointment and puts the list together with the surplus the rule set sets; the leadership signs the nomination
decisions and the list; after the election the board records each nominee's result and the leadership confirms
it, which opens a tenure for every elected candidate.

Node and class names are stored in the database (docs/viewflow-notes.md §7.1 item 11): treat them as schema.
"""

from django.utils.translation import gettext_lazy as _
from viewflow import this
from viewflow.workflow import flow, lock

from apps.accounts import permissions
from apps.accounts.permissions import LEADERSHIP, ORG_BOARD, POLITICAL_PROTECTION
from workflows.common.base import ProcedureFlowMixin
from workflows.common.nodes import End, If, Start, Switch, View
from workflows.common.political_protection import PoliticalProtectionView, RequestView, open_requests

from . import views
from .models import NominationProcess, ReviewDecision
from .nodes import AfterElectionView

_unit = permissions.process_unit


def _may_propose(user):
    """The organisation board or a unit leader with a unit in scope."""
    for action in ("start_procedure", "review"):
        unit_ids = permissions.scope_unit_ids(user, action)
        if unit_ids is None or unit_ids:
            return True
    return False


def _is_open(activation):
    return activation.process.is_open


def _round(index, title):
    return (
        View(views.RoundView.as_view(step_index=index))
        .Annotation(
            title=title, description=_("Secret ballot: a name needs more than half of those convened")
        )
        .Permission(ORG_BOARD, obj=_unit)
    )


def _anyone_left():
    return If(_is_open).Annotation(title=_("Enough candidates left?"))


class NominationFlow(ProcedureFlowMixin, flow.Flow):
    """Nomination for election

    Introducing cadres to stand for election to a party committee, a People's Council or a post a council
    elects: proposal, the personnel plan, five rounds of secret ballots, verification, the candidate list with
    its surplus, the signed nomination decisions and the election result (docs/procedures.md §6; 190-QĐ/TW Đ.14)."""

    process_title = _("Nomination for election")
    process_description = _(
        "Introducing cadres to stand for election: proposal, the personnel plan, five rounds of secret ballots,"
        " verification, the candidate list with its surplus, the signed nomination decisions and the election"
        " result."
    )
    process_class = NominationProcess
    lock_impl = lock.select_for_update_lock
    summary_template = "nomination/summary.html"

    # --- Organisation board or unit leader: the proposal -------------------------------------------------------
    start = (
        Start(views.ProposalView.as_view())
        .Annotation(
            title=_("Propose candidates for an election"),
            description=_("The body, the election, the seats of an elected position and the proposed names"),
        )
        .Available(_may_propose)
        .Next(this.review)
    )

    # --- Leadership: the personnel plan -------------------------------------------------------------------------
    review = (
        View(views.ReviewView.as_view())
        .Annotation(
            title=_("Decide the personnel plan"),
            description=_(
                "Approve the structure, the seats and the proposed names, or reject with the reason"
            ),
        )
        .Permission(LEADERSHIP, obj=_unit)
        .Next(this.review_gate)
    )
    review_gate = (
        If(lambda a: a.process.review_decision == ReviewDecision.APPROVED)
        .Annotation(title=_("Plan approved?"))
        .Then(this.round1)
        .Else(this.end_rejected)
    )

    # --- Organisation board: the five rounds of secret ballots (nomination_steps) ------------------------------
    round1 = _round(0, _("Round 1: standing committee introduces the eligible personnel")).Next(
        this.after_round1
    )
    after_round1 = _anyone_left().Then(this.round2).Else(this.end_no_candidate)
    round2 = _round(1, _("Round 2: key officials conference")).Next(this.after_round2)
    after_round2 = _anyone_left().Then(this.round3).Else(this.end_no_candidate)
    round3 = _round(2, _("Round 3: executive committee")).Next(this.after_round3)
    after_round3 = _anyone_left().Then(this.round4).Else(this.end_no_candidate)
    round4 = _round(3, _("Round 4: standing committee reviews")).Next(this.after_round4)
    after_round4 = _anyone_left().Then(this.round5).Else(this.end_no_candidate)
    round5 = _round(4, _("Round 5: executive committee's final ballot")).Next(this.after_round5)
    after_round5 = _anyone_left().Then(this.verification).Else(this.end_no_candidate)

    # --- Organisation board: verification and the candidate list ------------------------------------------------
    verification = (
        View(views.VerificationView.as_view())
        .Annotation(
            title=_("Verify the candidates"),
            description=_("Political standard, achievements, age, planning, discipline, reports, assets"),
        )
        .Permission(ORG_BOARD, obj=_unit)
        .Next(this.after_verification)
    )
    after_verification = (
        Switch()
        .Annotation(title=_("Enough candidates left?"))
        .Case(this.political_protection, lambda a: open_requests(a.process).exists())
        .Case(this.prepare_list, _is_open)
        .Default(this.end_no_candidate)
    )
    # internal political protection: a conclusion verification found missing or expired (procedures §9)
    political_protection = (
        RequestView(PoliticalProtectionView.as_view())
        .Annotation(
            title=_("Conclude the political standard"),
            description=_("Requested by verification: the candidate's conclusion is missing or expired"),
        )
        .Permission(POLITICAL_PROTECTION, obj=_unit)
        .Next(this.verification)
    )
    prepare_list = (
        View(views.PrepareListView.as_view())
        .Annotation(
            title=_("Prepare the candidate list"),
            description=_("The list carries the surplus the rule set sets; a nomination decision per name"),
        )
        .Permission(ORG_BOARD, obj=_unit)
        .Next(this.sign_decision)
    )

    # --- Leadership: the nomination decisions and the list ----------------------------------------------------
    sign_decision = (
        View(views.SignListView.as_view())
        .Annotation(title=_("Sign the nomination decisions and the list"))
        .Permission(LEADERSHIP, obj=_unit)
        .Next(this.record_result)
    )

    # --- After the election: the board records the result, the leadership confirms it --------------------------
    record_result = (
        AfterElectionView(views.RecordResultView.as_view())
        .Annotation(
            title=_("Record the election result"),
            description=_("Elected or not, with the votes, for every nominated candidate"),
        )
        .Permission(ORG_BOARD, obj=_unit)
        .Next(this.result_gate)
    )
    result_gate = (
        If(_is_open)
        .Annotation(title=_("Anyone elected?"))
        .Then(this.confirm_result)
        .Else(this.end_not_elected)
    )
    confirm_result = (
        View(views.ConfirmResultView.as_view())
        .Annotation(
            title=_("Confirm the election result"),
            description=_("A decision per elected candidate opens the tenure"),
        )
        .Permission(LEADERSHIP, obj=_unit)
        .Next(this.end_elected)
    )

    # --- Closing states ---------------------------------------------------------------------------------------
    end_elected = End().Annotation(title=_("Election result recorded"))
    end_not_elected = End().Annotation(title=_("Nobody was elected"))
    end_rejected = End().Annotation(title=_("Personnel plan rejected"))
    end_no_candidate = End().Annotation(title=_("Not enough candidates passed"))

    def summary_context(self, process, user):
        from . import selectors

        return selectors.summary(process, user)


__all__ = ["NominationFlow"]
