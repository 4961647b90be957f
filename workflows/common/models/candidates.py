"""The fields and candidacy helpers of a procedure's candidate, and the verification checks with their evidence."""

from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from .uploads import candidate_evaluation_path, candidate_self_assessment_path, validate_attachment


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
