"""The nomination procedure's process and its candidates (docs/procedures.md §6; H13, H19; docs/design.md R1, R2, R4).

One ``NominationProcess`` introduces cadres to stand for the election of a body — a party committee, a People's
Council, or a post that a council elects — to the seats of one elected position. It records the proposal (the
body, the election, the seats and the proposed names), the leadership's approval of the personnel plan, the five
rounds of secret ballots, the verification of every remaining candidate with its evidence, the candidate list with
its surplus, the signed nomination decisions and list, and afterwards the election result, which opens a tenure
for each elected candidate. It closes as elected, nobody elected, rejected, nobody (or too few) passed, or
withdrawn — always with the reason.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from viewflow.workflow.models import Process

from apps.core.history import history
from workflows.common.models import CandidateFields, ProcedureFields, outcome_field, procedure_history


class Body(models.TextChoices):
    """The body whose election the candidates are introduced to."""

    PARTY_COMMITTEE = "party_committee", _("Party committee (cấp ủy)")
    PEOPLES_COUNCIL = "peoples_council", _("People's Council (Hội đồng nhân dân)")
    COUNCIL_POST = "council_post", _("A post elected by a council")


class NominationOutcome(models.TextChoices):
    """How a nomination procedure ended; keeps the ``ProcedureOutcome`` contract."""

    IN_PROGRESS = "in_progress", _("In progress")
    ELECTED = "elected", _("Election result recorded")
    NOT_ELECTED = "not_elected", _("Nobody was elected")
    REJECTED = "rejected", _("Personnel plan rejected")
    NO_CANDIDATE_PASSED = "no_candidate_passed", _("Nobody passed")
    TOO_FEW_CANDIDATES = "too_few_candidates", _("Too few candidates left for the list's surplus")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class ReviewDecision(models.TextChoices):
    PENDING = "", _("Not decided")
    APPROVED = "approved", _("Approve the personnel plan")
    REJECTED = "rejected", _("Reject")


class NominationProcess(ProcedureFields, Process):
    """Introducing cadres to stand for election (giới thiệu ứng cử) to the seats of one elected position.

    `position` is a position filled by election (``Position.is_elected``); `seats` how many of its seats the
    election fills. The candidate list must carry the surplus the rule set sets (190-QĐ/TW Đ.14, H19:
    ``election_surplus_min_percent`` to ``election_surplus_max_percent`` of the seats, at least one name).
    Candidates never see or act on their own procedure (R10).
    """

    CONFLICT_CADRE_LOOKUP = "candidates__cadre"

    outcome = outcome_field(NominationOutcome)
    body = models.CharField(_("body to elect"), max_length=20, choices=Body.choices)
    election_name = models.CharField(_("election"), max_length=200)
    election_date = models.DateField(_("election date"))
    structure = models.TextField(_("structure, standards and conditions"), blank=True)
    # the leadership's approval of the personnel plan
    review_decision = models.CharField(
        _("decision on the personnel plan"),
        max_length=10,
        choices=ReviewDecision.choices,
        blank=True,
        default="",
    )
    review_reason = models.TextField(_("remarks / reason"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("personnel plan decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("personnel plan decided at"), null=True, blank=True)
    # the candidate list and its signature
    list_surplus = models.PositiveSmallIntegerField(_("surplus on the list"), null=True, blank=True)
    list_signed_on = models.DateField(_("list signed on"), null=True, blank=True)
    # the election, afterwards
    election_held_on = models.DateField(_("election held on"), null=True, blank=True)
    election_ballots_valid = models.PositiveIntegerField(
        _("valid ballots at the election"), null=True, blank=True
    )
    history = procedure_history()

    class Meta:
        ordering = ["-created"]
        verbose_name = _("nomination procedure")
        verbose_name_plural = _("nomination procedures")

    def __str__(self):
        if self.position_id:
            return _("Nomination #{pk}: {election} — {position}").format(
                pk=self.pk, election=self.election_name, position=self.position.title
            )
        return _("Nomination #{pk}").format(pk=self.pk)

    def conflicted_cadre_ids(self):
        cached = getattr(self, "_conflicted_cache", None)
        if cached is None:
            cached = self._conflicted_cache = set(self.candidates.values_list("cadre_id", flat=True))
        return cached

    def result_due_on(self):
        """The election result can only be recorded once the election is held: that step is due a step's
        working days after the election (or today, when the step opens later), not after the day it opens."""
        from django.utils import timezone

        from workflows.common.deadlines import working_days_after

        start = max(self.election_date, timezone.localdate())
        return working_days_after(start, self.params.step_working_days, self.params)


class NominationCandidate(CandidateFields):
    """A cadre proposed for the list, and how far they got: through the five rounds (votes per round), the
    verification (every check with its evidence), the list and its signed nomination decision, and the election
    (votes, and the decision that opened the tenure when elected)."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        ELIGIBLE = "eligible", _("Going on")
        FAILED_VERIFICATION = "failed_verification", _("Failed verification")
        NOMINATED = "nominated", _("Nominated")
        ELIMINATED = "eliminated", _("Eliminated")
        ELECTED = "elected", _("Elected")
        NOT_ELECTED = "not_elected", _("Not elected")

    ACTIVE_STATUSES = (Status.PROPOSED, Status.ELIGIBLE)
    DOCUMENTS_DIR = "nomination"

    process = models.ForeignKey(
        NominationProcess, verbose_name=_("procedure"), on_delete=models.PROTECT, related_name="candidates"
    )
    status = models.CharField(_("status"), max_length=25, choices=Status.choices, default=Status.PROPOSED)
    # a copy of the tallies (the conferences' own rows are the record): {step code: votes for}
    round_votes = models.JSONField(_("votes per round"), default=dict, blank=True)
    on_list = models.BooleanField(_("on the candidate list"), default=False)
    decision = models.ForeignKey(
        "decisions.Decision",
        verbose_name=_("nomination decision"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    election_votes = models.PositiveIntegerField(_("votes at the election"), null=True, blank=True)
    result_decision = models.ForeignKey(
        "decisions.Decision",
        verbose_name=_("election result decision"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    history = history()

    class Meta:
        ordering = ["process", "pk"]
        verbose_name = _("nomination candidate")
        verbose_name_plural = _("nomination candidates")
        constraints = [
            models.UniqueConstraint(fields=["process", "cadre"], name="nomination_candidate_once_per_process")
        ]
