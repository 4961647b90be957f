"""The candidate list with its surplus, the nomination decisions and the signed list."""

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.history import acting_as
from apps.core.rules import RuleViolation
from workflows.common.models import StepAttachment

from .. import rules
from ..models import NominationCandidate
from .common import audit, complete, discard

Status = NominationCandidate.Status


def listable_candidates(process):
    """Candidates who went through every round and passed verification: those the list may name."""
    return (
        process.candidates.filter(status=Status.ELIGIBLE, verified_at__isnull=False)
        .select_related("cadre", "cadre__current_unit")
        .order_by("pk")
    )


def require_still_eligible(process, candidates, *, stage):
    """procedures §3: every nomination condition again before the decision — when the nomination decisions are
    drafted, when they are signed and when the election result is confirmed — under the procedure's rule set,
    with the self-assessment the verification accepted, the age counted from the day of verification (HD 06).
    Refused (``no_longer_eligible``) naming the candidate and what changed; nothing is written."""
    from apps.cadres import eligibility

    for candidate in candidates:
        eligibility.recheck_candidate(
            candidate, process.position, process.params, purpose="nomination", stage=stage
        )


def final_round_code(process):
    from .rounds import round_specs

    return round_specs(process)[-1].code


def proposed_list(process):
    """The names the list takes by default: from the highest final-round votes down, as many as it may carry."""
    from .common import list_bounds

    final = final_round_code(process)
    ranked = sorted(listable_candidates(process), key=lambda c: (-c.round_votes.get(final, 0), c.pk))
    return ranked[: list_bounds(process)[1]]


def listed_candidates(process):
    return list(
        process.candidates.filter(on_list=True)
        .select_related("cadre", "cadre__current_unit", "decision")
        .order_by("pk")
    )


@transaction.atomic
def prepare_list(*, process, task, candidates, effective_from, grounds, actor):
    """The organisation board puts the candidate list together and drafts a nomination decision for each name.

    H19 (190-QĐ/TW Đ.14): the list carries between ``election_surplus_min_percent`` and
    ``election_surplus_max_percent`` of the seats more names than seats, at least one — too few names, or more
    than the maximum, is refused and nothing is written. Only candidates who passed every round and the
    verification can be listed, from the highest votes at the final round down; those left off stop here with
    the reason.
    """
    from apps.conferences.rules import election_list_surplus
    from apps.decisions import services as decision_services

    allowed = list(listable_candidates(process))
    chosen_ids = {c.pk for c in candidates}
    rules.require_list_from(chosen_ids, [c.pk for c in allowed])
    chosen = [c for c in allowed if c.pk in chosen_ids]
    params = process.params
    surplus = election_list_surplus(
        len(chosen), process.seats, params.election_surplus_min_percent, params.election_surplus_max_percent
    )
    final = final_round_code(process)
    rules.require_list_by_votes(
        [c.round_votes.get(final, 0) for c in chosen],
        [c.round_votes.get(final, 0) for c in allowed if c.pk not in chosen_ids],
    )
    rules.require_not_own_candidacy(actor, [c.cadre_id for c in chosen])
    require_still_eligible(process, chosen, stage="draft")
    for candidate in chosen:
        candidate.decision = decision_services.draft_decision(
            kind="nomination",
            cadre=candidate.cadre,
            position=process.position,
            authority=process.position.authority,
            process=process,
            rule_set=process.rule_set,
            params=params,
            effective_from=effective_from,
            grounds=grounds,
            actor=actor,
        )
    with acting_as(actor):
        for candidate in allowed:
            if candidate.pk in chosen_ids:
                candidate.on_list = True
                candidate.save(update_fields=["on_list", "decision"])
            else:
                candidate.status = Status.ELIMINATED
                candidate.stopped_at_step = "list"
                candidate.reason = _("Not put on the candidate list.")
                candidate.save(update_fields=["status", "stopped_at_step", "reason"])
        process.list_surplus = surplus
        process.save(update_fields=["list_surplus"])
    complete(task, actor)
    audit(
        "nomination.list_prepared",
        process,
        process,
        actor,
        listed=[c.cadre_id for c in chosen],
        left_off=[c.cadre_id for c in allowed if c.pk not in chosen_ids],
        seats=process.seats,
        surplus=surplus,
    )
    return chosen


def participants(process):
    """(user, role in the procedure, unit at the time) of everyone who completed a step — recorded with each
    decision of the procedure."""
    from workflows.common.participants import participants as acted

    return acted(process, _participant_role)


#: which decision-participant role each completed step gives its owner
PARTICIPANT_ROLES = {
    "start": "proposer",
    "review": "decider",
    "verification": "verifier",
    "prepare_list": "reviewer",
    "record_result": "conference_recorder",
}


def _participant_role(task):
    name = task.flow_task.name
    return PARTICIPANT_ROLES.get(name) or ("conference_recorder" if name.startswith("round") else None)


def _store_list_pdf(process, task, listed, signer_title, signer_name, issued_on, actor):
    from ..pdf import render_list_pdf

    content = render_list_pdf(process, listed, signer_title, signer_name, issued_on)
    name = f"danh-sach-gioi-thieu-ung-cu-{process.pk}.pdf"
    attachment = StepAttachment(
        process_id=process.pk,
        task=task,
        author=actor,
        kind=StepAttachment.Kind.QUYET_DINH,
        original_name=name,
        size=len(content),
        content_type="application/pdf",
    )
    attachment.file.save(name, ContentFile(content), save=False)
    attachment.save()
    return attachment


@transaction.atomic
def sign_list(*, process, task, signer, issued_on, actor):
    """The competent leadership signs the nomination decisions — each numbered, rendered as a PDF and recorded
    with everyone who took part — and the list itself (a PDF among the procedure's documents). The listed
    candidates are nominated; the election result is then due a few working days after the election. The signer
    is an office holder of the position's authority on the signing date; their name and title, on every decision
    and on the list, come from the registry (issue 9 §8, ``signer_holds_no_post``)."""
    from apps.decisions import rules as decision_rules
    from apps.decisions import services as decision_services
    from apps.decisions.signers import signer_from_registry

    listed = listed_candidates(process)
    if not listed or any(c.decision_id is None for c in listed):
        raise RuleViolation("decision_not_drafted", _("The nomination decisions have not been drafted yet."))
    issued_on = issued_on or timezone.localdate()
    registry = signer_from_registry(signer, process.position.authority, issued_on)
    signer_title, signer_name = registry.title, registry.name
    for candidate in listed:  # refuse before any decision is numbered or any PDF stored
        decision_rules.require_draft(candidate.decision)
        decision_rules.require_effective_dates(
            issued_on=issued_on, effective_from=candidate.decision.effective_from
        )
    require_still_eligible(process, listed, stage="sign")
    who = participants(process)
    stored = []
    try:
        for candidate in listed:
            candidate.decision = decision_services.sign_decision(
                decision=candidate.decision,
                signer=actor,
                signer_cadre=signer,
                issued_on=issued_on,
                participants=who,
                actor=actor,
            )
            stored.append(candidate.decision.pdf)
        with acting_as(actor):
            for candidate in listed:
                candidate.status = Status.NOMINATED
                candidate.save(update_fields=["status"])
            attachment = _store_list_pdf(process, task, listed, signer_title, signer_name, issued_on, actor)
            stored.append(attachment.file)
            process.list_signed_on = issued_on
            process.save(update_fields=["list_signed_on"])
        complete(task, actor)
    except BaseException:
        discard(stored)
        raise
    audit(
        "nomination.nominated",
        process,
        process,
        actor,
        decisions={str(c.cadre_id): c.decision.number for c in listed},
        issued_on=issued_on.strftime("%d/%m/%Y"),
        list_document=attachment.pk,
    )
    return [c.decision for c in listed]
