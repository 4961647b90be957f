"""Recording a conference: every rule checked first (``checks``), then the conference, its tallies and the audit entry
written in one transaction."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.audit.services import record
from apps.core.history import acting_as
from apps.core.rules import RuleViolation

from .. import rules
from ..models import Conference, ConferenceCandidate
from .checks import (
    _cadre_ids,
    _decimal,
    _discard_files,
    _fraction_text,
    _head_choice,
    _head_decision,
    _keep_rows,
    _normalise_tallies,
    procedure_dates,
    registry_collective,
    validate_conference,
)


@transaction.atomic
def record_conference(
    *,
    process,
    unit,
    spec,
    params,
    rule_set,
    candidates,
    seats,
    held_on,
    convened,
    present,
    ballots_issued,
    ballots_returned,
    ballots_valid,
    tallies,
    collective_members=None,
    list_votes_for=None,
    head_decision=None,
    dissent="",
    head_choice=None,
    minutes=None,
    count_minutes=None,
    size_reason="",
    collective_unit=None,
    actor,
):
    """Record one conference of a procedure (H1–H6, R1, R5, R9) and return it with its candidates' results.

    At a step that convenes a collective (``StepSpec.collective``), those convened and the members counted
    against come from the registry — the collective's membership on `held_on` (procedures §14 H2; issue 9 point
    10): `convened` and `collective_members` may be left ``None``; a typed figure that differs needs
    `size_reason` and is audited. The members convened are recorded on the conference.

    `candidates` are cadres (or their ids) in the order shown; `tallies` maps cadre id → votes for, or
    (for, against) on a confidence ballot; a list-approval step takes `list_votes_for` instead. `head_decision`
    (True/False or "approve"/"reject") and `dissent` are required only at a collective vote tied at the pass share;
    `head_choice` (cadres or their ids) and `dissent` only at a final vote where equal votes straddle the last seat
    (``rules.head_choice_at_equal_votes``).
    Every rule is checked before anything is written: a refused conference writes nothing.
    """
    cadre_ids = _cadre_ids(candidates)
    if getattr(actor, "cadre_id", None) in cadre_ids:
        raise RuleViolation(
            "conflict_of_interest", _("A candidate cannot record a conference about their own candidacy.")
        )
    decision = _head_decision(head_decision)
    dissent = (dissent or "").strip()
    normalised = _normalise_tallies(spec, cadre_ids, tallies)
    head_choice = _head_choice(head_choice)
    started_on, previous_on = procedure_dates(process)
    size_reason = (size_reason or "").strip()
    collective, members = registry_collective(spec, process, unit, held_on, collective_unit, candidates)
    registry_size = len(members) if getattr(spec, "collective", "") and held_on is not None else None
    differ = []
    if registry_size is not None:
        convened, collective_members, differ = rules.registry_figures(
            registry_size,
            convened,
            collective_members,
            size_reason,
            counts_members=spec.denominator == "collective_members",
            collective=str(collective) if collective else str(spec.electorate),
        )
    denominator, outcome = validate_conference(
        spec=spec,
        params=params,
        cadre_ids=cadre_ids,
        seats=seats,
        held_on=held_on,
        convened=convened,
        present=present,
        ballots_issued=ballots_issued,
        ballots_returned=ballots_returned,
        ballots_valid=ballots_valid,
        tallies=normalised,
        collective_members=collective_members,
        list_votes_for=list_votes_for,
        head_decision=decision,
        dissent=dissent,
        head_choice=head_choice,
        minutes=minutes,
        count_minutes=count_minutes,
        started_on=started_on,
        previous_on=previous_on,
    )
    conference = None
    try:
        with acting_as(actor):
            conference = Conference(
                process=process,
                unit=unit,
                rule_set=rule_set,
                step_code=spec.code,
                title=str(spec.title)[:300],
                electorate=str(spec.electorate)[:200],
                ballot_kind=spec.ballot_kind,
                denominator_kind=spec.denominator,
                list_approval=spec.list_approval,
                held_on=held_on,
                seats=seats,
                convened=convened,
                present=present,
                ballots_issued=ballots_issued,
                ballots_returned=ballots_returned,
                ballots_valid=ballots_valid,
                collective_members=collective_members,
                collective=collective,
                registry_members=registry_size,
                size_reason=size_reason if differ else "",
                list_votes_for=list_votes_for if spec.list_approval else None,
                quorum_fraction=_fraction_text(spec.quorum(params)),
                pass_fraction=_fraction_text(spec.pass_share(params)),
                denominator_value=denominator,
                announce_result=spec.announce_result,
                outcome=outcome.outcome,
                head_decision=(
                    None
                    if not outcome.head_decided
                    else Conference.HeadDecision.APPROVE
                    if decision
                    else Conference.HeadDecision.REJECT
                ),
                dissent=dissent,
                head_chose_at_equal_votes=bool(outcome.head_chosen),
                tie_at_cutoff=outcome.tie_at_cutoff,
                recorded_by=actor,
                recorded_at=timezone.now(),
            )
            conference.minutes.save(minutes.name, minutes, save=False)
            conference.count_minutes.save(count_minutes.name, count_minutes, save=False)
            conference.save()
            if members:
                conference.convened_members.set([m.pk for m in members])
            rows = [
                ConferenceCandidate.objects.create(
                    conference=conference,
                    cadre_id=cid,
                    votes_for=list_votes_for if spec.list_approval else normalised[cid][0],
                    votes_against=None if spec.list_approval else normalised[cid][1],
                    share=_decimal(outcome.shares[cid]),
                    result=outcome.results[cid],
                    head_decided=cid in outcome.head_decided_for,
                )
                for cid in cadre_ids
            ]
            _keep_rows(conference, rows)
        record(
            "conference.recorded",
            conference,
            actor=actor,
            data={
                "step": spec.code,
                "ballot_kind": spec.ballot_kind,
                "held_on": held_on.strftime("%d/%m/%Y"),
                "seats": seats,
                "convened": convened,
                "present": present,
                "ballots_issued": ballots_issued,
                "ballots_returned": ballots_returned,
                "ballots_valid": ballots_valid,
                "collective_members": collective_members,
                "collective": getattr(collective, "pk", None),
                "registry_members": registry_size,
                "convened_members": [m.pk for m in members],
                "denominator": {"kind": spec.denominator, "value": denominator},
                "quorum_fraction": conference.quorum_fraction,
                "pass_fraction": conference.pass_fraction,
                "list_votes_for": conference.list_votes_for,
                "tallies": {str(row.cadre_id): [row.votes_for, row.votes_against] for row in rows},
                "results": {str(row.cadre_id): row.result for row in rows},
                "outcome": outcome.outcome,
                "head_decision": conference.head_decision,
                "head_choice": sorted(outcome.head_chosen),
                "dissent_recorded": bool(conference.dissent),
                "announce_result": spec.announce_result,
                "rule_set": rule_set.pk,
            },
            process_id=getattr(process, "pk", None),
        )
        if differ:
            record(
                "conference.collective_size_overridden",
                conference,
                actor=actor,
                data={
                    "step": spec.code,
                    "collective": getattr(collective, "pk", None),
                    "registry_members": registry_size,
                    "entered": dict(differ),
                    "reason": size_reason,
                },
                process_id=getattr(process, "pk", None),
            )
    except BaseException:
        # The transaction rolls back; the documents already stored must not stay behind either.
        _discard_files(conference)
        raise
    return conference
