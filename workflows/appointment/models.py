"""The appointment procedure's process and its candidates (docs/procedures.md §1–§2)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from viewflow.workflow.models import Process

from apps.core.history import history
from workflows.common.models import CandidateFields, ProcedureFields, outcome_field, procedure_history


class AppointmentOutcome(models.TextChoices):
    """How an appointment procedure ended (or that it has not yet); keeps the ``ProcedureOutcome`` contract."""

    IN_PROGRESS = "in_progress", _("In progress")
    APPOINTED = "appointed", _("Appointed")
    REJECTED = "rejected", _("Policy rejected")
    NO_CANDIDATE_PASSED = "no_candidate_passed", _("No candidate reached the threshold")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Source(models.TextChoices):
    INTERNAL = "internal", _("Internal source (nguồn tại chỗ)")
    EXTERNAL = "external", _("External source (nguồn từ nơi khác)")


class PolicyDecision(models.TextChoices):
    PENDING = "", _("Not decided")
    APPROVED = "approved", _("Approve the policy")
    RETURNED = "returned", _("Return to the proposer for revision")
    REJECTED = "rejected", _("Reject")


class AppointmentProcess(ProcedureFields, Process):
    """One appointment to the vacant seat(s) of a position (R4: the job decides the person).

    Starts from the unit leader's proposal (job needs and criteria, `seats`), needs the policy approval (chủ
    trương) within the rule set's deadline, runs the conference steps of its source, verifies every remaining
    candidate and ends with one signed decision per winner of the final vote (at most `seats`; a winner the board
    drops is closed with the reason) — or closes as rejected, no candidate passed, or withdrawn, with the reason.
    `decision` is the latest decision drafted (the one awaiting signature while the step is open); every decision
    of the procedure points back at it (``Decision.process``).
    """

    CONFLICT_CADRE_LOOKUP = "candidates__cadre"

    outcome = outcome_field(AppointmentOutcome)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, default=Source.INTERNAL)
    job_needs = models.TextField(_("needs of the job"))
    criteria = models.TextField(_("standards and criteria"))
    policy_decision = models.CharField(
        _("policy decision"), max_length=10, choices=PolicyDecision.choices, blank=True, default=""
    )
    policy_reason = models.TextField(_("policy decision remarks / reason"), blank=True)
    policy_decided_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("policy decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    policy_decided_at = models.DateTimeField(_("policy decided at"), null=True, blank=True)
    return_count = models.PositiveSmallIntegerField(_("times returned for revision"), default=0)
    decision = models.ForeignKey(
        "decisions.Decision",
        verbose_name=_("decision"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    history = procedure_history()

    class Meta:
        ordering = ["-created"]
        verbose_name = _("appointment procedure")
        verbose_name_plural = _("appointment procedures")

    def __str__(self):
        if self.position_id:
            return _("Appointment #{pk}: {position}").format(pk=self.pk, position=self.position)
        return _("Appointment #{pk}").format(pk=self.pk)

    def conflicted_cadre_ids(self):
        cached = getattr(self, "_conflicted_cache", None)
        if cached is None:
            cached = self._conflicted_cache = set(self.candidates.values_list("cadre_id", flat=True))
        return cached

    @property
    def is_internal(self):
        return self.source == Source.INTERNAL


class AppointmentCandidate(CandidateFields):
    """A cadre considered in an appointment procedure, and how far they got (``CandidateFields``)."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        ELIGIBLE = "eligible", _("On the approved list")
        SELECTED = "selected", _("Advancing")
        FAILED_VERIFICATION = "failed_verification", _("Failed verification")
        ELIMINATED = "eliminated", _("Eliminated at a conference")
        APPOINTED = "appointed", _("Appointed")
        DROPPED = "dropped", _("Dropped by the board after the final vote")

    ACTIVE_STATUSES = (Status.ELIGIBLE, Status.SELECTED)
    #: a winner of the final vote who needs no decision any more: appointed, or dropped with the reason
    SETTLED_STATUSES = (Status.APPOINTED, Status.DROPPED)

    process = models.ForeignKey(
        AppointmentProcess, verbose_name=_("procedure"), on_delete=models.PROTECT, related_name="candidates"
    )
    status = models.CharField(_("status"), max_length=25, choices=Status.choices, default=Status.PROPOSED)
    history = history()

    class Meta:
        ordering = ["process", "pk"]
        verbose_name = _("appointment candidate")
        verbose_name_plural = _("appointment candidates")
        constraints = [
            models.UniqueConstraint(
                fields=["process", "cadre"], name="appointment_candidate_once_per_process"
            )
        ]
