"""The fields every procedure process carries and its outcome contract (``ProcedureOutcome``, ``outcome_field``)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from apps.core.history import history


class ProcedureOutcome(models.TextChoices):
    """The outcome contract of every procedure: the two values the shared machinery reads and writes.

    A procedure's own outcomes (``AppointmentOutcome``, ``NominationOutcome``…) are a ``TextChoices`` holding these
    two with the same values, plus how that procedure ends; ``outcome_field`` refuses one that does not. ``in_progress``
    is "open" (``ProcedureFields.is_open``, the open-procedure constraints); ``withdrawn`` is what a withdrawal writes
    (``workflows.common.services.withdraw_procedure``)."""

    IN_PROGRESS = "in_progress", _("In progress")
    WITHDRAWN = "withdrawn", _("Withdrawn")


def check_outcomes(choices):
    """Refuse (``TypeError``) outcome choices that break the contract of ``ProcedureOutcome``."""
    values = dict(choices.choices)
    missing = [v for v in ProcedureOutcome.values if v not in values]
    if missing:
        raise TypeError(f"{choices.__name__} lacks the procedure outcomes {missing} (ProcedureOutcome)")
    return choices


def outcome_field(choices=ProcedureOutcome):
    """The ``outcome`` column of a procedure process, with its own `choices` (checked against the contract)."""
    check_outcomes(choices)
    return models.CharField(
        _("outcome"),
        max_length=30,
        choices=choices.choices,
        default=ProcedureOutcome.IN_PROGRESS,
        db_index=True,
    )


#: procedure columns the history does not copy: the rule values are written once when the procedure starts and
#: never change (``params`` reads them from the process row), so a copy in every history row (≈ 1.7 KB of JSON,
#: one row per save, a dozen saves per procedure) recorded nothing (issue 13, bytes stored per procedure)
PROCEDURE_HISTORY_EXCLUDED = ["rule_snapshot"]


def procedure_history(**kwargs):
    """The history of a procedure's process model: ``history()`` without the columns that never change."""
    kwargs["excluded_fields"] = [*PROCEDURE_HISTORY_EXCLUDED, *kwargs.get("excluded_fields", ())]
    return history(**kwargs)


class ProcedureFields(models.Model):
    """The columns every procedure process carries (mixed into each concrete ``Process`` subclass).

    `rule_set` and `rule_snapshot` record the rules the procedure ran under so that a later inspection can replay
    its checks (docs/design.md §3). `unit` is the unit whose seat is filled: it decides who may see and act on the
    procedure (``scope_unit_id``). Subclasses say how to reach their candidates' cadre ids
    (``CONFLICT_CADRE_LOOKUP`` and ``conflicted_cadre_ids``) so that candidates never see or act on it (R10).
    """

    SCOPE_UNIT_LOOKUP = "unit"
    CONFLICT_CADRE_LOOKUP = None

    unit = models.ForeignKey(
        "organisation.OrgUnit",
        verbose_name=_("unit"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    position = models.ForeignKey(
        "organisation.Position",
        verbose_name=_("position"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    seats = models.PositiveSmallIntegerField(_("seats to fill"), default=1)
    rule_set = models.ForeignKey(
        "rulesets.RuleSet",
        verbose_name=_("rule set"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    rule_snapshot = models.JSONField(_("rule values used"), default=dict, blank=True)
    outcome = outcome_field()
    outcome_reason = models.TextField(_("reason for the outcome"), blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    policy_approved_on = models.DateField(_("policy approved on"), null=True, blank=True)
    due_on = models.DateField(
        _("procedure due on"),
        null=True,
        blank=True,
        help_text=_("Policy decision due date, then the whole procedure's due date after the policy"),
    )

    class Meta:
        abstract = True

    @property
    def scope_unit_id(self):
        return self.unit_id

    @property
    def params(self):
        """The resolved rule values this procedure runs under (from its snapshot, never re-read)."""
        from apps.rulesets.parameters import Params

        cached = getattr(self, "_params_cache", None)
        if cached is None:
            cached = self._params_cache = Params.from_snapshot(self.rule_snapshot)
        return cached

    def conflicted_cadre_ids(self):
        """Cadre ids of the candidates (R10). Subclasses with candidates override this."""
        return set()

    @property
    def is_open(self):
        return self.outcome == ProcedureOutcome.IN_PROGRESS

    def get_rule_snapshot_display(self):
        """What Viewflow's data card shows for the rule values (the procedure page lists them one by one)."""
        if not self.rule_snapshot:
            return ""
        return gettext("{count} values of rule set {code}").format(
            count=len(self.rule_snapshot.get("values", self.rule_snapshot)),
            code=getattr(self.rule_set, "code", "") if self.rule_set_id else "—",
        )
