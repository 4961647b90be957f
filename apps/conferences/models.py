"""Conferences of a procedure and their tallies (docs/procedures.md §1.3, H1–H6; docs/design.md R5, R9).

A conference is stored once, complete, by ``apps.conferences.services.record_conference`` after every rule
has passed. It keeps what the vote-count minutes say — convened, present, ballots issued/returned/valid,
votes per candidate, the legal denominator and the thresholds it was judged by, the rule set — and the two
signed documents. It never keeps a voter's choice (R9): there is no model for a ballot.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.history import history
from apps.core.models import TimeStampedModel
from apps.core.uploads import validate_upload

from . import rules


class BallotKind(models.TextChoices):
    NOMINATION = "nomination", _("Nomination ballot (one name per seat)")
    CONFIDENCE = "confidence", _("Confidence ballot (agree / disagree)")
    MOTION = "motion", _("Collective vote")


class DenominatorKind(models.TextChoices):
    CONVENED = "convened", _("Members convened")
    COLLECTIVE_MEMBERS = "collective_members", _("All members of the collective")
    PRESENT = "present", _("Members present")
    VALID = "valid", _("Valid ballots")


class CollectiveKind(models.TextChoices):
    LEADERSHIP = "leadership", _("Leadership collective of the unit")
    STANDING_COMMITTEE = "standing_committee", _("Standing committee")
    PARTY_COMMITTEE = "party_committee", _("Party committee (executive committee)")


class Collective(TimeStampedModel):
    """A collective body of a unit whose members vote at its conferences: the unit's leadership collective
    (tập thể lãnh đạo), its party standing committee (ban thường vụ) or party committee (ban chấp hành).

    Reference data the conference rules read (issue 9 point 10; procedures §14 H2): the legal denominator of a
    collective vote is "all members of the collective" on the day of the conference, taken from the membership
    below — never a figure typed at each conference. One collective of each kind per unit.
    """

    SCOPE_UNIT_LOOKUP = "unit"

    unit = models.ForeignKey(
        "organisation.OrgUnit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="collectives"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=CollectiveKind.choices)
    name = models.CharField(_("name"), max_length=200, blank=True)
    history = history()

    class Meta:
        ordering = ["unit__path", "kind"]
        verbose_name = _("collective")
        verbose_name_plural = _("collectives")
        constraints = [models.UniqueConstraint(fields=["unit", "kind"], name="one_collective_per_kind")]

    def __str__(self):
        return self.name or f"{self.get_kind_display()} — {self.unit}"

    @property
    def scope_unit_id(self):
        return self.unit_id

    def memberships_on(self, day):
        """The memberships in force on `day` (from `started_on` to `ended_on`, both included)."""
        return (
            self.memberships.filter(started_on__lte=day)
            .filter(models.Q(ended_on__isnull=True) | models.Q(ended_on__gte=day))
            .select_related("cadre")
            .order_by("cadre__full_name", "pk")
        )


class CollectiveMembership(TimeStampedModel):
    """A cadre's membership of a collective from `started_on` until `ended_on` (open while null). Memberships are
    never deleted: a member who leaves gets an end date, so the collective's size on any past date stays
    known (history)."""

    SCOPE_UNIT_LOOKUP = "collective__unit"

    collective = models.ForeignKey(
        Collective, verbose_name=_("collective"), on_delete=models.PROTECT, related_name="memberships"
    )
    cadre = models.ForeignKey(
        "cadres.Cadre",
        verbose_name=_("cadre"),
        on_delete=models.PROTECT,
        related_name="collective_memberships",
    )
    started_on = models.DateField(_("member from"))
    ended_on = models.DateField(_("member until"), null=True, blank=True)
    history = history()

    class Meta:
        ordering = ["collective", "started_on", "pk"]
        verbose_name = _("membership of a collective")
        verbose_name_plural = _("memberships of collectives")

    def __str__(self):
        return f"{self.cadre_id} @ {self.collective_id}"

    @property
    def scope_unit_id(self):
        return self.collective.unit_id


class Conference(TimeStampedModel):
    """One conference (hội nghị) of a procedure, as its minutes and vote-count minutes record it."""

    SCOPE_UNIT_LOOKUP = "unit"
    CONFLICT_CADRE_LOOKUP = "candidates__cadre"

    class Outcome(models.TextChoices):
        PASSED = rules.OUTCOME_PASSED, _("Passed")
        ADVANCED = rules.OUTCOME_ADVANCED, _("Nobody passed; the best candidates go forward")
        FAILED = rules.OUTCOME_FAILED, _("Nobody passed")

    class HeadDecision(models.TextChoices):
        APPROVE = "approve", _("The head approves")
        REJECT = "reject", _("The head rejects")

    process = models.ForeignKey(
        "viewflow.Process",
        verbose_name=_("procedure"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="conferences",
    )
    unit = models.ForeignKey(
        "organisation.OrgUnit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="conferences"
    )
    rule_set = models.ForeignKey(
        "rulesets.RuleSet", verbose_name=_("rule set"), on_delete=models.PROTECT, related_name="conferences"
    )
    step_code = models.CharField(_("step"), max_length=60, db_index=True)
    title = models.CharField(_("conference"), max_length=300)
    electorate = models.CharField(_("convened body"), max_length=200, blank=True)
    ballot_kind = models.CharField(_("ballot"), max_length=20, choices=BallotKind.choices)
    denominator_kind = models.CharField(_("counted against"), max_length=20, choices=DenominatorKind.choices)
    list_approval = models.BooleanField(_("vote on the list of candidates"), default=False)
    held_on = models.DateField(_("held on"))
    seats = models.PositiveSmallIntegerField(_("seats"), default=1)
    convened = models.PositiveIntegerField(_("members convened"))
    present = models.PositiveIntegerField(_("members present"))
    ballots_issued = models.PositiveIntegerField(_("ballots issued"))
    ballots_returned = models.PositiveIntegerField(_("ballots returned"))
    ballots_valid = models.PositiveIntegerField(_("valid ballots"))
    collective_members = models.PositiveIntegerField(_("members of the collective"), null=True, blank=True)
    collective = models.ForeignKey(
        Collective,
        verbose_name=_("collective"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="conferences",
    )
    registry_members = models.PositiveIntegerField(
        _("members of the collective in the registry on that date"), null=True, blank=True
    )
    convened_members = models.ManyToManyField(
        "cadres.Cadre", verbose_name=_("members convened"), blank=True, related_name="+"
    )
    size_reason = models.TextField(_("reason for a figure that differs from the registry"), blank=True)
    list_votes_for = models.PositiveIntegerField(_("votes for the list"), null=True, blank=True)
    quorum_fraction = models.CharField(_("quorum"), max_length=20)
    pass_fraction = models.CharField(_("pass share"), max_length=20)
    denominator_value = models.PositiveIntegerField(_("legal denominator"))
    announce_result = models.BooleanField(_("result announced at the conference"))
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    head_decision = models.CharField(
        _("head's decision at a tie"), max_length=10, choices=HeadDecision.choices, null=True, blank=True
    )
    dissent = models.TextField(_("dissenting opinions"), blank=True)
    head_chose_at_equal_votes = models.BooleanField(
        _("the head chose among equal votes for the last seat"), default=False
    )
    tie_at_cutoff = models.BooleanField(_("equal tallies at a cut-off"), default=False)
    minutes = models.FileField(
        _("minutes"), upload_to="conferences/minutes/%Y/%m/", validators=[validate_upload]
    )
    count_minutes = models.FileField(
        _("vote-count minutes"), upload_to="conferences/count-minutes/%Y/%m/", validators=[validate_upload]
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="recorded_conferences",
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    history = history()

    class Meta:
        ordering = ["held_on", "pk"]
        verbose_name = _("conference")
        verbose_name_plural = _("conferences")
        indexes = [models.Index(fields=["process", "step_code"])]

    def __str__(self):
        return f"{self.title} ({self.held_on:%d/%m/%Y})"

    @property
    def scope_unit_id(self):
        return self.unit_id

    def conflicted_cadre_ids(self):
        """R10: the candidates may not read or act on their own conference."""
        return set(self.candidates.values_list("cadre_id", flat=True))


class ConferenceCandidate(TimeStampedModel):
    """A candidate's tally at one conference: votes for (and against, on a confidence ballot), the exact
    share of the legal denominator rounded for display, and the result."""

    class Result(models.TextChoices):
        SELECTED = rules.SELECTED, _("Selected")
        ADVANCES = rules.ADVANCES, _("Goes forward")
        SURPLUS = rules.SURPLUS, _("Goes forward as a surplus candidate")
        NOT_SELECTED = rules.NOT_SELECTED, _("Not selected")

    conference = models.ForeignKey(
        Conference, verbose_name=_("conference"), on_delete=models.PROTECT, related_name="candidates"
    )
    cadre = models.ForeignKey(
        "cadres.Cadre", verbose_name=_("cadre"), on_delete=models.PROTECT, related_name="conference_results"
    )
    votes_for = models.PositiveIntegerField(_("votes for"))
    votes_against = models.PositiveIntegerField(_("votes against"), null=True, blank=True)
    share = models.DecimalField(_("share of the denominator"), max_digits=7, decimal_places=6)
    result = models.CharField(_("result"), max_length=20, choices=Result.choices)
    head_decided = models.BooleanField(_("decided by the head at a tie"), default=False)
    history = history()

    class Meta:
        ordering = ["conference", "-votes_for", "pk"]
        verbose_name = _("conference candidate")
        verbose_name_plural = _("conference candidates")
        constraints = [
            models.UniqueConstraint(fields=["conference", "cadre"], name="one_tally_per_candidate"),
        ]

    def __str__(self):
        return f"{self.cadre_id}: {self.votes_for}"

    @property
    def percent(self):
        return self.share * 100
