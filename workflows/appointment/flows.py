"""Appointment (bổ nhiệm) — the graph only; every step's work is done by ``services``.

Reads like docs/procedures.md §1–§2: a unit leader proposes a vacant seat with the job's needs and criteria; the
organisation board decides the policy (chủ trương) within the rule set's deadline — approve, return for revision
or reject; then the conferences of the source (internal: 5 steps; external: 3 steps), verification (thẩm định) of
every remaining candidate, and one decision per winner of the final vote (at most the seats proposed), each drafted
by the board and signed by the leadership — the draft/sign steps loop until every winner has one or was dropped.

Node and class names are stored in the database (docs/viewflow-notes.md §7.1 item 11): treat them as schema.
"""

from django.utils.translation import gettext_lazy as _
from viewflow import this
from viewflow.workflow import act, flow, lock

from apps.accounts import permissions
from apps.accounts.permissions import LEADERSHIP, ORG_BOARD, POLITICAL_PROTECTION, UNIT_LEADER
from workflows.common.base import ProcedureFlowMixin, anyone_left, conference, is_open, may_act_in_a_unit
from workflows.common.nodes import End, If, Start, Switch, View
from workflows.common.political_protection import PoliticalProtectionView, RequestView, open_requests

from . import views
from .models import AppointmentOutcome, AppointmentProcess, PolicyDecision, Source

_unit = permissions.process_unit


_may_start = may_act_in_a_unit("start_procedure")


def _conference(code, index):
    """A conference step of the source's step list: `index` is its place in that list (the step's service)."""
    return conference(
        code, views.ConferenceStepView.as_view(step_index=index), permission=ORG_BOARD, obj=_unit
    )


def _has_draft(activation):
    """The draft step drafted a decision (rather than dropping a winner): it goes to the leadership to sign."""
    from apps.decisions.models import Decision

    return Decision.objects.filter(process_id=activation.process.pk, status=Decision.Status.DRAFT).exists()


def _awaiting_political_protection(activation):
    return open_requests(activation.process).exists()


def _appointed(activation):
    return activation.process.outcome == AppointmentOutcome.APPOINTED


class AppointmentFlow(ProcedureFlowMixin, flow.Flow):
    """Appointment

    Appointment of a cadre to a vacant seat: proposal, policy approval, consultation conferences, verification and
    the signed decision (ND 170/2025 Đ.33; 80-QĐ/TW Đ.21, as replaced by 377-QĐ/TW)."""

    process_title = _("Appointment")
    process_description = _(
        "Appointment of a cadre to a vacant seat: proposal, policy approval, consultation conferences, verification"
        " and the signed decision."
    )
    process_class = AppointmentProcess
    lock_impl = lock.select_for_update_lock
    summary_template = "appointment/summary.html"
    #: the step lists (apps.conferences.steps.STEP_LISTS) whose steps are this flow's conference nodes
    step_lists = ("appointment_internal", "appointment_external")

    # --- Unit leader: the proposal, and its revision when the board returns it --------------------------------
    start = (
        Start(views.ProposalView.as_view())
        .Annotation(
            title=_("Propose an appointment"), description=_("A vacant seat, the job's needs and criteria")
        )
        .Available(_may_start)
        .Next(this.policy_review)
    )
    revise = (
        View(views.ReviseView.as_view())
        .Annotation(
            title=_("Revise the proposal"), description=_("Returned by the organisation board with a reason")
        )
        .Permission(UNIT_LEADER, obj=_unit)
        .Assign(this.start.owner)
        .onCreate(this.on_returned)
        .Next(this.policy_review)
    )

    # --- Organisation board: the policy decision (chủ trương) --------------------------------------------------
    policy_review = (
        View(views.PolicyReviewView.as_view())
        .Annotation(
            title=_("Decide the appointment policy"),
            description=_("Approve, return for revision, or reject — within the policy deadline"),
        )
        .Permission(ORG_BOARD, obj=_unit)
        .Next(this.policy_gate)
    )
    policy_gate = (
        Switch()
        .Annotation(title=_("Policy decided?"))
        .Case(this.revise, lambda a: a.process.policy_decision == PolicyDecision.RETURNED)
        .Case(this.end_rejected, lambda a: a.process.policy_decision == PolicyDecision.REJECTED)
        .Case(this.nominate, lambda a: a.process.source == Source.INTERNAL)
        .Default(this.ext_nominate)
    )

    # --- Internal source (§1): the board records the conferences (appointment_internal_steps) -----------------
    nominate = (
        View(views.NominateView.as_view())
        .Annotation(
            title=_("List the candidates"),
            description=_("Cadres from the registry, checked against the eligibility conditions"),
        )
        .Permission(ORG_BOARD, obj=_unit)
        .Next(this.internal_1_collective)
    )
    internal_1_collective = _conference("internal_1_collective", 0).Next(this.after_internal_1_collective)
    after_internal_1_collective = anyone_left().Then(this.internal_2_expanded).Else(this.end_no_candidate)
    internal_2_expanded = _conference("internal_2_expanded", 1).Next(this.after_internal_2_expanded)
    after_internal_2_expanded = anyone_left().Then(this.internal_3_collective).Else(this.end_no_candidate)
    internal_3_collective = _conference("internal_3_collective", 2).Next(this.after_internal_3_collective)
    after_internal_3_collective = (
        anyone_left().Then(this.internal_4_key_officials).Else(this.end_no_candidate)
    )
    internal_4_key_officials = _conference("internal_4_key_officials", 3).Next(this.verification)

    # --- External source (§2; appointment_external_steps) ------------------------------------------------------
    ext_nominate = (
        View(views.NominateView.as_view())
        .Annotation(title=_("Name the candidate from elsewhere"))
        .Permission(ORG_BOARD, obj=_unit)
        .Next(this.external_1_receiving)
    )
    external_1_receiving = _conference("external_1_receiving", 0).Next(this.after_external_1_receiving)
    after_external_1_receiving = anyone_left().Then(this.external_2_origin).Else(this.end_no_candidate)
    external_2_origin = _conference("external_2_origin", 1).Next(this.after_external_2_origin)
    after_external_2_origin = anyone_left().Then(this.verification).Else(this.end_no_candidate)

    # --- Organisation board: verification (thẩm định) of every remaining candidate -----------------------------
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
        .Annotation(title=_("Anyone left?"))
        .Case(this.political_protection, _awaiting_political_protection)
        .Case(this.end_no_candidate, lambda a: not a.process.is_open)
        .Case(this.internal_5_collective, lambda a: a.process.source == Source.INTERNAL)
        .Default(this.external_3_collective)
    )

    # --- Internal political protection: a conclusion verification found missing or expired (procedures §9) ----
    political_protection = (
        RequestView(PoliticalProtectionView.as_view())
        .Annotation(
            title=_("Conclude the political standard"),
            description=_("Requested by verification: the candidate's conclusion is missing or expired"),
        )
        .Permission(POLITICAL_PROTECTION, obj=_unit)
        .Next(this.verification)
    )

    internal_5_collective = _conference("internal_5_collective", 4).Next(this.after_final_vote)
    external_3_collective = _conference("external_3_collective", 2).Next(this.after_final_vote)
    after_final_vote = anyone_left().Then(this.draft_decision).Else(this.end_no_candidate)

    # --- The decisions: one per winner, drafted by the board, signed by the competent leadership ---------------
    # A procedure for several seats loops here until every winner of the final vote has a signed decision or was
    # dropped by the board with the reason.
    draft_decision = (
        View(views.DraftDecisionView.as_view())
        .Annotation(
            title=_("Draft the appointment decision"),
            description=_("One decision per winner of the final vote, or drop a winner with the reason"),
        )
        .Permission(ORG_BOARD, obj=_unit)
        .Next(this.after_draft)
    )
    after_draft = (
        If(_has_draft)
        .Annotation(title=_("Decision drafted?"))
        .Then(this.sign_decision)
        .Else(this.next_winner)
    )
    sign_decision = (
        View(views.SignDecisionView.as_view())
        .Annotation(title=_("Sign the appointment decision"))
        .Permission(LEADERSHIP, obj=_unit)
        .Next(this.next_winner)
    )
    next_winner = (
        Switch()
        .Annotation(title=_("Winners still without a decision?"))
        .Case(this.draft_decision, is_open)
        .Case(this.end_appointed, _appointed)
        .Default(this.end_dropped)
    )

    # --- Closing states -----------------------------------------------------------------------------------------
    end_appointed = End().Annotation(title=_("Appointed"))
    end_rejected = End().Annotation(title=_("Policy rejected"))
    end_no_candidate = End().Annotation(title=_("No candidate reached the threshold"))
    end_dropped = End().Annotation(title=_("Every winner dropped by the board"))

    def on_returned(self, activation):
        from workflows.common.services import notify_task_returned

        notify_task_returned(activation.task, activation.process.policy_reason)

    def summary_context(self, process, user):
        from . import selectors

        return selectors.summary(process, user)


__all__ = ["AppointmentFlow", "act"]
