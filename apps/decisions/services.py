"""Writers for decisions (STYLE.md rule 3): drafting, signing (numbering, tenures, PDF) and revocation.

Every service is atomic, takes the acting user as keyword-only `actor`, runs the rules of ``apps.decisions.rules``
before writing, writes inside ``acting_as(actor)`` so history rows name the actor, and appends an audit entry in
the same transaction. Who may call them is the caller's business (the flows check their task permissions).

A signed decision returns with its PDF already stored: rendering takes a few tens of milliseconds, so it runs
inside the signing transaction rather than in a background job.
"""

import calendar
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.audit.services import record
from apps.cadres import services as cadre_services
from apps.cadres.models import Tenure
from apps.core.history import acting_as
from apps.core.rules import RuleViolation
from apps.organisation.models import Position

from . import rules
from .models import (
    DEFAULT_SYMBOLS,
    FALLBACK_SYMBOL,
    Decision,
    DecisionCounter,
    DecisionParticipant,
    IssuerProfile,
)
from .pdf import render_decision_pdf

__all__ = [
    "draft_decision",
    "sign_decision",
    "revoke_decision",
    "render_decision_pdf",
    "symbol_for",
]


def add_years(day, years):
    """The same calendar day `years` later (29 February becomes 28 February)."""
    year = day.year + years
    return day.replace(year=year, day=min(day.day, calendar.monthrange(year, day.month)[1]))


def symbol_for(authority):
    """The number symbol of `authority`: its issuer profile's, else the default for its kind of body."""
    profile = IssuerProfile.objects.filter(authority=authority).first()
    if profile and profile.symbol:
        return profile.symbol
    return DEFAULT_SYMBOLS.get(authority.kind, FALLBACK_SYMBOL)


def _issuer_fields(authority):
    """The header and signature lines a new decision copies from the authority's profile (or defaults)."""
    profile = IssuerProfile.objects.filter(authority=authority).first()
    place = authority.province_name or authority.commune_name
    if profile is None:
        return {
            "symbol": DEFAULT_SYMBOLS.get(authority.kind, FALLBACK_SYMBOL),
            "parent_body": "",
            "body_name": authority.name.upper(),
            "authority_line": "",
            "on_behalf": "",
            "place_name": place,
            "executors": "",
            "recipients": "",
        }
    return {
        "symbol": profile.symbol or DEFAULT_SYMBOLS.get(authority.kind, FALLBACK_SYMBOL),
        "parent_body": profile.parent_body,
        "body_name": profile.body_name or authority.name.upper(),
        "authority_line": profile.authority_line,
        "on_behalf": profile.on_behalf,
        "place_name": profile.place_name or place,
        "executors": profile.executors,
        "recipients": profile.recipients,
    }


def _cadre_post(cadre):
    unit_name = cadre.current_unit.name if cadre.current_unit_id else ""
    return ", ".join(part for part in (cadre.job_title, unit_name) if part)


def _open_tenure(cadre, position, *, lock=False):
    queryset = Tenure.objects.open().filter(cadre=cadre, position=position).order_by("-start_date")
    if lock:
        queryset = queryset.select_for_update()
    return queryset.first()


def _held_seats(position):
    return set(Tenure.objects.open().filter(position=position).values_list("seat_number", flat=True))


def _new_decision(
    *,
    kind,
    cadre,
    position,
    authority,
    process,
    rule_set,
    params,
    effective_from,
    term_end,
    grounds,
    reason,
    seat_number,
):
    if params is None:
        params = rule_set.resolve()
    return Decision(
        kind=kind,
        cadre=cadre,
        position=position,
        authority=authority,
        process=process,
        rule_set=rule_set,
        rule_snapshot=params.as_snapshot(),
        effective_from=effective_from,
        term_end=term_end,
        grounds=grounds.strip(),
        reason=(reason or "").strip(),
        seat_number=seat_number,
        cadre_name=cadre.full_name,
        cadre_birth_date=cadre.birth_date,
        cadre_gender=cadre.gender,
        cadre_post=_cadre_post(cadre),
        position_title=position.title,
        unit_name=position.unit.name,
        authority_name=authority.name,
        authority_kind=authority.kind,
        **_issuer_fields(authority),
    )


def _term_end_to_check(kind, term_end):
    """The end of the term the decision grants (a non-reappointment grants none: its date is when one ends)."""
    return term_end if kind in Decision.CREATES_TENURE or kind == Decision.Kind.EXTENSION else None


def _check_draft(kind, cadre, position, effective_from, term_end, seat_number):
    """What can be refused already when drafting (signing checks it again, under locks)."""
    rules.require_effective_dates(
        issued_on=None, effective_from=effective_from, term_end=_term_end_to_check(kind, term_end)
    )
    if kind in Decision.CREATES_TENURE and kind != Decision.Kind.REAPPOINTMENT:
        if _open_tenure(cadre, position):
            raise RuleViolation("already_holds_position", _("The cadre already holds this position."))
        rules.require_vacant_seat(
            seats=position.seats, held_seats=_held_seats(position), seat_number=seat_number
        )
    if kind in Decision.ACTS_ON_TERM:
        tenure = _open_tenure(cadre, position)
        rules.require_open_tenure(tenure)
        if kind == Decision.Kind.EXTENSION:
            rules.require_later_term_end(current=tenure.term_end, new=term_end)


@transaction.atomic
def draft_decision(
    *,
    kind,
    cadre,
    position,
    authority,
    process=None,
    rule_set,
    params,
    effective_from,
    term_end=None,
    grounds,
    reason="",
    seat_number=None,
    actor,
):
    """Draft a decision of `authority` about `cadre` and `position` under `rule_set` (its resolved `params` are
    copied onto the decision, so a later inspection can replay its checks).

    Appointments, reappointments and election results without a `term_end` get the position's term. For an
    extension, `term_end` is the retirement date. Refuses missing grounds (``grounds_required``), a term ending
    before it starts (``term_order``), a full position or a taken seat (``seat_over_filled``, ``seat_taken``,
    R4), a cadre who already holds the position (``already_holds_position``), and a reappointment,
    non-reappointment or extension for a cadre with no open tenure of the position (``no_open_tenure``).
    Revocations are made by ``revoke_decision``.
    """
    if kind not in Decision.Kind.values or kind == Decision.Kind.REVOCATION:
        raise ValueError(f"draft_decision cannot draft a {kind!r} decision")
    rules.require_grounds(grounds)
    if term_end is None and kind in Decision.CREATES_TENURE:
        term_end = add_years(effective_from, position.term_years)
    if term_end is None and kind == Decision.Kind.NON_REAPPOINTMENT:
        tenure = _open_tenure(cadre, position)
        term_end = tenure.term_end if tenure else None
    _check_draft(kind, cadre, position, effective_from, term_end, seat_number)
    decision = _new_decision(
        kind=kind,
        cadre=cadre,
        position=position,
        authority=authority,
        process=process,
        rule_set=rule_set,
        params=params,
        effective_from=effective_from,
        term_end=term_end,
        grounds=grounds,
        reason=reason,
        seat_number=seat_number,
    )
    with acting_as(actor):
        decision.save()
    record(
        "decision.drafted",
        decision,
        actor=actor,
        process_id=decision.process_id,
        data={
            "kind": kind,
            "cadre": cadre.pk,
            "position": position.pk,
            "authority": authority.pk,
            "effective_from": effective_from,
            "term_end": term_end,
            "rule_set": rule_set.pk,
        },
    )
    return decision


# --- signing ---------------------------------------------------------------------------------------------


def _next_sequence(authority, year):
    """The next number of `authority` in `year`, taken under a row lock on its counter."""
    DecisionCounter.objects.get_or_create(authority=authority, year=year)
    counter = DecisionCounter.objects.select_for_update().get(authority=authority, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


def _free_seat(position, start, end, held):
    """The lowest seat no open tenure holds and no other tenure overlaps from `start` to `end`."""
    far = date.max
    for seat in range(1, position.seats + 1):
        if seat in held:
            continue
        periods = Tenure.objects.filter(position=position, seat_number=seat).values_list(
            "start_date", "ended_on"
        )
        if all(not (start < (ended or far) and begun < (end or far)) for begun, ended in periods):
            return seat
    return min(set(range(1, position.seats + 1)) - held)


def _change_tenure(tenure, action, *, actor, process_id, **changes):
    """End or extend a tenure (validated as the registry does) with its history and audit entry."""
    before = {name: getattr(tenure, name) for name in changes}
    for name, value in changes.items():
        setattr(tenure, name, value)
    cadre_services.validate(tenure)
    with acting_as(actor):
        tenure.save()
    record(
        action,
        tenure,
        actor=actor,
        process_id=process_id,
        data={name: [before[name], value] for name, value in changes.items()},
    )
    return tenure


def _open_new_tenure(decision, *, seat_number, actor):
    return cadre_services.add_tenure(
        cadre=decision.cadre,
        position=decision.position,
        start_date=decision.effective_from,
        seat_number=seat_number,
        term_end=decision.term_end,
        decision_number=decision.number,
        decision_date=decision.issued_on,
        actor=actor,
    )


def _apply_appointment(decision, *, actor):
    """Appointment or election result: a new tenure on a free seat (R4)."""
    position = Position.objects.select_for_update().get(pk=decision.position_id)
    if _open_tenure(decision.cadre, position):
        raise RuleViolation("already_holds_position", _("The cadre already holds this position."))
    held = _held_seats(position)
    rules.require_vacant_seat(seats=position.seats, held_seats=held, seat_number=decision.seat_number)
    seat = decision.seat_number or _free_seat(position, decision.effective_from, decision.term_end, held)
    decision.tenure = _open_new_tenure(decision, seat_number=seat, actor=actor)
    decision.seat_number = seat


def _current_term(decision):
    Position.objects.select_for_update().filter(pk=decision.position_id).first()
    tenure = _open_tenure(decision.cadre, decision.position, lock=True)
    rules.require_open_tenure(tenure)
    rules.require_signed_before_term_end(issued_on=decision.issued_on, term_end=tenure.term_end)
    decision.seat_number = tenure.seat_number
    return tenure


def _apply_reappointment(decision, *, actor):
    """The current tenure ends the day the new term starts (the registry's periods end exclusive, so the two
    tenures touch without overlapping) and a new tenure on the same seat runs for the new term."""
    old = _current_term(decision)
    _change_tenure(
        old,
        "tenure.ended",
        actor=actor,
        process_id=decision.process_id,
        ended_on=decision.effective_from,
        end_reason=Tenure.EndReason.REAPPOINTED,
    )
    decision.tenure = _open_new_tenure(decision, seat_number=old.seat_number, actor=actor)


def _apply_non_reappointment(decision, *, actor):
    """The tenure ends at its term end: the seat counts as vacant from now so a successor can be sought."""
    tenure = _current_term(decision)
    decision.tenure = _change_tenure(
        tenure,
        "tenure.ended",
        actor=actor,
        process_id=decision.process_id,
        ended_on=tenure.term_end or decision.effective_from,
        end_reason=Tenure.EndReason.NOT_REAPPOINTED,
    )


def _apply_extension(decision, *, actor):
    """The term runs on to the retirement date (the decision's `term_end`)."""
    tenure = _current_term(decision)
    rules.require_later_term_end(current=tenure.term_end, new=decision.term_end)
    decision.tenure = _change_tenure(
        tenure, "tenure.extended", actor=actor, process_id=decision.process_id, term_end=decision.term_end
    )


def _apply_revocation(decision, *, actor):
    """The tenure the original decision opened ends on the revocation date (never before it began), and the
    original is marked revoked; nothing of its content changes (R8)."""
    original = Decision.objects.select_for_update().get(pk=decision.revokes_id)
    rules.require_can_revoke(original)
    revoked_on = decision.effective_from
    tenure = original.tenure if original.kind in Decision.CREATES_TENURE else None
    if tenure is not None:
        tenure = Tenure.objects.select_for_update().get(pk=tenure.pk)
        if tenure.ended_on is None or tenure.ended_on > revoked_on:
            _change_tenure(
                tenure,
                "tenure.ended",
                actor=actor,
                process_id=decision.process_id,
                ended_on=max(revoked_on, tenure.start_date),
                end_reason=Tenure.EndReason.REVOKED,
            )
        decision.tenure = tenure


APPLY = {
    Decision.Kind.APPOINTMENT: _apply_appointment,
    Decision.Kind.ELECTION_RESULT: _apply_appointment,
    Decision.Kind.REAPPOINTMENT: _apply_reappointment,
    Decision.Kind.NON_REAPPOINTMENT: _apply_non_reappointment,
    Decision.Kind.EXTENSION: _apply_extension,
    Decision.Kind.NOMINATION: lambda decision, *, actor: None,
    Decision.Kind.REVOCATION: _apply_revocation,
}


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
    *, decision, signer, signer_title, signer_name=None, issued_on=None, participants=(), actor
):
    """Sign a draft: give it the next number of its authority for the year (``DecisionCounter`` under a row
    lock), apply it to the registry, record who took part, render and store its PDF.

    By kind: an appointment or election result opens a tenure on a free seat (refused when the position is full,
    R4); a reappointment ends the current tenure and opens the new term on the same seat; a non-reappointment ends
    the tenure at its term end so the seat becomes vacant; an extension moves the term end to the retirement date.
    Reappointment, non-reappointment and extension must be signed before the term ends (H16,
    ``signed_after_term_end``). `participants` are ``(user, role, unit)`` or ``(user, role, unit, title)``
    tuples; the signer is added as such. Refuses a decision already signed (``already_signed``).
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
        term_end=_term_end_to_check(decision.kind, decision.term_end),
    )
    decision.issued_on = issued_on
    decision.signer = signer
    decision.signer_title = signer_title
    decision.signer_name = signer_name or signer.get_full_name() or signer.get_username()
    decision.sequence = _next_sequence(decision.authority, issued_on.year)
    decision.year = issued_on.year
    decision.number = f"{decision.sequence}/{decision.symbol}"
    decision.status = Decision.Status.SIGNED
    APPLY[decision.kind](decision, actor=actor)
    decision.store_pdf(render_decision_pdf(decision))
    with acting_as(actor):
        decision.save()
        DecisionParticipant.objects.bulk_create(
            _participant_rows(decision, participants, signer, signer_title)
        )
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
            "revokes": decision.revokes_id,
            "pdf_sha256": decision.pdf_sha256,
        },
    )
    return decision


@transaction.atomic
def revoke_decision(
    *,
    original,
    grounds,
    reason,
    authority,
    signer,
    signer_title,
    revoked_on,
    actor,
    process=None,
    signer_name=None,
    issued_on=None,
    participants=(),
    rule_set=None,
    params=None,
):
    """Revoke `original` by a new, signed revocation decision of `authority` that names it and states the reason
    (R8, H21). The original is marked revoked (its content is never edited) and the tenure it opened ends on
    `revoked_on` (end reason "revoked"), so the seat reopens. The revocation runs under the rule set in force for
    the position's unit (or the given one). Refuses a decision already revoked (``already_revoked``), a draft
    (``not_signed``), a revocation decision (``revocation_not_revocable``), missing grounds
    (``grounds_required``) or reason (``reason_required``), and a date before the original was signed
    (``revocation_before_original``).
    """
    from apps.rulesets.selectors import rule_set_for

    original = (
        Decision.objects.select_for_update(of=("self",))
        .select_related("cadre", "position__unit")
        .get(pk=original.pk)
    )
    rules.require_can_revoke(original)
    rules.require_grounds(grounds)
    if not (reason or "").strip():
        raise RuleViolation("reason_required", _("State the reason for the revocation."))
    issued_on = issued_on or timezone.localdate()
    rules.require_revocation_after_original(original_issued_on=original.issued_on, revoked_on=revoked_on)
    rules.require_effective_dates(issued_on=issued_on, effective_from=revoked_on)
    rule_set = rule_set or rule_set_for(unit=original.position.unit, on=issued_on)
    revocation = _new_decision(
        kind=Decision.Kind.REVOCATION,
        cadre=original.cadre,
        position=original.position,
        authority=authority,
        process=process,
        rule_set=rule_set,
        params=params,
        effective_from=revoked_on,
        term_end=None,
        grounds=grounds,
        reason=reason,
        seat_number=original.seat_number,
    )
    revocation.revokes = original
    with acting_as(actor):
        revocation.save()
    revocation = sign_decision(
        decision=revocation,
        signer=signer,
        signer_title=signer_title,
        signer_name=signer_name,
        issued_on=issued_on,
        participants=participants,
        actor=actor,
    )
    original.status = Decision.Status.REVOKED
    original.revoked_by = revocation
    original.revoked_on = revoked_on
    with acting_as(actor):
        original.save(update_fields=["status", "revoked_by", "revoked_on", "updated_at"])
    record(
        "decision.revoked",
        original,
        actor=actor,
        process_id=revocation.process_id,
        data={
            "number": original.number,
            "revoked_by": revocation.pk,
            "revocation_number": revocation.number,
            "revoked_on": revoked_on,
            "grounds": grounds.strip(),
            "reason": reason.strip(),
            "tenure": revocation.tenure_id,
        },
    )
    return revocation
