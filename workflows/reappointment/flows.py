"""Reappointment (bổ nhiệm lại) and extension to retirement — the graph only; the work is done by ``services``.

Reads like docs/procedures.md §5 (ND 138 Đ.52–53; 377; QĐ 727): opened for a term about to end — by the daily job
(``start_auto``, as the system user) or by the organisation board (``start``) — the notice to the cadre; then, in
parallel, the cadre's self-assessment report on the term and the path's conferences, which refuse to proceed
until the report is in; on the reappointment path the key officials' confidence ballot (not announced), the
leadership collective's vote (> 50% of all members; at 50% the head decides) and the verification; on the
extension path (fewer than ``extension_years_to_retirement`` years left at term end, H17) the collective's checks
of health, prestige and task fit, then its ballot. The leadership decides, the board drafts the decision and
the leadership signs it before the term ends (H16).

Node and class names are stored in the database (docs/viewflow-notes.md §7.1 item 11): treat them as schema.
"""

from django.utils.translation import gettext_lazy as _
from viewflow import this
from viewflow.workflow import flow, lock

from apps.accounts import permissions
from apps.accounts.permissions import LEADERSHIP, ORG_BOARD, POLITICAL_PROTECTION, UNIT_LEADER
from workflows.common.base import ProcedureFlowMixin, conference, may_act_in_a_unit
from workflows.common.nodes import End, If, Join, Split, Start, StartHandle, Switch, View
from workflows.common.political_protection import PoliticalProtectionView, RequestView, open_requests

from . import views
from .models import Path, ReappointmentOutcome, ReappointmentProcess
from .nodes import SharedView

_unit = permissions.process_unit


_may_open = may_act_in_a_unit("review")


def _awaiting_political_protection(activation):
    return open_requests(activation.process).exists()


def _political_protection(then):
    """Internal political protection's step: a conclusion verification found missing or expired (procedures §9);
    then the verification that asked runs again."""
    return (
        RequestView(PoliticalProtectionView.as_view())
        .Annotation(
            title=_("Conclude the political standard"),
            description=_("Requested by verification: the candidate's conclusion is missing or expired"),
        )
        .Permission(POLITICAL_PROTECTION, obj=_unit)
        .Next(then)
    )


def _conference(code):
    return conference(code, views.ConferenceStepView.as_view(step_code=code), permission=ORG_BOARD, obj=_unit)


def _outcome_is(outcome):
    return lambda activation: activation.process.outcome == outcome


class ReappointmentFlow(ProcedureFlowMixin, flow.Flow):
    """Reappointment

    Reappointment of a cadre whose term is ending, or extension of the term to retirement age: notice,
    self-assessment, conferences, verification and the decision signed before the term ends (ND 138/2020
    Đ.52–53; 377-QĐ/TW)."""

    process_title = _("Reappointment")
    process_description = _(
        "Reappointment of a cadre whose term is ending, or extension of the term to retirement age: notice,"
        " self-assessment, conferences, verification and the decision signed before the term ends."
    )
    process_class = ReappointmentProcess
    lock_impl = lock.select_for_update_lock
    summary_template = "reappointment/summary.html"
    #: the step lists (apps.conferences.steps.STEP_LISTS) whose steps are this flow's conference nodes
    step_lists = ("reappointment", "extension")

    # --- Opening: the daily job (system user) or the organisation board --------------------------------------
    start_auto = (
        StartHandle(this.start_from_job).Annotation(title=_("Opened by the scheduled job")).Next(this.notice)
    )
    start = (
        Start(views.OpenView.as_view())
        .Annotation(
            title=_("Open a reappointment"), description=_("A current term in your scope that is ending")
        )
        .Available(_may_open)
        .Next(this.notice)
    )

    # --- Organisation board: the notice to the cadre --------------------------------------------------------
    notice = (
        View(views.NoticeView.as_view())
        .Annotation(
            title=_("Notify the cadre"),
            description=_("The cadre is told to prepare the reappointment, before the notice deadline"),
        )
        .Permission(ORG_BOARD, obj=_unit)
        .Next(this.split)
    )
    split = (
        Split()
        .Annotation(title=_("Self-assessment and conferences"))
        .Next(this.self_assessment)
        .Next(this.path_gate)
    )

    # --- Organisation board or unit leader: the cadre's self-assessment report -----------------------------
    self_assessment = (
        SharedView(views.SelfAssessmentView.as_view())
        .Annotation(
            title=_("Hand in the cadre's self-assessment"),
            description=_(
                "The report on the term and the health statement, from the board or the unit leader"
            ),
        )
        .Permission(ORG_BOARD, obj=_unit)
        .AlsoPermission(UNIT_LEADER)
        .onCreate(this.on_self_assessment_created)
        .Next(this.join)
    )
    path_gate = (
        Switch()
        .Annotation(title=_("Reappointment or extension?"))
        .Case(this.ext_review, lambda a: a.process.path == Path.EXTENSION)
        .Default(this.reappointment_1_key_officials)
    )

    # --- Reappointment path: the board records the conferences and verifies ---------------------------------
    reappointment_1_key_officials = _conference("reappointment_1_key_officials").Next(
        this.reappointment_2_collective
    )
    reappointment_2_collective = _conference("reappointment_2_collective").Next(this.after_vote)
    after_vote = (
        If(lambda a: bool(a.process.vote_passed))
        .Annotation(title=_("Did the vote pass?"))
        .Then(this.verification)
        .Else(this.join)
    )
    verification = (
        View(views.VerificationView.as_view())
        .Annotation(
            title=_("Verify the conditions"),
            description=_("Political standard, discipline and its bars, health, age"),
        )
        .Permission(ORG_BOARD, obj=_unit)
        .Next(this.after_verification)
    )
    after_verification = (
        Switch()
        .Annotation(title=_("Political standard to be concluded?"))
        .Case(this.political_protection, _awaiting_political_protection)
        .Default(this.join)
    )
    political_protection = _political_protection(this.verification)

    # --- Extension path: the collective's checks, then its ballot --------------------------------------------
    ext_review = (
        View(views.VerificationView.as_view())
        .Annotation(
            title=_("Check health, prestige and task fit"),
            description=_("The collective's findings and the conditions for an extension to retirement"),
        )
        .Permission(ORG_BOARD, obj=_unit)
        .Next(this.after_ext_review)
    )
    after_ext_review = (
        Switch()
        .Annotation(title=_("Conditions met?"))
        .Case(this.ext_political_protection, _awaiting_political_protection)
        .Case(this.extension_1_collective, lambda a: bool(a.process.verification_passed))
        .Default(this.join)
    )
    ext_political_protection = _political_protection(this.ext_review)
    extension_1_collective = _conference("extension_1_collective").Next(this.join)

    # --- The decision: leadership decides, the board drafts, the leadership signs ----------------------------
    join = Join().Annotation(title=_("Ready for the decision")).Next(this.decide)
    decide = (
        View(views.DecideView.as_view())
        .Annotation(
            title=_("Decide the reappointment"),
            description=_("Reappoint (or extend), or do not reappoint with the reasons"),
        )
        .Permission(LEADERSHIP, obj=_unit)
        .Next(this.draft_decision)
    )
    draft_decision = (
        View(views.DraftDecisionView.as_view())
        .Annotation(title=_("Draft the decision"))
        .Permission(ORG_BOARD, obj=_unit)
        .Next(this.sign_decision)
    )
    sign_decision = (
        View(views.SignDecisionView.as_view())
        .Annotation(title=_("Sign the decision"), description=_("Before the term ends"))
        .Permission(LEADERSHIP, obj=_unit)
        .Next(this.outcome_gate)
    )
    outcome_gate = (
        Switch()
        .Annotation(title=_("Outcome"))
        .Case(this.end_reappointed, _outcome_is(ReappointmentOutcome.REAPPOINTED))
        .Case(this.end_extended, _outcome_is(ReappointmentOutcome.EXTENDED))
        .Default(this.end_not_reappointed)
    )

    # --- Closing states ---------------------------------------------------------------------------------------
    end_reappointed = End().Annotation(title=_("Reappointed"))
    end_extended = End().Annotation(title=_("Term extended to retirement"))
    end_not_reappointed = End().Annotation(title=_("Not reappointed"))

    def start_from_job(self, activation, **kwargs):
        from .services import start_from_job

        return start_from_job(process=activation.process, task=activation.task, **kwargs)

    def on_self_assessment_created(self, activation):
        from .services import notify_unit_leaders

        notify_unit_leaders(activation.task)

    def summary_context(self, process, user):
        from . import selectors

        return selectors.summary(process, user)


__all__ = ["ReappointmentFlow"]
