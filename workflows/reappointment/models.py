"""The reappointment procedure's process (docs/procedures.md §5; H16, H17).

One ``ReappointmentProcess`` per term that is about to end: it points at the tenure (who holds which seat until
when), records the notice, the cadre's self-assessment report on the term, the conferences' results, the
verification with its evidence, the leadership's decision and the signed decision document. The process closes
as reappointed (a new tenure for a new term), not reappointed (the tenure ends at term end and the seat becomes
vacant), extended to retirement, or withdrawn.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.utils.translation import gettext_lazy as _
from viewflow.workflow.models import Process

from workflows.common.models import (
    ProcedureFields,
    VerificationCheck,
    outcome_field,
    procedure_history,
    validate_attachment,
)


class Path(models.TextChoices):
    """Which path the procedure follows, fixed when it opens (H17)."""

    REAPPOINT = "reappoint", _("Reappointment for a new term")
    EXTENSION = "extension", _("Extension of the term to retirement age")


class ReappointmentOutcome(models.TextChoices):
    """How a reappointment procedure ended; keeps the ``ProcedureOutcome`` contract."""

    IN_PROGRESS = "in_progress", _("In progress")
    REAPPOINTED = "reappointed", _("Reappointed")
    NOT_REAPPOINTED = "not_reappointed", _("Not reappointed")
    EXTENDED = "extended", _("Term extended to retirement")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Choice(models.TextChoices):
    """The leadership collective's decision, before the decision document is drafted and signed."""

    REAPPOINT = "reappoint", _("Reappoint for a new term")
    EXTEND = "extend", _("Extend the term to retirement age")
    NOT_REAPPOINT = "not_reappoint", _("Do not reappoint")


class Conclusion(models.TextChoices):
    MEETS = "meets", _("The cadre meets the conditions")
    DOES_NOT_MEET = "does_not_meet", _("The cadre does not meet the conditions")


def _self_assessment_path(instance, filename):
    return f"procedures/{instance.pk}/self_assessment/{filename}"


class ReappointmentProcess(ProcedureFields, Process):
    """The reappointment (bổ nhiệm lại) of the holder of one tenure, or the extension of their term to retirement.

    Opened automatically once per tenure when its term ends within the rule set's notice period
    (``reappointment_notice_days``, calendar or working days; ND 138 Đ.52, 377), or by the organisation board.
    At most one open procedure per tenure (a database constraint, so that concurrent openers cannot both open one).
    The cadre whose term it is never sees or acts on it (R10).
    """

    SCOPE_UNIT_LOOKUP = "unit"
    CONFLICT_CADRE_LOOKUP = "cadre"

    outcome = outcome_field(ReappointmentOutcome)
    tenure = models.ForeignKey(
        "cadres.Tenure",
        verbose_name=_("tenure"),
        on_delete=models.PROTECT,
        related_name="reappointment_procedures",
    )
    cadre = models.ForeignKey(
        "cadres.Cadre", verbose_name=_("cadre"), on_delete=models.PROTECT, related_name="+"
    )
    # copied when the procedure opens, so that lists name the cadre without a join (and keep the name it had)
    cadre_name = models.CharField(_("cadre's name"), max_length=120)
    term_end = models.DateField(_("term ends"))
    retirement_on = models.DateField(_("statutory retirement on"), null=True, blank=True)
    path = models.CharField(_("path"), max_length=10, choices=Path.choices, default=Path.REAPPOINT)
    opened_automatically = models.BooleanField(_("opened by the scheduled job"), default=False)
    notice_due_on = models.DateField(_("notice due by"), null=True, blank=True)
    # the notice to the cadre (step 1)
    notice_sent_on = models.DateField(_("notice sent on"), null=True, blank=True)
    notice_reference = models.CharField(_("notice reference"), max_length=200, blank=True)
    notice_text = models.TextField(_("notice"), blank=True)
    # the cadre's self-assessment report on the term (step 2)
    self_assessment = models.FileField(
        _("self-assessment report (file)"),
        upload_to=_self_assessment_path,
        blank=True,
        validators=[validate_attachment],
    )
    self_assessment_text = models.TextField(_("self-assessment report"), blank=True)
    self_assessment_years = models.PositiveSmallIntegerField(
        _("years covered by the self-assessment"), default=0
    )
    health_statement = models.TextField(_("health statement"), blank=True)
    self_assessment_submitted_at = models.DateTimeField(
        _("self-assessment submitted at"), null=True, blank=True
    )
    self_assessment_submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("self-assessment submitted by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # conferences and verification
    vote_passed = models.BooleanField(_("the collective's vote passed"), null=True, blank=True)
    health_ok = models.BooleanField(_("health sufficient for the duties"), null=True, blank=True)
    prestige_ok = models.BooleanField(_("prestige retained"), null=True, blank=True)
    task_fit_ok = models.BooleanField(_("fit for the tasks"), null=True, blank=True)
    checks = GenericRelation(
        VerificationCheck, content_type_field="candidate_type", object_id_field="candidate_id"
    )
    verification_passed = models.BooleanField(_("verification passed"), null=True, blank=True)
    verification_remarks = models.TextField(_("verification remarks"), blank=True)
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    # the leadership's decision and the decision document
    choice = models.CharField(_("leadership's decision"), max_length=20, choices=Choice.choices, blank=True)
    choice_reasons = models.TextField(_("reasons"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision = models.ForeignKey(
        "decisions.Decision",
        verbose_name=_("decision"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    overdue_flagged_at = models.DateTimeField(_("flagged as overdue at"), null=True, blank=True)
    history = procedure_history()

    class Meta:
        ordering = ["-created"]
        verbose_name = _("reappointment procedure")
        verbose_name_plural = _("reappointment procedures")
        constraints = [
            models.UniqueConstraint(
                fields=["tenure"],
                condition=models.Q(outcome="in_progress"),
                name="one_open_reappointment_per_tenure",
            )
        ]
        indexes = [models.Index(fields=["outcome", "term_end"])]

    def __str__(self):
        return _("Reappointment #{pk}: {cadre}, {position} (term ends {day})").format(
            pk=self.pk,
            cadre=self.cadre_name,
            position=self.position.title if self.position_id else "",
            day=self.term_end.strftime("%d/%m/%Y") if self.term_end else "—",
        )

    def conflicted_cadre_ids(self):
        return {self.cadre_id} if self.cadre_id else set()

    @property
    def is_extension(self):
        return self.path == Path.EXTENSION

    @property
    def has_self_assessment(self):
        return bool(self.self_assessment) or bool(self.self_assessment_text.strip())
