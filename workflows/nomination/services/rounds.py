"""The five rounds of secret ballots and the verification of every remaining candidate."""

from dataclasses import replace

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.history import acting_as
from apps.core.rules import RuleViolation
from workflows.common.models import StepAttachment

from ..models import NominationCandidate, NominationOutcome
from .common import audit, complete, discard, list_bounds

Status = NominationCandidate.Status


def round_specs(process):
    """The five rounds of introducing party-committee personnel (Chỉ thị 35 appendix; docs/procedures.md §6), as the
    procedure's rule set has them."""
    from apps.conferences import steps

    return steps.nomination_steps(process.params)


def round_spec(process, index):
    return round_specs(process)[index]


def active_candidates(process):
    return list(
        process.candidates.filter(status__in=NominationCandidate.ACTIVE_STATUSES)
        .select_related("cadre")
        .order_by("pk")
    )


def _attach_stored(process, task, upload, stored, kind, actor):
    """List a conference's minutes among the procedure's documents (H6), pointing at the file the conference
    stored (one copy)."""
    attachment = StepAttachment(
        process_id=process.pk,
        task=task,
        author=actor,
        kind=kind,
        original_name=upload.name[:255],
        size=upload.size,
        content_type=(getattr(upload, "content_type", "") or "")[:100],
    )
    attachment.file.name = stored.name
    attachment.save()
    return attachment


def _close_unless_enough(process, going_on, stopped_where, actor):
    """Nobody left: closes as "nobody passed". Fewer left than the list's fewest names (seats + the least
    surplus, H19): the list could no longer carry its surplus, so the procedure closes with the reason and those
    left stop too. Returns whether it closed."""
    fewest, _most = list_bounds(process)
    if going_on and len(going_on) >= fewest:
        return False
    if not going_on:
        process.outcome = NominationOutcome.NO_CANDIDATE_PASSED
        process.outcome_reason = _("Nobody passed: {step}.").format(step=stopped_where)
    else:
        process.outcome = NominationOutcome.TOO_FEW_CANDIDATES
        process.outcome_reason = _(
            "Only {n} candidate(s) passed {step}: the list for {seats} seat(s) needs at least {fewest}."
        ).format(n=len(going_on), step=stopped_where, seats=process.seats, fewest=fewest)
        for candidate in going_on:
            candidate.status = Status.ELIMINATED
            candidate.reason = process.outcome_reason
            candidate.save(update_fields=["status", "reason"])
    with acting_as(actor):
        process.save(update_fields=["outcome", "outcome_reason"])
    return True


@transaction.atomic
def record_round(*, process, task, step_index, conference_data, tallies, minutes, count_minutes, actor):
    """The organisation board records one round (R5, R9): only counts and tallies, never who voted for whom.

    ``apps.conferences`` checks the counts, the quorum (H1) and the minutes and computes each result against
    those convened (H2): every name with more than half of them goes on (each voter may keep every name on the
    ballot, so the conference is held for as many names as it lists); the others stop here with the reason.
    The rounds are held to the election surplus rather than to the local per-seat rule (see ``rules``), so the
    step is recorded without ``consults``; the procedure closes when nobody, or fewer than the list's fewest
    names (H19), go on.
    """
    from apps.conferences import rules as conference_rules
    from apps.conferences import services as conference_services

    spec = round_spec(process, step_index)
    candidates = active_candidates(process)
    if not candidates:
        raise RuleViolation("no_candidates", _("No candidate is left for this round."))
    conference = conference_services.record_conference(
        process=process,
        unit=process.unit,
        spec=replace(spec, consults=False, runoff_seats=process.seats),
        params=process.params,
        rule_set=process.rule_set,
        candidates=[c.cadre for c in candidates],
        seats=len(candidates),
        tallies=tallies,
        minutes=minutes,
        count_minutes=count_minutes,
        actor=actor,
        **conference_data,
    )
    rows = {row.cadre_id: row for row in conference.candidates.all()}
    going_on, stopped = [], []
    with acting_as(actor):
        for candidate in candidates:
            row = rows[candidate.cadre_id]
            candidate.round_votes = {**candidate.round_votes, spec.code: row.votes_for}
            if row.result in conference_rules.GOING_ON:
                candidate.status = Status.ELIGIBLE
                going_on.append(candidate)
            else:
                candidate.status = Status.ELIMINATED
                candidate.stopped_at_step = spec.code
                candidate.reason = _("Not introduced at: {step}").format(step=spec.title)
                stopped.append(candidate)
            candidate.save(update_fields=["round_votes", "status", "stopped_at_step", "reason"])
        for upload, stored, kind in (
            (minutes, conference.minutes, StepAttachment.Kind.BIEN_BAN),
            (count_minutes, conference.count_minutes, StepAttachment.Kind.PHIEU_KIEM_PHIEU),
        ):
            _attach_stored(process, task, upload, stored, kind, actor)
        _close_unless_enough(process, going_on, spec.title, actor)
    complete(task, actor)
    audit(
        "nomination.round_recorded",
        conference,
        process,
        actor,
        step=spec.code,
        outcome=conference.outcome,
        going_on=[c.cadre_id for c in going_on],
        stopped=[c.cadre_id for c in stopped],
    )
    return conference


def _eligibility(cadre, process, *, self_assessment_years=0):
    """Every nomination condition of the candidate for the position, judged today (HD 06: the day the advisory
    body has the dossier): political standard, achievements, retirement, planning, months in post, discipline,
    open reports, assets, résumé, non-local when required (``apps.cadres.eligibility``)."""
    from apps.cadres import eligibility

    on = timezone.localdate()
    facts = eligibility.gather_facts(cadre, process.position, on, self_assessment_years=self_assessment_years)
    return eligibility.evaluate(
        facts, eligibility.position_facts(process.position), process.params, on, purpose="nomination"
    )


def verification_preview(process, years_by_candidate=None):
    """[(candidate, [CheckResult…])] for the verification page: every check with its evidence."""
    years_by_candidate = years_by_candidate or {}
    return [
        (
            candidate,
            _eligibility(
                candidate.cadre,
                process,
                self_assessment_years=years_by_candidate.get(candidate.pk, candidate.self_assessment_years)
                or 0,
            ),
        )
        for candidate in active_candidates(process)
    ]


def _results_json(results):
    return [
        {
            "code": r.code,
            "label": str(r.label),
            "passed": bool(r.passed),
            "evidence": str(r.evidence or ""),
            "reason": str(r.reason or ""),
        }
        for r in results
    ]


def _verify_one(candidate, docs, process, now):
    for field in ("self_assessment", "evaluation"):
        if docs.get(field):
            getattr(candidate, field).save(docs[field].name, docs[field], save=False)
    candidate.self_assessment_years = docs.get("years", candidate.self_assessment_years) or 0
    results = _eligibility(candidate.cadre, process, self_assessment_years=candidate.self_assessment_years)
    candidate.verification = _results_json(results)
    candidate.verified_at = now
    failed = [r for r in results if not r.passed]
    if failed:
        candidate.status = Status.FAILED_VERIFICATION
        candidate.stopped_at_step = "verification"
        candidate.reason = "; ".join(str(r.reason or r.label) for r in failed)
    candidate.save()
    return failed


@transaction.atomic
def verify_candidates(*, process, task, documents, actor):
    """Verification (thẩm định) of every remaining candidate as for an appointment (R2, R3, R6, R7, R11;
    H8–H15, H25). `documents` maps candidate id → {"self_assessment": file, "evaluation": file, "years": int}.
    Every check is stored with its evidence; a candidate failing any check stops here with the reasons. The
    procedure closes when nobody, or fewer than the list's fewest names, passed."""
    from workflows.common import dossier

    candidates = active_candidates(process)
    if not candidates:
        raise RuleViolation("no_candidates", _("No candidate is left to verify."))
    # procedures §4 items 4–5, H14: the self-assessment and the collective's evaluation, not a number of years
    dossier.require_documents([(c.cadre, dossier.attached(c, documents.get(c.pk, {}))) for c in candidates])
    from workflows.common import political_protection

    if political_protection.ask_if_needed(process, candidates, actor=actor):
        # procedures §9: a conclusion missing or expired is asked of political protection; verification waits
        audit("verification.awaits_political_protection", process, process, actor)
        complete(task, actor)
        return candidates
    now = timezone.now()
    passed = []
    stored = []
    try:
        with acting_as(actor):
            for candidate in candidates:
                failed = _verify_one(candidate, documents.get(candidate.pk, {}), process, now)
                stored += [candidate.self_assessment, candidate.evaluation]
                if not failed:
                    passed.append(candidate)
                audit(
                    "candidate.verified",
                    candidate,
                    process,
                    actor,
                    cadre=candidate.cadre_id,
                    passed=not failed,
                    failed_checks=[r.code for r in failed],
                )
            _close_unless_enough(process, passed, _("the verification"), actor)
        complete(task, actor)
    except BaseException:
        discard(stored)
        raise
    return candidates
