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
from workflows.common.base import ProcedureFlowMixin, anyone_left, conference, is_open, may_act_in_a_unit
from workflows.common.deadlines import step_due_on
from workflows.common.nodes import End, If, Start, Switch, View
from workflows.common.political_protection import PoliticalProtectionView, RequestView, open_requests

from . import views
from .models import NominationProcess, ReviewDecision

_unit = permissions.process_unit


_may_propose = may_act_in_a_unit("start_procedure", "review")  # the organisation board or a unit leader


def _after_election(process):
    """The election result is due a step's working days after the election, not after the day the step opens
    (the result of an election weeks away is not overdue after five working days)."""
    if process.election_date:
        return process.result_due_on()
    return step_due_on(process)


def _round(code, index):
    """One round of nomination_steps: `index` is its place in the list (the round's service)."""
    return conference(
        code,
        views.RoundView.as_view(step_index=index),
        permission=ORG_BOARD,
        obj=_unit,
        description=_("Secret ballot: a name needs more than half of those convened"),
    )


def _enough_left():
    return anyone_left(_("Enough candidates left?"))


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
    #: the step lists (apps.conferences.steps.STEP_LISTS) whose steps are this flow's conference nodes
    step_lists = ("nomination",)

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
        .Then(this.nomination_1_standing)
        .Else(this.end_rejected)
    )

    # --- Organisation board: the five rounds of secret ballots (nomination_steps) ------------------------------
    nomination_1_standing = _round("nomination_1_standing", 0).Next(this.after_nomination_1_standing)
    after_nomination_1_standing = (
        _enough_left().Then(this.nomination_2_key_officials).Else(this.end_no_candidate)
    )
    nomination_2_key_officials = _round("nomination_2_key_officials", 1).Next(
        this.after_nomination_2_key_officials
    )
    after_nomination_2_key_officials = (
        _enough_left().Then(this.nomination_3_executive).Else(this.end_no_candidate)
    )
    nomination_3_executive = _round("nomination_3_executive", 2).Next(this.after_nomination_3_executive)
    after_nomination_3_executive = _enough_left().Then(this.nomination_4_standing).Else(this.end_no_candidate)
    nomination_4_standing = _round("nomination_4_standing", 3).Next(this.after_nomination_4_standing)
    after_nomination_4_standing = _enough_left().Then(this.nomination_5_executive).Else(this.end_no_candidate)
    nomination_5_executive = _round("nomination_5_executive", 4).Next(this.after_nomination_5_executive)
    after_nomination_5_executive = _enough_left().Then(this.verification).Else(this.end_no_candidate)

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
        .Case(this.prepare_list, is_open)
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
        View(views.RecordResultView.as_view())
        .Annotation(
            title=_("Record the election result"),
            description=_("Elected or not, with the votes, for every nominated candidate"),
        )
        .Permission(ORG_BOARD, obj=_unit)
        .DueOn(_after_election)
        .Next(this.result_gate)
    )
    result_gate = (
        If(is_open)
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
