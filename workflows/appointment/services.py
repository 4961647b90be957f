"""The appointment procedure's writers: one per step (``steps.STEPS``), run by the step runner
(``workflows.common.runner``), which locks the procedure, checks the actor and completes the task. Each runs the
step's rules, writes the business records, finishes the task where the next step must exist (``_complete``) and
appends the audit entry — all in one transaction, so a refused step changes nothing. Flow callbacks run inside ``acting_as(actor)`` so every
history row names the person who acted.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts import permissions
from apps.core.history import acting_as
from apps.core.rules import RuleViolation
from workflows.common.deadlines import working_days_after
from workflows.common.models import Outcome, StepAttachment
from workflows.common.services import audit as _audit
from workflows.common.services import complete as _complete
from workflows.common.services import save as _save

from . import rules
from .models import AppointmentCandidate, AppointmentProcess, PolicyDecision, Source

Status = AppointmentCandidate.Status


def vacancies_for(position, exclude_process=None):
    """(vacant seats, seats claimed by other open appointment procedures) of `position`. A procedure claims the
    seats it was opened for less its winners already settled: an appointed winner holds a tenure (no longer
    vacant), a dropped one gives the seat back."""
    from django.db.models import Count, Q

    from apps.organisation.models import Position

    vacancies = (
        Position.objects.with_vacancies().filter(pk=position.pk).values_list("vacancies", flat=True).get()
    )
    claimed_qs = AppointmentProcess.objects.filter(
        position=position, outcome=Outcome.IN_PROGRESS, status="NEW"
    ).annotate(
        settled=Count("candidates", filter=Q(candidates__status__in=AppointmentCandidate.SETTLED_STATUSES))
    )
    if exclude_process is not None and exclude_process.pk:
        claimed_qs = claimed_qs.exclude(pk=exclude_process.pk)
    claimed = sum(max(seats - settled, 0) for seats, settled in claimed_qs.values_list("seats", "settled"))
    return vacancies, claimed


@transaction.atomic
def propose(*, process, task, position, seats, source, job_needs, criteria, actor):
    """A unit leader proposes filling vacant seat(s) of a position of their unit (R4: the job decides the person).

    Records the rule set in force and its values; the policy decision is due within
    ``policy_decision_working_days`` (ND 170 Đ.33 k.1).
    """
    from apps.organisation.models import Position
    from apps.rulesets.selectors import rule_set_for

    # Lock the position row only, FOR NO KEY UPDATE: the unit joined in must stay free for the key-share locks
    # that other audited writes take at COMMIT (their foreign keys), or they deadlock on the audit lock (issue 13).
    position = (
        Position.objects.select_for_update(of=("self",), no_key=True)
        .select_related("unit")
        .get(pk=position.pk)
    )
    permissions.require(actor, "start_procedure", position)
    vacancies, claimed = vacancies_for(position)
    rules.require_vacancies(vacancies, claimed, seats)
    rule_set = rule_set_for(unit=position.unit)
    params = rule_set.resolve()
    today = timezone.localdate()

    process.position = position
    process.unit = position.unit
    process.seats = seats
    process.source = source
    process.job_needs = job_needs
    process.criteria = criteria
    process.rule_set = rule_set
    process.rule_snapshot = params.as_snapshot()
    process.started_by = actor
    process.due_on = working_days_after(today, params.policy_decision_working_days, params)
    _complete(task, actor)
    _audit(
        "appointment.proposed",
        process,
        process,
        actor,
        position=position.pk,
        seats=seats,
        source=source,
        rule_set=rule_set.code,
        policy_due=process.due_on,
    )
    return process


@transaction.atomic
def review_policy(*, process, task, decision, reason, actor):
    """The organisation board decides the policy (chủ trương, H7): approve (the procedure then has
    ``process_working_days`` to finish), return to the proposer with the reason, or reject (closing state)."""
    rules.require_reason(decision, reason, needs_reason={PolicyDecision.RETURNED, PolicyDecision.REJECTED})
    if decision not in (PolicyDecision.APPROVED, PolicyDecision.RETURNED, PolicyDecision.REJECTED):
        raise RuleViolation("bad_decision", _("Choose approve, return or reject."))
    if decision == PolicyDecision.APPROVED:
        # the seat may have been filled or claimed while the proposal waited
        vacancies, claimed = vacancies_for(process.position, exclude_process=process)
        rules.require_vacancies(vacancies, claimed, process.seats)
    now = timezone.now()
    process.policy_decision = decision
    process.policy_reason = reason.strip()
    process.policy_decided_by = actor
    process.policy_decided_at = now
    if decision == PolicyDecision.APPROVED:
        process.policy_approved_on = timezone.localdate()
        process.due_on = working_days_after(
            process.policy_approved_on, process.params.process_working_days, process.params
        )
    elif decision == PolicyDecision.RETURNED:
        process.return_count += 1
    else:
        process.outcome = Outcome.REJECTED
        process.outcome_reason = reason.strip()
    _save(process, actor)
    _complete(task, actor)
    action = {
        PolicyDecision.APPROVED: "appointment.policy_approved",
        PolicyDecision.RETURNED: "appointment.policy_returned",
        PolicyDecision.REJECTED: "appointment.rejected",
    }[decision]
    _audit(action, process, process, actor, reason=process.policy_reason, due_on=process.due_on)
    return process


@transaction.atomic
def revise_proposal(*, process, task, job_needs, criteria, seats, note, actor):
    """The proposer revises a returned proposal; it goes back to the organisation board for review."""
    vacancies, claimed = vacancies_for(process.position, exclude_process=process)
    rules.require_vacancies(vacancies, claimed, seats)
    process.job_needs = job_needs
    process.criteria = criteria
    process.seats = seats
    process.policy_decision = PolicyDecision.PENDING
    _save(process, actor)
    _complete(task, actor)
    _audit("appointment.revised", process, process, actor, seats=seats, note=note)
    return process


def _eligibility(cadre, process, *, self_assessment_years=0):
    """Every eligibility check of the candidate for the procedure's position, judged today (HD 06: the day the
    advisory body has the dossier)."""
    from apps.cadres import eligibility

    on = timezone.localdate()
    facts = eligibility.gather_facts(cadre, process.position, on, self_assessment_years=self_assessment_years)
    return eligibility.evaluate(
        facts,
        eligibility.position_facts(process.position),
        process.params,
        on,
        source=process.source,
        purpose="appointment",
    )


def _political_standard(cadre, process):
    """R2/H13 — before anything else: the competent committee's concluded, positive conclusion."""
    from apps.cadres import eligibility

    on = timezone.localdate()
    facts = eligibility.gather_facts(cadre, process.position, on)
    return eligibility.check_political_standard(facts, process.params, on)


def _failed(results):
    return [r for r in results if not r.passed]


def listing_standings(process, cadres, on=None):
    """{cadre: Standing} for the listing before step 1 (procedures §3): every registry condition of the
    appointment under the procedure's rule set — political standard, discipline (also under review), age,
    planning, months in post, asset declaration, résumé, open reports, non-local."""
    from apps.cadres import eligibility

    return eligibility.listing_standings(
        cadres,
        process.position,
        process.params,
        on or timezone.localdate(),
        purpose="appointment",
        source=process.source,
    )


def require_still_eligible(process, candidate, *, stage):
    """procedures §3: the whole eligibility again before the decision — when it is drafted and when it is
    signed — under the procedure's rule set, with the self-assessment the verification accepted; the age is
    counted from the day the dossier was verified (HD 06). Refuses (``no_longer_eligible``) naming what changed."""
    from apps.cadres import eligibility

    eligibility.recheck_candidate(
        candidate, process.position, process.params, purpose="appointment", stage=stage, source=process.source
    )


@transaction.atomic
def nominate_candidates(*, process, task, cadres, actor):
    """The organisation board lists the candidates from the registry. Nobody enters the list without the
    competent committee's concluded, positive political-standard conclusion (R2: the political standard before
    anything) — else nothing is listed — nor without meeting every other registry condition of eligibility
    (procedures §3, checked before step 1: ``not_eligible_for_listing`` names each refused cadre and reason);
    the dossier's documents are verified, with their evidence, before the final vote. The surplus rule (R1) applies to the list of an internal-source procedure."""
    from apps.conferences.rules import require_surplus

    cadres = list(cadres)
    rules.require_candidates(cadres)
    rules.require_not_own_candidacy(actor, [c.pk for c in cadres])
    if process.source == Source.INTERNAL:
        require_surplus(
            len(cadres),
            process.seats,
            required=process.params.surplus_required,
            min_per_post=process.params.min_candidates_per_post,
        )
    else:
        rules.require_from_elsewhere(cadres_of_unit(process.unit, cadres))
    problems = []
    for cadre in cadres:
        check = _political_standard(cadre, process)
        if not check.passed:
            problems.append(_("{cadre}: {reason}").format(cadre=cadre, reason=check.reason))
    if problems:
        raise RuleViolation("political_standard", " | ".join(problems))
    # procedures §3: the other conditions are checked before step 1 too, not only at verification
    from apps.cadres.eligibility import require_listable

    require_listable(listing_standings(process, cadres))
    with acting_as(actor):
        created = [
            AppointmentCandidate.objects.create(process=process, cadre=cadre, status=Status.ELIGIBLE)
            for cadre in cadres
        ]
    process._conflicted_cache = None
    _complete(task, actor)
    _audit("appointment.candidates_listed", process, process, actor, cadres=[c.cadre_id for c in created])
    return created


def cadres_of_unit(unit, cadres):
    """The `cadres` the registry places in `unit` or its sub-units: an open tenure of a post there, or working
    there (issue 9 point 9: the source of a candidate is decided by the registry, not by the proposal's form)."""
    from django.db.models import Q

    from apps.cadres.models import Cadre

    ids = set(
        Cadre.objects.filter(pk__in=[c.pk for c in cadres])
        .filter(
            Q(current_unit__path__startswith=unit.path)
            | Q(tenures__ended_on__isnull=True, tenures__position__unit__path__startswith=unit.path)
        )
        .values_list("pk", flat=True)
    )
    return [c for c in cadres if c.pk in ids]


def step_specs(process):
    from apps.conferences import steps

    if process.source == Source.INTERNAL:
        return steps.appointment_internal_steps(process.params)
    return steps.appointment_external_steps(process.params)


def active_candidates(process):
    return list(
        process.candidates.filter(status__in=AppointmentCandidate.ACTIVE_STATUSES)
        .select_related("cadre")
        .order_by("pk")
    )


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
            result = results.get(candidate.cadre_id)
            if not spec.decisive or result in advancing:
                going_on.append(candidate)
                if candidate.status != Status.SELECTED and spec.decisive and step_index > 0:
                    candidate.status = Status.SELECTED
                    candidate.save(update_fields=["status"])
            else:
                candidate.status = Status.ELIMINATED
                candidate.stopped_at_step = spec.code
                candidate.reason = _("Did not reach the threshold at: {step}").format(step=spec.title)
                candidate.save(update_fields=["status", "stopped_at_step", "reason"])
                stopped.append(candidate)
        for upload, stored, kind in (
            (minutes, conference.minutes, StepAttachment.Kind.BIEN_BAN),
            (count_minutes, conference.count_minutes, StepAttachment.Kind.PHIEU_KIEM_PHIEU),
        ):
            _attach_stored(process, task, upload, stored, kind, actor)
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


def _attach_stored(process, task, upload, stored, kind, actor):
    """List a conference's minutes among the procedure's documents (H6), pointing at the file the conference
    already stored instead of writing it a second time."""
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
            _attach_documents(candidate, documents.get(candidate.pk, {}))
            results = _eligibility(
                candidate.cadre, process, self_assessment_years=candidate.self_assessment_years
            )
            candidate.verification = _results_json(results)
            candidate.verified_at = now
            failed = _failed(results)
            if failed:
                candidate.status = Status.FAILED_VERIFICATION
                candidate.stopped_at_step = "verification"
                candidate.reason = "; ".join(str(r.reason or r.label) for r in failed)
            else:
                passed.append(candidate)
            candidate.save()
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


def _attach_documents(candidate, docs):
    for field in ("self_assessment", "evaluation"):
        if docs.get(field):
            getattr(candidate, field).save(docs[field].name, docs[field], save=False)
    candidate.self_assessment_years = docs.get("years", candidate.self_assessment_years) or 0


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
            _attach_documents(candidate, documents.get(candidate.pk, {}))
            candidate.save()
    requests = political_protection.request_conclusions(process, gaps, actor=actor)
    _audit(
        "verification.awaits_political_protection", process, process, actor, requests=[r.pk for r in requests]
    )
    return True


def _decisions(process):
    """The procedure's decisions that count against its seats: drafted or signed, not revoked."""
    from apps.decisions.models import Decision

    return Decision.objects.filter(process_id=process.pk, kind=Decision.Kind.APPOINTMENT).exclude(
        status=Decision.Status.REVOKED
    )


def _winner(process, candidate):
    return (
        AppointmentCandidate.objects.select_for_update(of=("self",), no_key=True)
        .select_related("cadre")
        .get(pk=getattr(candidate, "pk", candidate), process=process)
    )


@transaction.atomic
def draft_appointment_decision(
    *, process, task, candidate, effective_from, term_end, grounds, concurrent=False, actor
):
    """The organisation board drafts the decision for one winner of the final vote who passed verification.

    A procedure for several seats loops through this step: one decision per winner, each numbered, signed and
    opening its own tenure, never more than the seats the proposal covers (R4, ``all_seats_decided``) and never
    a second one for the same candidate (``already_decided``). Unless the new post is held `concurrent`-ly
    (kiêm nhiệm), signing ends the posts the winner holds the day before it takes effect."""
    from apps.decisions import services as decision_services

    candidate = _winner(process, candidate)
    decisions = _decisions(process)
    rules.require_no_decision_yet(candidate, decisions.filter(cadre_id=candidate.cadre_id).exists())
    rules.require_winner(candidate)
    rules.require_verified(candidate)
    rules.require_seat_left(decisions.count(), process.seats)
    require_still_eligible(process, candidate, stage="draft")
    decision = decision_services.draft_decision(
        kind="appointment",
        cadre=candidate.cadre,
        position=process.position,
        authority=process.position.authority,
        process=process,
        rule_set=process.rule_set,
        params=process.params,
        effective_from=effective_from,
        term_end=term_end,
        grounds=grounds,
        concurrent=concurrent,
        actor=actor,
    )
    process.decision = decision
    _save(process, actor, "decision")
    _complete(task, actor)
    _audit("appointment.decision_drafted", decision, process, actor, cadre=candidate.cadre_id)
    return decision


@transaction.atomic
def drop_winner(*, process, task, candidate, reason, actor):
    """The organisation board drops a winner of the final vote who will not get a decision (e.g. the seat is no
    longer needed, or the person declined), with the reason; the seat is no longer claimed by the procedure.
    When no winner is left without a decision the procedure closes: appointed if anyone was, else withdrawn."""
    candidate = _winner(process, candidate)
    rules.require_winner(candidate)
    rules.require_drop_reason(reason)
    with acting_as(actor):
        candidate.status = Status.DROPPED
        candidate.stopped_at_step = "draft_decision"
        candidate.reason = reason.strip()
        candidate.save(update_fields=["status", "stopped_at_step", "reason"])
        _close_when_settled(process)
    _complete(task, actor)
    _audit(
        "appointment.winner_dropped",
        candidate,
        process,
        actor,
        cadre=candidate.cadre_id,
        reason=candidate.reason,
    )
    return candidate


def draft_or_drop(*, process, task, candidate, actor, action="draft", drop_reason="", **decision):
    """The draft step: draft the decision of a winner (``draft_appointment_decision``), or, with
    ``action="drop"``, drop them with the reason (``drop_winner``)."""
    if action == "drop":
        return drop_winner(process=process, task=task, candidate=candidate, reason=drop_reason, actor=actor)
    return draft_appointment_decision(
        process=process, task=task, candidate=candidate, actor=actor, **decision
    )


def _close_when_settled(process):
    """Set the outcome once every winner has a signed decision or was dropped (the flow then ends): appointed
    with the decisions' numbers, or withdrawn with the board's reasons when every winner was dropped."""
    if process.candidates.filter(status__in=AppointmentCandidate.ACTIVE_STATUSES).exists():
        return
    appointed = list(
        _decisions(process).filter(status="signed").order_by("pk").values_list("number", flat=True)
    )
    if appointed:
        process.outcome = Outcome.APPOINTED
        if len(appointed) == 1:
            process.outcome_reason = _("Decision {number}").format(number=appointed[0])
        else:
            process.outcome_reason = _("Decisions {numbers}").format(numbers=", ".join(appointed))
    else:
        reasons = process.candidates.filter(status=Status.DROPPED).values_list("reason", flat=True)
        process.outcome = Outcome.WITHDRAWN
        process.outcome_reason = _("Every winner was dropped: {reasons}").format(reasons="; ".join(reasons))
    process.save(update_fields=["outcome", "outcome_reason"])


#: which decision-participant role each completed step gives its owner
PARTICIPANT_ROLES = {
    "start": "proposer",
    "revise": "proposer",
    "policy_review": "reviewer",
    "nominate": "reviewer",
    "ext_nominate": "reviewer",
    "verification": "verifier",
    "draft_decision": "reviewer",
}


def _participant_role(task):
    name = task.flow_task.name
    return PARTICIPANT_ROLES.get(name) or ("conference_recorder" if "step" in name else None)


def participants(process):
    """(user, role in the procedure, unit at the time) of everyone who completed a step — recorded with the
    decision. The unit is the one of the role assignment each person acted through, not the procedure's unit."""
    from workflows.common.participants import participants as acted

    return acted(process, _participant_role)


@transaction.atomic
def sign_appointment_decision(*, process, task, signer, issued_on, actor):
    """The competent leadership signs: the decision is numbered, the tenure created (the seat is no longer vacant,
    refused when it was filled meanwhile: ``seat_over_filled``), the PDF rendered; the candidate is appointed.
    While other winners wait for their decision the procedure goes back to the draft step; otherwise it closes as
    appointed. The signer is an office holder of the issuing authority on the signing date; their name and title
    come from the registry (issue 9 §8, ``signer_holds_no_post``)."""
    from apps.decisions import services as decision_services

    rules.require_decision_drafted(process)
    if process.decision.status == "draft":  # a signed one is refused as such by sign_decision
        candidate = process.candidates.select_related("cadre").get(cadre_id=process.decision.cadre_id)
        require_still_eligible(process, candidate, stage="sign")
    decision = decision_services.sign_decision(
        decision=process.decision,
        signer=actor,
        signer_cadre=signer,
        issued_on=issued_on,
        actor=actor,
        participants=participants(process),
    )
    with acting_as(actor):
        candidate = process.candidates.get(cadre_id=decision.cadre_id)
        candidate.status = Status.APPOINTED
        candidate.save(update_fields=["status"])
        if _decisions(process).filter(status="signed").count() >= process.seats:
            # every seat of the proposal is filled: nobody else can be appointed by this procedure (R4)
            process.candidates.filter(status__in=AppointmentCandidate.ACTIVE_STATUSES).update(
                status=Status.ELIMINATED
            )
        _close_when_settled(process)
    _complete(task, actor)
    _audit(
        "appointment.appointed",
        decision,
        process,
        actor,
        cadre=decision.cadre_id,
        number=getattr(decision, "number", ""),
    )
    return decision
