"""The revocation procedure's records (R8, H21; docs/procedures.md §10; issue 5 part 3).

A revocation *case* is a procedure about one signed decision: opened by the inspection commission or the
organisation board with grounds and evidence, investigated by the inspection commission, decided by the competent
authority (the leadership of the authority that issued the decision): revoke it by a revocation decision, or keep
it with the reasons. The people who proposed, verified and decided the original are copied onto the case as
``InvolvedPerson`` rows from the decision's ``DecisionParticipant`` rows, so that findings and discipline
recommendations are recorded against them even after they moved to another unit or retired (Luật CBCC 2019:
violations committed in office are handled after the person left).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from viewflow.workflow.models import Process

from apps.core.history import history
from apps.decisions.models import DecisionParticipant
from workflows.common.models import ProcedureFields, outcome_field, procedure_history


class CaseOutcome(models.TextChoices):
    """How a case ended; keeps the ``ProcedureOutcome`` contract (withdrawal, "is the procedure open")."""

    IN_PROGRESS = "in_progress", _("In progress")
    REVOKED = "revoked", _("Decision revoked")
    KEPT = "kept", _("Decision kept")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Ruling(models.TextChoices):
    PENDING = "", _("Not decided")
    REVOKE = "revoke", _("Revoke the decision (hủy bỏ / thu hồi)")
    KEEP = "keep", _("Keep the decision")


class RevocationProcess(ProcedureFields, Process):
    """One revocation case against one signed decision. At most one case per decision is open at a time; a decision
    already revoked cannot be the subject of a case (both refused by ``rules`` and, for the first, by a constraint).

    `unit` and `position` are the decision's position and its unit: they decide who may follow the case
    (``scope_unit_id``). The cadre the decision is about never acts on or reads the case (R10).
    """

    CONFLICT_CADRE_LOOKUP = "decision__cadre"

    decision = models.ForeignKey(
        "decisions.Decision",
        verbose_name=_("decision under review"),
        null=True,
        on_delete=models.PROTECT,
        related_name="revocation_cases",
    )
    # copied when the case is opened (a signed decision's number never changes): lists print it without a join
    decision_number = models.CharField(_("decision number"), max_length=50, blank=True)
    grounds = models.TextField(_("grounds for opening the case"), blank=True)
    opened_as = models.CharField(_("opened by (role)"), max_length=30, blank=True)
    findings = models.TextField(_("findings of the investigation"), blank=True)
    investigated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("investigated by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    investigated_at = models.DateTimeField(_("investigated at"), null=True, blank=True)
    ruling = models.CharField(_("ruling"), max_length=10, choices=Ruling.choices, blank=True, default="")
    ruling_reason = models.TextField(_("reasons for the ruling"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    revocation_decision = models.ForeignKey(
        "decisions.Decision",
        verbose_name=_("revocation decision"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    outcome = outcome_field(CaseOutcome)
    history = procedure_history()

    class Meta:
        ordering = ["-created"]
        verbose_name = _("revocation case")
        verbose_name_plural = _("revocation cases")
        constraints = [
            models.UniqueConstraint(
                fields=["decision"],
                condition=models.Q(outcome="in_progress"),
                name="one_open_revocation_case_per_decision",
            )
        ]

    def __str__(self):
        if self.decision_number:
            return _("Revocation case #{pk}: decision {number}").format(
                pk=self.pk, number=self.decision_number
            )
        return _("Revocation case #{pk}").format(pk=self.pk)

    def conflicted_cadre_ids(self):
        """R10: the cadre the decision is about never acts on or reads the case. (The people involved in the
        original are kept out of its investigation by ``rules.require_not_involved``; they may still sit in the
        competent authority that decides.)"""
        cached = getattr(self, "_conflicted_cache", None)
        if cached is None:
            cached = self._conflicted_cache = {self.decision.cadre_id} if self.decision_id else set()
        return cached


class InvolvedPerson(models.Model):
    """Someone who took part in the decision under review, as recorded on it, and what the case says about them.

    `unit_at_the_time` and `title_at_the_time` are copied from the decision's participant row; the person's
    current unit and status are read live (their cadre record and role assignments), so a transfer or a
    retirement never hides them. A discipline recommendation for a cadre opens a disciplinary case under review
    in the registry (``discipline``); for someone without a cadre record it stays recorded here.
    """

    class Recommendation(models.TextChoices):
        NONE = "", _("No recommendation")
        DISCIPLINE = "discipline", _("Disciplinary review recommended")

    case = models.ForeignKey(
        RevocationProcess, verbose_name=_("case"), on_delete=models.PROTECT, related_name="involved"
    )
    participant = models.ForeignKey(
        "decisions.DecisionParticipant",
        verbose_name=_("participation in the decision"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.PROTECT, related_name="+"
    )
    cadre = models.ForeignKey(
        "cadres.Cadre",
        verbose_name=_("cadre record"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="revocation_involvements",
    )
    role_in_procedure = models.CharField(
        _("role in the original procedure"), max_length=30, choices=DecisionParticipant.Role.choices
    )
    unit_at_the_time = models.ForeignKey(
        "organisation.OrgUnit",
        verbose_name=_("unit at the time"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    title_at_the_time = models.CharField(_("title at the time"), max_length=200, blank=True)
    name_at_the_time = models.CharField(_("name at the time"), max_length=200, blank=True)
    recommendation = models.CharField(
        _("recommendation"), max_length=20, choices=Recommendation.choices, blank=True, default=""
    )
    note = models.TextField(_("finding about this person"), blank=True)
    discipline = models.ForeignKey(
        "cadres.Discipline",
        verbose_name=_("disciplinary case opened"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    history = history()

    class Meta:
        ordering = ["case", "pk"]
        verbose_name = _("person involved")
        verbose_name_plural = _("people involved")
        constraints = [
            models.UniqueConstraint(
                fields=["case", "user", "role_in_procedure"], name="one_involvement_per_role"
            )
        ]

    def __str__(self):
        return f"{self.name_at_the_time or self.user_id} — {self.role_in_procedure}"

    @property
    def scope_unit_id(self):
        return self.case.unit_id


class CaseReport(models.Model):
    """A violation report linked to a revocation case (a report can open a case, or join an open one).

    Written by ``workflows.revocation.case_links.link_report_to_case``; never removed.
    """

    case = models.ForeignKey(
        RevocationProcess, verbose_name=_("case"), on_delete=models.PROTECT, related_name="report_links"
    )
    report = models.ForeignKey(
        "audit.ViolationReport",
        verbose_name=_("violation report"),
        on_delete=models.PROTECT,
        related_name="revocation_links",
    )
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("linked by"), on_delete=models.PROTECT, related_name="+"
    )
    linked_at = models.DateTimeField(_("linked at"), auto_now_add=True)
    history = history()

    class Meta:
        ordering = ["case", "pk"]
        verbose_name = _("report linked to a case")
        verbose_name_plural = _("reports linked to cases")
        constraints = [
            models.UniqueConstraint(fields=["case", "report"], name="one_link_per_case_and_report")
        ]

    def __str__(self):
        return f"{self.case_id} ← {self.report_id}"
