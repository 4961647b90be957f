"""The rotation's records (luân chuyển, 65-QĐ/TW; docs/procedures.md §8).

A rotation moves a cadre who holds a post to an equivalent post in another unit (vertically, between levels, or
horizontally, between units of one level) for a period of at least three years; at the end of the period the
scheduler opens the return (``kind = return``), which moves the cadre back (to their former post or another).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from viewflow.workflow.models import Process

from workflows.common.models import ProcedureFields, outcome_field, procedure_history


class RotationOutcome(models.TextChoices):
    """How a rotation or its return ended (or that it has not yet); keeps the ``ProcedureOutcome`` contract."""

    IN_PROGRESS = "in_progress", _("In progress")
    ROTATED = "rotated", _("Rotated")
    RETURNED = "returned", _("Returned")
    REJECTED = "rejected", _("Not approved by the collective")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class RotationProcess(ProcedureFields, Process):
    """A rotation of one cadre (`kind = rotation`) or the return from it (`kind = return`, `rotation` names it).

    `unit` and `position` are the post the cadre goes to (the target of a rotation, the post returned to); the
    post held before is `from_tenure`."""

    CONFLICT_CADRE_LOOKUP = "cadre"

    class Kind(models.TextChoices):
        ROTATION = "rotation", _("Rotation")
        RETURN = "return", _("Return at the end of the rotation")

    class Direction(models.TextChoices):
        VERTICAL = "vertical", _("Vertical (between levels)")
        HORIZONTAL = "horizontal", _("Horizontal (same level)")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.ROTATION)
    cadre = models.ForeignKey(
        "cadres.Cadre", verbose_name=_("cadre"), null=True, on_delete=models.PROTECT, related_name="rotations"
    )
    from_tenure = models.ForeignKey(
        "cadres.Tenure",
        verbose_name=_("post held before"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices, blank=True)
    period_months = models.PositiveSmallIntegerField(_("period (months)"), null=True, blank=True)
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    reason = models.TextField(_("purpose of the rotation"), blank=True)
    vote_passed = models.BooleanField(_("collective approved"), null=True)
    decision = models.ForeignKey(
        "decisions.Decision",
        verbose_name=_("decision"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    rotation = models.ForeignKey(
        "self",
        verbose_name=_("rotation returned from"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="returns",
    )
    outcome = outcome_field(RotationOutcome)
    history = procedure_history()

    class Meta:
        ordering = ["-created"]
        verbose_name = _("rotation")
        verbose_name_plural = _("rotations")
        constraints = [
            models.UniqueConstraint(
                fields=["rotation"], condition=models.Q(kind="return"), name="one_return_per_rotation"
            )
        ]

    def __str__(self):
        name = self.cadre.full_name if self.cadre_id else ""
        if self.kind == self.Kind.RETURN:
            return _("Return from rotation #{pk}: {name}").format(pk=self.pk, name=name)
        return _("Rotation #{pk}: {name}").format(pk=self.pk, name=name)

    def conflicted_cadre_ids(self):
        return {self.cadre_id} if self.cadre_id else set()
