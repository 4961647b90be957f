"""The election result, recorded afterwards, and the decisions that open the elected candidates' tenures."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.history import acting_as
from apps.core.rules import RuleViolation

from .. import rules
from ..models import NominationCandidate, NominationOutcome
from .common import audit, complete, discard
from .listing import participants

Status = NominationCandidate.Status


def nominated_candidates(process):
    return list(process.candidates.filter(status=Status.NOMINATED).select_related("cadre").order_by("pk"))


def elected_candidates(process):
    return list(process.candidates.filter(status=Status.ELECTED).select_related("cadre").order_by("pk"))


@transaction.atomic
def record_result(*, process, task, held_on, ballots_valid, results, actor):
    """The organisation board records the election's result for every nominated candidate: elected or not, with
    the votes. `results` lists (candidate id, elected, votes).

    Refused, with nothing written: an election not yet held or held before the list was signed, a result for
    anyone who was not nominated in this procedure, a nominated candidate without a result, votes above the
    valid ballots, more elected than seats (R4), an elected candidate without more than half of the valid
    ballots, or a result that passes over someone with more votes. When nobody was elected the procedure closes;
    otherwise the leadership confirms the result and the tenures are opened.
    """
    rules.require_election_held(held_on, timezone.localdate())
    if process.list_signed_on and held_on < process.list_signed_on:
        raise RuleViolation(
            "held_before_nomination", _("The election cannot have been held before the list was signed.")
        )
    nominated = {c.pk: c for c in nominated_candidates(process)}
    rows = [(int(pk), bool(elected), votes) for pk, elected, votes in results]
    rules.require_results_for_nominated([pk for pk, _elected, _votes in rows], nominated)
    results = {pk: (elected, votes) for pk, elected, votes in rows}
    rules.require_consistent_result(results, process.seats, ballots_valid, process.params.pass_fraction)
    elected = [pk for pk, (is_elected, _votes) in results.items() if is_elected]
    with acting_as(actor):
        for pk, candidate in nominated.items():
            is_elected, votes = results[pk]
            candidate.status = Status.ELECTED if is_elected else Status.NOT_ELECTED
            candidate.election_votes = votes
            candidate.save(update_fields=["status", "election_votes"])
        process.election_held_on = held_on
        process.election_ballots_valid = ballots_valid
        fields = ["election_held_on", "election_ballots_valid"]
        if not elected:
            process.outcome = NominationOutcome.NOT_ELECTED
            process.outcome_reason = _("None of the {n} nominated candidates was elected.").format(
                n=len(nominated)
            )
            fields += ["outcome", "outcome_reason"]
        process.save(update_fields=fields)
    complete(task, actor)
    audit(
        "nomination.result_recorded",
        process,
        process,
        actor,
        held_on=held_on.strftime("%d/%m/%Y"),
        ballots_valid=ballots_valid,
        results={
            str(nominated[pk].cadre_id): [is_elected, votes] for pk, (is_elected, votes) in results.items()
        },
    )
    return process


def incumbent_tenures(process, elected, *, lock=False):
    """{cadre id: open tenure} of the elected candidates who already hold the elected position — incumbents
    re-elected for a new term."""
    from apps.cadres.models import Tenure

    qs = Tenure.objects.open().filter(
        position_id=process.position_id, cadre_id__in=[c.cadre_id for c in elected]
    )
    if lock:
        qs = qs.select_for_update()
    return {tenure.cadre_id: tenure for tenure in qs.order_by("start_date", "pk")}


def _require_free_seats(process, elected, incumbents):
    """R4, checked for all the elected before any decision is numbered: enough free seats. A re-elected
    incumbent's seat counts as free — their current tenure ends where the new term starts — so re-election is
    never refused as an over-filled seat or as holding the position already."""
    from apps.organisation.models import Position

    Position.objects.select_for_update(no_key=True).filter(
        pk=process.position_id
    ).first()  # no aggregate FOR UPDATE
    position = Position.objects.with_vacancies().get(pk=process.position_id)
    free = position.vacancies + len(incumbents)
    if len(elected) > free:
        raise RuleViolation(
            "seat_over_filled",
            _("{n} elected, but only {free} of the {seats} seat(s) are vacant.").format(
                n=len(elected), free=max(free, 0), seats=position.seats
            ),
        )


def _end_for_new_term(tenure, effective_from, process, actor):
    """A re-elected incumbent's current tenure ends where the new term starts (the registry's periods end
    exclusive, as for a reappointment: the two tenures touch without overlapping), so that the new tenure can
    open on the same seat in the same transaction."""
    from apps.cadres import services as cadre_services
    from apps.cadres.models import Tenure

    before = {"ended_on": tenure.ended_on, "end_reason": tenure.end_reason}
    tenure.ended_on = effective_from
    tenure.end_reason = Tenure.EndReason.TERM_EXPIRED
    cadre_services.validate(tenure)
    with acting_as(actor):
        tenure.save(update_fields=["ended_on", "end_reason", "updated_at"])
    audit(
        "tenure.ended",
        tenure,
        process,
        actor,
        ended_on=[before["ended_on"], effective_from.isoformat()],
        end_reason=[before["end_reason"], tenure.end_reason],
        re_elected=True,
    )


@transaction.atomic
def confirm_result(*, process, task, signer, issued_on, effective_from, grounds, actor):
    """The competent leadership confirms the election result: for each elected candidate a decision (kind
    ``election_result``) is drafted and signed, which opens the tenure on a free seat of the elected position
    for the position's term (R4). An incumbent re-elected for a new term keeps their seat: their current tenure
    ends where the new one starts, in this same transaction. An incumbent not elected keeps their tenure to its
    term end, as usual. Everything is checked first; a refusal numbers nothing, stores nothing and ends nothing."""
    from apps.decisions import rules as decision_rules
    from apps.decisions import services as decision_services
    from apps.decisions.signers import signer_from_registry

    elected = elected_candidates(process)
    if not elected:
        raise RuleViolation("nobody_elected", _("Nobody was elected."))
    issued_on = issued_on or timezone.localdate()
    effective_from = effective_from or issued_on
    decision_rules.require_grounds(grounds)
    decision_rules.require_effective_dates(issued_on=issued_on, effective_from=effective_from)
    from .listing import require_still_eligible

    require_still_eligible(process, elected, stage="confirm")
    signer_from_registry(
        signer, process.position.authority, issued_on
    )  # before anything is ended or numbered
    incumbents = incumbent_tenures(process, elected, lock=True)
    _require_free_seats(process, elected, incumbents)
    for tenure in incumbents.values():
        rules.require_new_term_after_current(tenure.start_date, effective_from)
    for tenure in incumbents.values():
        _end_for_new_term(tenure, effective_from, process, actor)
    who = participants(process)
    stored = []
    try:
        for candidate in elected:
            incumbent = incumbents.get(candidate.cadre_id)
            decision = decision_services.draft_decision(
                kind="election_result",
                cadre=candidate.cadre,
                position=process.position,
                authority=process.position.authority,
                process=process,
                rule_set=process.rule_set,
                params=process.params,
                effective_from=effective_from,
                grounds=grounds,
                seat_number=incumbent.seat_number if incumbent else None,
                actor=actor,
            )
            candidate.result_decision = decision_services.sign_decision(
                decision=decision,
                signer=actor,
                signer_cadre=signer,  # name and title from the registry (issue 9 §8)
                issued_on=issued_on,
                participants=who,
                actor=actor,
            )
            stored.append(candidate.result_decision.pdf)
        with acting_as(actor):
            for candidate in elected:
                candidate.save(update_fields=["result_decision"])
            process.outcome = NominationOutcome.ELECTED
            process.outcome_reason = _("{n} of {seats} seat(s) filled: decisions {numbers}").format(
                n=len(elected),
                seats=process.seats,
                numbers=", ".join(c.result_decision.number for c in elected),
            )
            process.save(update_fields=["outcome", "outcome_reason"])
        complete(task, actor)
    except BaseException:
        discard(stored)
        raise
    audit(
        "nomination.elected",
        process,
        process,
        actor,
        decisions={str(c.cadre_id): c.result_decision.number for c in elected},
        tenures=[c.result_decision.tenure_id for c in elected],
    )
    return [c.result_decision for c in elected]
