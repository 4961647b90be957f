"""The appointment's decision: drafted or the winner dropped, signed; the procedure closes once every winner is settled."""

from django.db import transaction
from django.utils.translation import gettext as _

from apps.core.history import acting_as
from workflows.common.services import audit as _audit
from workflows.common.services import complete as _complete
from workflows.common.services import save as _save

from .. import rules
from ..models import AppointmentCandidate
from ..models import AppointmentOutcome as Outcome
from .listing import require_still_eligible

Status = AppointmentCandidate.Status


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
        candidate.save(
            update_fields=candidate.stop_at("draft_decision", reason.strip(), status=Status.DROPPED)
        )
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
    from workflows.common.participants import participant_role

    return participant_role(task, PARTICIPANT_ROLES)


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
