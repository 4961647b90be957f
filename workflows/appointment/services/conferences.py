"""The appointment's conferences and verification (thẩm định) of the candidates."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.history import acting_as
from apps.core.rules import RuleViolation
from workflows.common.models import StepAttachment
from workflows.common.services import attach
from workflows.common.services import audit as _audit
from workflows.common.services import complete as _complete

from .. import rules
from ..models import AppointmentCandidate, Source
from ..models import AppointmentOutcome as Outcome
from .listing import _eligibility

Status = AppointmentCandidate.Status


def step_specs(process):
    from apps.conferences import steps

    if process.source == Source.INTERNAL:
        return steps.appointment_internal_steps(process.params)
    return steps.appointment_external_steps(process.params)


active_candidates = AppointmentCandidate.active_in


@transaction.atomic
def record_step(*, process, task, step_index, conference_data, tallies, minutes, count_minutes, actor):
    """The organisation board records one conference of the procedure (R5, R9): only counts and tallies, never
    who voted for whom. ``apps.conferences`` checks the counts, quorum, surplus and minutes and computes the
    result against the step's legal denominator; whoever it selects or advances — and, under the local surplus
    rule (R1), the next-ranked names carried forward as surplus candidates — goes on to the next step, the
    others stop here with the reason. If nobody is left the procedure closes as "no candidate passed"."""
    from apps.conferences import rules as conf_rules
    from apps.conferences import services as conf_services

    spec = step_specs(process)[step_index]
    candidates = active_candidates(process)
    conference = conf_services.record_conference(
        process=process,
        unit=process.unit,
        spec=spec,
        params=process.params,
        rule_set=process.rule_set,
        candidates=[c.cadre for c in candidates],
        seats=process.seats,
        tallies=tallies,
        minutes=minutes,
        count_minutes=count_minutes,
        actor=actor,
        **conference_data,
    )
    results = {cc.cadre_id: cc.result for cc in conference.candidates.all()}  # rows kept by record_conference
    advancing = conf_rules.GOING_ON
    going_on, stopped = [], []
    with acting_as(actor):
        for candidate in candidates:
            going = not spec.decisive or results.get(candidate.cadre_id) in advancing
            changed = candidate.record_step(
                spec,
                going,
                stopped_reason=_("Did not reach the threshold at: {step}"),
                advance_to=Status.SELECTED if spec.decisive and step_index > 0 else None,
            )
            if changed:
                candidate.save(update_fields=changed)
            (going_on if going else stopped).append(candidate)
        for upload, stored, kind in (
            (minutes, conference.minutes, StepAttachment.Kind.BIEN_BAN),
            (count_minutes, conference.count_minutes, StepAttachment.Kind.PHIEU_KIEM_PHIEU),
        ):
            # H6: the conference's minutes among the procedure's documents, the file it stored (one copy)
            attach(process, task, kind, actor, upload=upload, stored=stored)
        if spec.final:
            # R4: the final vote picks at most as many winners as seats (the conference rule guarantees it)
            rules.require_winners_within_seats(len(going_on), process.seats)
        if not going_on:
            process.outcome = Outcome.NO_CANDIDATE_PASSED
            process.outcome_reason = _("No candidate reached the threshold at: {step}").format(
                step=spec.title
            )
            process.save(update_fields=["outcome", "outcome_reason"])
    _complete(task, actor)
    _audit(
        "appointment.step_recorded",
        conference,
        process,
        actor,
        step=spec.code,
        outcome=str(getattr(conference, "outcome", "")),
        going_on=[c.cadre_id for c in going_on],
        stopped=[c.cadre_id for c in stopped],
    )
    return conference


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


@transaction.atomic
def verify_candidates(*, process, task, documents, actor):
    """Verification (thẩm định) of every remaining candidate (R2, R3, R6, R7, R11; H8–H15, H25).

    `documents` maps candidate id → {"self_assessment": file, "evaluation": file, "years": int}. Every check is
    stored with its evidence; a candidate failing any check stops here with the reasons. If nobody passes the
    procedure closes as "no candidate passed".
    """
    from workflows.common import dossier

    candidates = active_candidates(process)
    if not candidates:
        raise RuleViolation("no_candidates", _("No candidate is left to verify."))
    # procedures §4 items 4–5, H14: the self-assessment and the collective's evaluation, not a number of years
    dossier.require_documents([(c.cadre, dossier.attached(c, documents.get(c.pk, {}))) for c in candidates])
    if _ask_political_protection(process, candidates, documents, actor):
        _complete(task, actor)
        return candidates
    now = timezone.now()
    passed = []
    with acting_as(actor):
        for candidate in candidates:
            candidate.attach_documents(documents.get(candidate.pk, {}))
            results = _eligibility(
                candidate.cadre, process, self_assessment_years=candidate.self_assessment_years
            )
            failed = candidate.record_verification(results, now)
            if not failed:
                passed.append(candidate)
            _audit(
                "candidate.verified",
                candidate,
                process,
                actor,
                cadre=candidate.cadre_id,
                passed=not failed,
                failed_checks=[r.code for r in failed],
            )
        if not passed:
            process.outcome = Outcome.NO_CANDIDATE_PASSED
            process.outcome_reason = _("No candidate passed verification.")
            process.save(update_fields=["outcome", "outcome_reason"])
    _complete(task, actor)
    return candidates


def _ask_political_protection(process, candidates, documents, actor):
    """procedures §9 (H13): a candidate whose political-standard conclusion is missing or expired is not failed
    but asked for — a request to internal political protection, a task of the flow; verification waits for the
    answer and runs again. The documents uploaded meanwhile are kept. Returns whether anything was asked."""
    from workflows.common import political_protection

    on = timezone.localdate()
    gaps = [
        (candidate.cadre, reason)
        for candidate in candidates
        if (reason := political_protection.missing_or_expired(candidate.cadre, process.params, on))
    ]
    if not gaps:
        return False
    with acting_as(actor):
        for candidate in candidates:
            candidate.attach_documents(documents.get(candidate.pk, {}))
            candidate.save()
    requests = political_protection.request_conclusions(process, gaps, actor=actor)
    _audit(
        "verification.awaits_political_protection", process, process, actor, requests=[r.pk for r in requests]
    )
    return True
