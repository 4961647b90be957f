"""Machinery every procedure shares: the fields of a procedure process and its outcome contract, the fields and
candidacy helpers of a procedure's candidate, the verification checks, step comments and attachments, and due
dates per task.

A concrete procedure (appointment, reappointment, nomination, revocation) declares its Viewflow process as a
multi-table subclass of ``viewflow.workflow.models.Process`` *and* of ``ProcedureFields``, so that the business
columns are real, queryable, reported columns (docs/style.md rule 7) and the scope and conflict-of-interest checks of
``apps.accounts.permissions`` work on it unchanged. Its outcomes are a ``TextChoices`` that keeps the contract of
``ProcedureOutcome`` (``outcome_field``); a procedure with candidates declares them as a subclass of
``CandidateFields``.
"""

import os

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from apps.core.history import history
from apps.core.uploads import check_upload


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


def _upload_to(instance, filename):
    return f"procedures/{instance.process_id}/{instance.kind}/{os.path.basename(filename)}"


def validate_attachment(upload):
    """Documents only, by content, within the product's size limit: the product-wide upload check
    (``apps.core.uploads.check_upload``); returns the content type the file's content shows."""
    return check_upload(upload)


class VerificationCheck(models.Model):
    """One check of a candidate's verification (thẩm định) with its evidence: political standard, discipline,
    age… (R2, R3, R6, R7, R11; H8–H15, H25) as ``apps.cadres.eligibility`` judged it on the day.

    The candidate is an appointment or nomination candidate, or the reappointment process itself (its one cadre).
    Written by ``CandidateFields.record_checks`` only; a verification that runs again replaces the rows.
    """

    process = models.ForeignKey(
        "viewflow.Process", verbose_name=_("procedure"), on_delete=models.PROTECT, related_name="+"
    )
    candidate_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    candidate_id = models.PositiveBigIntegerField()
    candidate = GenericForeignKey("candidate_type", "candidate_id")
    code = models.CharField(_("check"), max_length=60)
    label = models.CharField(_("what was checked"), max_length=255)
    passed = models.BooleanField(_("passed"))
    evidence = models.TextField(_("evidence"), blank=True)
    reason = models.TextField(_("reason"), blank=True)
    checked_at = models.DateTimeField(_("checked at"))

    class Meta:
        ordering = ["pk"]
        verbose_name = _("verification check")
        verbose_name_plural = _("verification checks")
        indexes = [
            models.Index(fields=["candidate_type", "candidate_id"], name="verification_check_candidate")
        ]

    def __str__(self):
        return f"{self.code}: {'✔' if self.passed else '✘'}"


def record_checks(candidate, process_id, results, at):
    """Store `results` (``CheckResult``s) as the verification checks of `candidate` (a candidate row, or the
    reappointment process), replacing those of an earlier run. Returns the failed results."""
    candidate_type = ContentType.objects.get_for_model(candidate, for_concrete_model=True)
    if candidate.verified_at is not None:
        VerificationCheck.objects.filter(candidate_type=candidate_type, candidate_id=candidate.pk).delete()
    VerificationCheck.objects.bulk_create(
        VerificationCheck(
            process_id=process_id,
            candidate_type=candidate_type,
            candidate_id=candidate.pk,
            code=r.code,
            label=str(r.label)[:255],
            passed=bool(r.passed),
            evidence=str(r.evidence or ""),
            reason=str(r.reason or ""),
            checked_at=at,
        )
        for r in results
    )
    candidate.verified_at = at
    return [r for r in results if not r.passed]


def candidate_self_assessment_path(instance, filename):
    return f"procedures/{instance.DOCUMENTS_DIR}/self_assessment/{os.path.basename(filename)}"


def candidate_evaluation_path(instance, filename):
    return f"procedures/{instance.DOCUMENTS_DIR}/evaluation/{os.path.basename(filename)}"


class CandidateFields(models.Model):
    """The columns and candidacy helpers of a cadre considered in a procedure (mixed into each procedure's
    candidate model, which adds its ``process`` foreign key with ``related_name="candidates"``, its ``Status``
    choices, ``ACTIVE_STATUSES`` and ``status`` field).

    A candidate is *active* while still in the running; a conference step stops the others (``stop_at``); the
    verification stores every check with its evidence and stops whoever failed one (``record_verification``).
    """

    #: statuses of a candidate still in the running
    ACTIVE_STATUSES = ()
    #: the folder of the candidate's documents under ``procedures/``
    DOCUMENTS_DIR = "candidates"

    cadre = models.ForeignKey(
        "cadres.Cadre",
        verbose_name=_("cadre"),
        on_delete=models.PROTECT,
        related_name="%(app_label)s_candidacies",
    )
    reason = models.TextField(_("reason"), blank=True)
    stopped_at_step = models.CharField(_("stopped at step"), max_length=60, blank=True)
    self_assessment = models.FileField(
        _("self-assessment (last 3 years)"),
        upload_to=candidate_self_assessment_path,
        blank=True,
        validators=[validate_attachment],
    )
    evaluation = models.FileField(
        _("collective evaluation (last 3 years)"),
        upload_to=candidate_evaluation_path,
        blank=True,
        validators=[validate_attachment],
    )
    self_assessment_years = models.PositiveSmallIntegerField(
        _("years covered by the self-assessment"), default=0
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    checks = GenericRelation(
        VerificationCheck, content_type_field="candidate_type", object_id_field="candidate_id"
    )

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.cadre} — {self.get_status_display()}"

    @property
    def scope_unit_id(self):
        return self.process.unit_id

    @property
    def is_active(self):
        return self.status in self.ACTIVE_STATUSES

    @classmethod
    def active_in(cls, process):
        """The candidates of `process` still in the running, with their cadre, in the order they were listed."""
        return list(
            cls.objects.filter(process=process, status__in=cls.ACTIVE_STATUSES)
            .select_related("cadre")
            .order_by("pk")
        )

    def stop_at(self, step_code, reason, status=None):
        """The candidate stops at `step_code` with `reason` (eliminated unless `status` says otherwise); not
        saved. Returns the fields changed."""
        self.status = status or self.Status.ELIMINATED
        self.stopped_at_step = step_code
        self.reason = reason
        return ["status", "stopped_at_step", "reason"]

    def record_step(self, spec, going_on, *, stopped_reason, advance_to=None):
        """The result of conference step `spec` for the candidate: going on (moved to `advance_to` when given)
        or stopped at the step with `stopped_reason` (its ``{step}`` is the step's title). Not saved; returns the
        fields changed."""
        if not going_on:
            return self.stop_at(spec.code, stopped_reason.format(step=spec.title))
        if advance_to is None or self.status == advance_to:
            return []
        self.status = advance_to
        return ["status"]

    def attach_documents(self, docs):
        """The dossier's documents handed in at verification: `docs` {"self_assessment": file, "evaluation":
        file, "years": int} (each optional); not saved."""
        for field in ("self_assessment", "evaluation"):
            if docs.get(field):
                getattr(self, field).save(docs[field].name, docs[field], save=False)
        self.self_assessment_years = docs.get("years", self.self_assessment_years) or 0

    def record_verification(self, results, at):
        """Store every check of the verification with its evidence; a candidate failing any stops at the
        verification with the reasons. Saves the candidate; returns the failed results."""
        failed = record_checks(self, self.process_id, results, at)
        if failed:
            self.stop_at(
                "verification",
                "; ".join(str(r.reason or r.label) for r in failed),
                status=self.Status.FAILED_VERIFICATION,
            )
        self.save()
        return failed


class StepComment(models.Model):
    """A comment written on a procedure, optionally on one of its steps (task)."""

    process = models.ForeignKey(
        "viewflow.Process", verbose_name=_("procedure"), on_delete=models.PROTECT, related_name="comments"
    )
    task = models.ForeignKey(
        "viewflow.Task",
        verbose_name=_("step"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="comments",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(_("comment"), max_length=4000)
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)
    history = history()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("step comment")
        verbose_name_plural = _("step comments")

    def __str__(self):
        return self.text[:60]


class StepAttachment(models.Model):
    """A document attached to a procedure step: submission memo, minutes, vote-count minutes, decision…

    The dossier (ND 170 Đ.35 k.2) needs the minutes and vote-count minutes of every conference step (H6).
    """

    class Kind(models.TextChoices):
        TO_TRINH = "to_trinh", _("Submission memo (tờ trình)")
        BIEN_BAN = "bien_ban", _("Minutes (biên bản)")
        PHIEU_KIEM_PHIEU = "phieu_kiem_phieu", _("Vote-count minutes (biên bản kiểm phiếu)")
        QUYET_DINH = "quyet_dinh", _("Decision (quyết định)")
        SELF_ASSESSMENT = "self_assessment", _("Self-assessment")
        EVALUATION = "evaluation", _("Collective evaluation")
        OTHER = "other", _("Other document")

    process = models.ForeignKey(
        "viewflow.Process", verbose_name=_("procedure"), on_delete=models.PROTECT, related_name="attachments"
    )
    task = models.ForeignKey(
        "viewflow.Task",
        verbose_name=_("step"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="attachments",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    file = models.FileField(_("file"), upload_to=_upload_to, validators=[validate_attachment])
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveIntegerField(_("size (bytes)"))
    content_type = models.CharField(_("type"), max_length=100)
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    history = history()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("step attachment")
        verbose_name_plural = _("step attachments")

    def __str__(self):
        return f"{self.get_kind_display()}: {self.original_name}"


class TaskDeadline(models.Model):
    """When a human step is due, and when its reminder and escalation went out (R12, H7).

    Written by the procedure machinery when a task is created; read by the notifications app's periodic job,
    which sets `reminded_at` / `escalated_at` so that each goes out once.
    """

    task = models.OneToOneField(
        "viewflow.Task", verbose_name=_("step"), on_delete=models.CASCADE, related_name="deadline"
    )
    due_at = models.DateTimeField(_("due at"), db_index=True)
    reminded_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True)
    history = history()

    class Meta:
        ordering = ["due_at"]
        verbose_name = _("step deadline")
        verbose_name_plural = _("step deadlines")

    def __str__(self):
        return f"{self.task_id} → {self.due_at:%d/%m/%Y}"
