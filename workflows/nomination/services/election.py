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
def record_result(*, activation, held_on, ballots_valid, results, actor):
    """The organisation board records the election's result for every nominated candidate: elected or not, with
    the votes. `results` lists (candidate id, elected, votes).

    Refused, with nothing written: an election not yet held or held before the list was signed, a result for
    anyone who was not nominated in this procedure, a nominated candidate without a result, votes above the
    valid ballots, more elected than seats (R4), an elected candidate without more than half of the valid
    ballots, or a result that passes over someone with more votes. When nobody was elected the procedure closes;
    otherwise the leadership confirms the result and the tenures are opened.
    """
    process = activation.process
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
    complete(activation, actor)
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


def _require_free_seats(process, elected):
    """R4, checked for all the elected before any decision is numbered: enough free seats, and nobody already
    holds the position (an incumbent's current tenure must be ended in the registry first)."""
    from apps.cadres.models import Tenure
    from apps.organisation.models import Position

    Position.objects.select_for_update().filter(pk=process.position_id).first()  # no aggregate FOR UPDATE
    position = Position.objects.with_vacancies().get(pk=process.position_id)
    holding = set(
        Tenure.objects.open()
        .filter(position=position, cadre_id__in=[c.cadre_id for c in elected])
        .values_list("cadre_id", flat=True)
    )
    if holding:
        names = ", ".join(c.cadre.full_name for c in elected if c.cadre_id in holding)
        raise RuleViolation(
            "already_holds_position",
            _("{names} already hold(s) this position: end the current tenure in the registry first.").format(
                names=names
            ),
        )
    if len(elected) > position.vacancies:
        raise RuleViolation(
            "seat_over_filled",
            _("{n} elected, but only {free} of the {seats} seat(s) are vacant.").format(
                n=len(elected), free=max(position.vacancies, 0), seats=position.seats
            ),
        )


@transaction.atomic
def confirm_result(*, activation, signer_title, signer_name, issued_on, effective_from, grounds, actor):
    """The competent leadership confirms the election result: for each elected candidate a decision (kind
    ``election_result``) is drafted and signed, which opens the tenure on a free seat of the elected position
    for the position's term (R4). Everything is checked first; a refusal numbers nothing and stores nothing."""
    from apps.decisions import rules as decision_rules
    from apps.decisions import services as decision_services

    process = activation.process
    elected = elected_candidates(process)
    if not elected:
        raise RuleViolation("nobody_elected", _("Nobody was elected."))
    issued_on = issued_on or timezone.localdate()
    effective_from = effective_from or issued_on
    decision_rules.require_grounds(grounds)
    decision_rules.require_effective_dates(issued_on=issued_on, effective_from=effective_from)
    _require_free_seats(process, elected)
    who = participants(process)
    stored = []
    try:
        for candidate in elected:
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
                actor=actor,
            )
            candidate.result_decision = decision_services.sign_decision(
                decision=decision,
                signer=actor,
                signer_title=signer_title,
                signer_name=signer_name or None,
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
        complete(activation, actor)
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
