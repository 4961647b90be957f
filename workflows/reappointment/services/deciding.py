"""The decision (docs/procedures.md §5 step 5): the leadership collective decides — reappoint, extend to retirement or
not reappoint (with reasons) — the organisation board drafts the decision and the competent leadership signs it
before the term ends (H16). Signing applies it to the registry through ``apps.decisions``: a new tenure for the
new term, the tenure ending at term end (the seat becomes vacant), or the term moved to the retirement date.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import rules
from ..models import Choice, ReappointmentOutcome
from .common import audit, complete, day, save

KIND = {
    Choice.REAPPOINT: "reappointment",
    Choice.EXTEND: "extension",
    Choice.NOT_REAPPOINT: "non_reappointment",
}
OUTCOME = {
    "reappointment": ReappointmentOutcome.REAPPOINTED,
    "extension": ReappointmentOutcome.EXTENDED,
    "non_reappointment": ReappointmentOutcome.NOT_REAPPOINTED,
}


@transaction.atomic
def decide(*, process, task, choice, reasons, actor):
    """The leadership collective's decision (ND 138 Đ.52 k.5, Đ.53): reappoint only after the collective's vote
    and the verification passed; extend only on the extension path (H17); not reappoint always with reasons.
    Refused on or after the day the term ends (H16)."""
    rules.require_term_not_ended(process.term_end, timezone.localdate())
    rules.require_choice_allowed(process, choice, reasons)
    process.choice = choice
    process.choice_reasons = (reasons or "").strip()
    process.decided_by = actor
    process.decided_at = timezone.now()
    save(process, actor, "choice", "choice_reasons", "decided_by", "decided_at")
    complete(task, actor)
    audit("reappointment.decided", process, process, actor, choice=choice, reasons=process.choice_reasons)
    return process


def new_term_end(process, effective_from):
    """A reappointment runs for the post's term, but never past the statutory retirement date (ND 115 Đ.49: with
    fewer years left than a term, the new term runs to retirement). An extension runs to the retirement date."""
    from apps.decisions.services import add_years

    if process.choice == Choice.EXTEND:
        return process.retirement_on
    if process.choice == Choice.REAPPOINT:
        end = add_years(effective_from, process.position.term_years)
        if process.retirement_on and process.retirement_on < end:
            end = process.retirement_on
        return end
    return None


def require_still_eligible(process, kind, *, stage):
    """procedures §3: before a reappointment or an extension is drafted and again before it is signed, the whole
    verification is run again under the procedure's rule set (political standard, discipline and its bars,
    age, achievements, declarations, health as verified); refused (``no_longer_eligible``) naming what changed.
    A decision not to reappoint needs no eligibility."""
    from apps.cadres.eligibility import require_still_eligible as require

    from .steps import eligibility_results

    if kind not in ("reappointment", "extension"):
        return
    require(eligibility_results(process, health_ok=process.health_ok), stage=stage, cadre=process.cadre)


@transaction.atomic
def draft(*, process, task, effective_from, grounds, actor):
    """The organisation board drafts the decision the leadership took, under the procedure's rule set: a
    reappointment from the end of the current term, an extension to the retirement date, or a non-reappointment
    stating the reasons. Refused on or after the day the term ends."""
    from apps.decisions import services as decisions

    rules.require_term_not_ended(process.term_end, timezone.localdate())
    kind = KIND[process.choice]
    require_still_eligible(process, kind, stage="draft")
    decision = decisions.draft_decision(
        kind=kind,
        cadre=process.cadre,
        position=process.position,
        authority=process.position.authority,
        process=process,
        rule_set=process.rule_set,
        params=process.params,
        effective_from=effective_from,
        term_end=new_term_end(process, effective_from),
        grounds=grounds,
        reason=process.choice_reasons if kind == "non_reappointment" else "",
        actor=actor,
    )
    process.decision = decision
    save(process, actor, "decision")
    complete(task, actor)
    audit("reappointment.decision_drafted", decision, process, actor, kind=kind)
    return decision


#: which decision-participant role each completed step gives its owner
PARTICIPANT_ROLES = {
    "start": "proposer",
    "notice": "reviewer",
    "self_assessment": "proposer",
    "key_officials": "conference_recorder",
    "collective": "conference_recorder",
    "ext_vote": "conference_recorder",
    "verification": "verifier",
    "ext_review": "verifier",
    "decide": "decider",
    "draft_decision": "reviewer",
}


def _participant_role(task):
    return PARTICIPANT_ROLES.get(task.flow_task.name)


def participants(process):
    """(user, role in the procedure, unit at the time) of every person who completed a step — kept with the
    decision. The unit is the one of the role assignment each person acted through (the shared
    ``workflows.common.participants``, as for appointment and nomination), not the procedure's unit."""
    from workflows.common.participants import participants as acted

    return acted(process, _participant_role)


@transaction.atomic
def sign(*, process, task, signer, issued_on, actor):
    """The competent leadership signs the decision before the term ends (H16): it is numbered, applied to the
    registry and its PDF stored; the procedure closes as reappointed, extended or not reappointed."""
    from apps.decisions import services as decisions

    rules.require_decision_drafted(process)
    issued_on = issued_on or timezone.localdate()
    rules.require_signed_before_term_end(issued_on, process.term_end)
    rules.require_term_not_ended(process.term_end, timezone.localdate())
    if process.decision.status == "draft":  # a signed one is refused as such by sign_decision
        require_still_eligible(process, process.decision.kind, stage="sign")
    decision = decisions.sign_decision(
        decision=process.decision,
        signer=actor,
        signer_cadre=signer,  # name and title from the registry (issue 9 §8)
        issued_on=issued_on,
        participants=participants(process),
        actor=actor,
    )
    process.decision = decision
    process.outcome = OUTCOME[decision.kind]
    process.outcome_reason = _("Decision {number} of {day}").format(
        number=decision.number, day=day(decision.issued_on)
    )
    save(process, actor, "outcome", "outcome_reason")
    complete(task, actor)
    audit(
        f"reappointment.{process.outcome}",
        decision,
        process,
        actor,
        number=decision.number,
        kind=decision.kind,
        tenure=decision.tenure_id,
        term_end=day(decision.term_end),
    )
    return decision
