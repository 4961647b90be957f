"""The planning review's records (377-QĐ/TW; QĐ 50 PL2; docs/procedures.md §7).

One review is about one post (title) for one term: the cadres planned for it are listed with the removals the
rules propose (over age, disciplined, political standard not met), new cadres are added from the internal or an
external source, the key officials vote by secret ballot, the collective decides, and a planning decision per
cadre added or removed updates the registry's ``PlanningEntry`` rows.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from viewflow.workflow.models import Process

from apps.core.history import history
from workflows.common.models import ProcedureFields, outcome_field, procedure_history


class PlanningOutcome(models.TextChoices):
    """How a planning review ended (or that it has not yet); keeps the ``ProcedureOutcome`` contract."""

    IN_PROGRESS = "in_progress", _("In progress")
    APPROVED = "approved", _("Planning approved")
    REJECTED = "rejected", _("Not approved by the collective")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class PlanningProcess(ProcedureFields, Process):
    """A yearly review (rà soát, bổ sung) of the planning of one post (`position`) for one `term`."""

    CONFLICT_CADRE_LOOKUP = "lines__cadre"

    term = models.CharField(_("term"), max_length=20, blank=True, help_text=_("e.g. 2025-2030"))
    review_year = models.PositiveSmallIntegerField(_("review year"), null=True)
    vote_passed = models.BooleanField(_("collective approved"), null=True)
    outcome = outcome_field(PlanningOutcome)
    history = procedure_history()

    class Meta:
        ordering = ["-created"]
        verbose_name = _("planning review")
        verbose_name_plural = _("planning reviews")

    def __str__(self):
        title = self.position.title if self.position_id else ""
        return _("Planning review #{pk}: {title} {term}").format(pk=self.pk, title=title, term=self.term)

    def conflicted_cadre_ids(self):
        """R10: the cadres reviewed never act on or read the review."""
        cached = getattr(self, "_conflicted_cache", None)
        if cached is None:
            cached = self._conflicted_cache = (
                set(self.lines.values_list("cadre_id", flat=True)) if self.pk else set()
            )
        return cached


class PlanningLine(models.Model):
    """One cadre in the review: already planned (kept or removed) or proposed for addition."""

    class Kind(models.TextChoices):
        CURRENT = "current", _("In the planning")
        ADDITION = "addition", _("Proposed addition")

    class Source(models.TextChoices):
        INTERNAL = "internal", _("Internal source")
        EXTERNAL = "external", _("External source")

    class Proposal(models.TextChoices):
        KEEP = "keep", _("Keep")
        REMOVE = "remove", _("Remove")
        ADD = "add", _("Add")
        DROPPED = "dropped", _("Not supported by the key officials")

    process = models.ForeignKey(
        PlanningProcess, verbose_name=_("review"), on_delete=models.PROTECT, related_name="lines"
    )
    cadre = models.ForeignKey(
        "cadres.Cadre",
        verbose_name=_("cadre"),
        on_delete=models.PROTECT,
        related_name="planning_review_lines",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, blank=True)
    entry = models.ForeignKey(
        "cadres.PlanningEntry",
        verbose_name=_("planning entry"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    proposal = models.CharField(_("proposal"), max_length=10, choices=Proposal.choices)
    auto_reasons = models.JSONField(_("reasons found by the rules"), default=list, blank=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    key_votes_for = models.PositiveIntegerField(_("key officials' votes for"), null=True, blank=True)
    decision = models.ForeignKey(
        "decisions.Decision",
        verbose_name=_("decision"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    history = history()

    class Meta:
        ordering = ["process", "kind", "pk"]
        verbose_name = _("cadre in a planning review")
        verbose_name_plural = _("cadres in a planning review")
        constraints = [
            models.UniqueConstraint(fields=["process", "cadre"], name="one_line_per_cadre_and_review")
        ]

    def __str__(self):
        return f"{self.cadre} — {self.get_proposal_display()}"

    @property
    def scope_unit_id(self):
        return self.process.unit_id
