"""Signing: the number under a row lock, the registry change, the participants, the PDF and the audit entry."""

from django.db import transaction
from django.utils import timezone

from apps.audit.services import record
from apps.core.history import acting_as

from .. import rules
from ..models import Decision, DecisionCounter, DecisionParticipant
from ..pdf import render_decision_pdf
from ..signers import signer_from_registry
from .drafting import term_end_to_check
from .tenures import APPLY


def _next_sequence(authority, year):
    """The next number of `authority` in `year`, taken under a row lock on its counter."""
    DecisionCounter.objects.get_or_create(authority=authority, year=year)
    counter = DecisionCounter.objects.select_for_update().get(authority=authority, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


def _participant_rows(decision, participants, signer, signer_title):
    """(user, role, unit[, title]) tuples → rows; the signer is always one of them."""
    rows, seen = [], set()
    everyone = list(participants) + [
        (signer, DecisionParticipant.Role.SIGNER, decision.authority, signer_title)
    ]
    for entry in everyone:
        user, role, unit, *rest = entry
        if role not in DecisionParticipant.Role.values:
            raise ValueError(f"unknown participant role {role!r}")
        if (user.pk, role) in seen:
            continue
        seen.add((user.pk, role))
        cadre = getattr(user, "cadre", None)
        title = rest[0] if rest else (cadre.job_title if cadre is not None else "")
        rows.append(
            DecisionParticipant(
                decision=decision,
                user=user,
                role_in_procedure=role,
                unit_at_the_time=unit,
                title_at_the_time=title or "",
                name_at_the_time=user.get_full_name() or user.get_username(),
            )
        )
    return rows


@transaction.atomic
def sign_decision(
    *,
    decision,
    signer,
    signer_title=None,
    signer_name=None,
    signer_cadre=None,
    issued_on=None,
    participants=(),
    actor,
):
    """Sign a draft: give it the next number of its authority for the year (``DecisionCounter`` under a row
    lock), apply it to the registry, record who took part, render and store its PDF.

    By kind: an appointment or election result opens a tenure on a free seat (refused when the position is full,
    R4); a reappointment ends the current tenure and opens the new term on the same seat; a non-reappointment ends
    the tenure at its term end so the seat becomes vacant; an extension moves the term end to the retirement date.
    Reappointment, non-reappointment and extension must be signed before the term ends (H16,
    ``signed_after_term_end``). `participants` are ``(user, role, unit)`` or ``(user, role, unit, title)``
    tuples; the signer is added as such. Refuses a decision already signed (``already_signed``).

    With `signer_cadre` (what every sign step passes, issue 9 §8) the signer's name and title come from the
    registry — the title of the post of the issuing authority they hold on the signing date — and a cadre who
    holds none is refused (``signer_holds_no_post``); `signer_title` and `signer_name` are then ignored.
    """
    decision = (
        Decision.objects.select_for_update(of=("self",))
        .select_related("cadre", "position__unit", "authority")
        .get(pk=decision.pk)
    )
    rules.require_draft(decision)
    issued_on = issued_on or timezone.localdate()
    rules.require_grounds(decision.grounds)
    rules.require_effective_dates(
        issued_on=issued_on,
        effective_from=decision.effective_from,
        term_end=term_end_to_check(decision.kind, decision.term_end),
    )
    if signer_cadre is not None:
        registry = signer_from_registry(signer_cadre, decision.authority, issued_on)
        signer_title, signer_name = registry.title, registry.name
    decision.issued_on = issued_on
    decision.signer = signer
    decision.signer_title = signer_title or ""
    decision.signer_name = signer_name or signer.get_full_name() or signer.get_username()
    decision.sequence = _next_sequence(decision.authority, issued_on.year)
    decision.year = issued_on.year
    decision.number = f"{decision.sequence}/{decision.symbol}"
    decision.status = Decision.Status.SIGNED
    APPLY[decision.kind](decision, actor=actor)
    decision.store_pdf(render_decision_pdf(decision))
    with acting_as(actor):
        decision.save()
        rows = _participant_rows(decision, participants, signer, signer_title)
        if signer_cadre is not None:  # the signer as the registry names them (issue 9 §8)
            for row in rows:
                if row.user_id == signer.pk and row.role_in_procedure == DecisionParticipant.Role.SIGNER:
                    row.name_at_the_time = decision.signer_name
        DecisionParticipant.objects.bulk_create(rows)
    record(
        "decision.signed",
        decision,
        actor=actor,
        process_id=decision.process_id,
        data={
            "number": decision.number,
            "kind": decision.kind,
            "issued_on": issued_on,
            "effective_from": decision.effective_from,
            "term_end": decision.term_end,
            "cadre": decision.cadre_id,
            "position": decision.position_id,
            "seat": decision.seat_number,
            "tenure": decision.tenure_id,
            "signer": signer.pk,
            "signer_cadre": getattr(signer_cadre, "pk", None),
            "signer_title": decision.signer_title,
            "revokes": decision.revokes_id,
            "pdf_sha256": decision.pdf_sha256,
        },
    )
    return decision
