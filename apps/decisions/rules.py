"""Rules for decisions. Plain functions that take values or objects, never write, and raise ``RuleViolation``.

R4 (a seat is never over-filled), R8/H21 (a wrong decision is revoked by a new decision, once, with grounds) and
H16 (a reappointment, non-reappointment or extension is decided before the term ends).
"""

from django.utils.translation import gettext as _

from apps.core.rules import RuleViolation


def _day(value):
    return value.strftime("%d/%m/%Y")


def require_vacant_seat(*, seats, held_seats, seat_number=None):
    """R4: the position has a free seat (`held_seats` are the seat numbers taken by open tenures); when a
    `seat_number` is named it exists and is free."""
    held = set(held_seats)
    if seat_number is not None:
        if seat_number < 1 or seat_number > seats:
            raise RuleViolation(
                "seat_over_filled",
                _("Seat {seat} does not exist: this position has {seats} seat(s).").format(
                    seat=seat_number, seats=seats
                ),
            )
        if seat_number in held:
            raise RuleViolation(
                "seat_taken", _("Seat {seat} of this position is already held.").format(seat=seat_number)
            )
    if len(held) >= seats:
        raise RuleViolation(
            "seat_over_filled", _("All {seats} seat(s) of this position are filled.").format(seats=seats)
        )


def require_grounds(text):
    """A decision, and above all a revocation, states its legal grounds (căn cứ) (R8)."""
    if not (text or "").strip():
        raise RuleViolation("grounds_required", _("State the grounds (căn cứ) of the decision."))


def require_draft(decision):
    if decision.status != decision.Status.DRAFT:
        raise RuleViolation("already_signed", _("This decision is already signed."))


def require_can_revoke(decision):
    """R8, H21: only a signed decision that is not yet revoked, and not itself a revocation, can be revoked."""
    if decision.status == decision.Status.REVOKED or decision.revoked_by_id:
        raise RuleViolation(
            "already_revoked",
            _("Decision {number} has already been revoked.").format(number=decision.number),
        )
    if decision.status != decision.Status.SIGNED:
        raise RuleViolation("not_signed", _("Only a signed decision can be revoked."))
    if decision.kind == decision.Kind.REVOCATION:
        raise RuleViolation(
            "revocation_not_revocable",
            _(
                "A revocation decision cannot be revoked this way; the competent authority issues a new decision."
            ),
        )


def require_effective_dates(*, issued_on, effective_from, term_end=None):
    """A decision takes effect on or after the day it is signed, and a term does not end before it starts."""
    if issued_on and effective_from and effective_from < issued_on:
        raise RuleViolation(
            "effective_before_issue",
            _("A decision cannot take effect ({effective}) before it is signed ({issued}).").format(
                effective=_day(effective_from), issued=_day(issued_on)
            ),
        )
    if effective_from and term_end and term_end <= effective_from:
        raise RuleViolation(
            "term_order",
            _("The term cannot end ({end}) on or before the day it starts ({start}).").format(
                end=_day(term_end), start=_day(effective_from)
            ),
        )


def require_signed_before_term_end(*, issued_on, term_end):
    """H16: a reappointment (and a non-reappointment or extension) is decided before the current term ends."""
    if term_end and issued_on and issued_on >= term_end:
        raise RuleViolation(
            "signed_after_term_end",
            _("The decision must be signed before the term ends on {end}.").format(end=_day(term_end)),
        )


def require_open_tenure(tenure):
    """A reappointment, non-reappointment or extension acts on the cadre's current tenure of the position."""
    if tenure is None:
        raise RuleViolation(
            "no_open_tenure",
            _("The cadre does not currently hold this position: there is no term to act on."),
        )


def require_later_term_end(*, current, new):
    """An extension moves the end of the term later (to the retirement date), never earlier."""
    if not new:
        raise RuleViolation("term_end_required", _("State the date the extended term ends (retirement)."))
    if current and new <= current:
        raise RuleViolation(
            "extension_not_later",
            _("The extended term must end after the current term ({end}).").format(end=_day(current)),
        )


def require_revocation_after_original(*, original_issued_on, revoked_on):
    """A decision cannot be revoked with effect before it was signed."""
    if original_issued_on and revoked_on and revoked_on < original_issued_on:
        raise RuleViolation(
            "revocation_before_original",
            _("The revocation date cannot be before the original decision was signed ({issued}).").format(
                issued=_day(original_issued_on)
            ),
        )


def require_start_after_current_post(*, start, current_start, current_post):
    """An appointment to another post (not held concurrently) ends the cadre's current post the day before it
    takes effect, so it must take effect after the current post began."""
    if start and current_start and start <= current_start:
        raise RuleViolation(
            "starts_before_current_post",
            _(
                "The appointment must take effect after the cadre's current post ({post}) began on {start}; "
                "otherwise state that the new post is held concurrently."
            ).format(post=current_post, start=_day(current_start)),
        )


def require_post_held_for_concurrent(tenures):
    """A post held concurrently (kiêm nhiệm) is held beside another: the cadre must hold one."""
    if not tenures:
        raise RuleViolation(
            "no_post_held",
            _("The cadre holds no other post, so the new post cannot be held concurrently (kiêm nhiệm)."),
        )
