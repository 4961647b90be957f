"""Registry rules: what a cadre's record may contain. Plain functions; each raises ``RuleViolation``.

The eligibility rules used by procedures (R2, R3, R6, R7 of docs/design.md §3) live in ``apps.cadres.eligibility``.
"""

from datetime import date

from django.utils.translation import gettext as _

from apps.core.rules import RuleViolation

_FAR_FUTURE = date.max


def require_birth_date_not_in_future(birth_date, today=None):
    today = today or date.today()
    if birth_date and birth_date > today:
        raise RuleViolation("birth_date_future", _("The date of birth cannot be in the future."))


def require_period_in_order(start, end, *, code="period_order", message=None):
    """An end date, when given, is not before its start date."""
    if start and end and end < start:
        raise RuleViolation(code, message or _("The end date cannot be before the start date."))


def require_seat_exists(seat_number, seats):
    if seat_number < 1 or seat_number > seats:
        raise RuleViolation(
            "seat_over_filled",
            _("Seat {seat} does not exist: this position has {seats} seat(s).").format(
                seat=seat_number, seats=seats
            ),
        )


def require_no_overlap(start, end, others):
    """`others` are (start, end) pairs of the other tenures on the same seat; `None` as end means still open."""
    mine_end = end or _FAR_FUTURE
    for other_start, other_end in others:
        if other_start == other_end or start == mine_end:
            continue  # a voided tenure (a revoked reappointment's, ended the day it began) holds no seat
        if start < (other_end or _FAR_FUTURE) and other_start < mine_end:
            raise RuleViolation(
                "tenure_overlap",
                _(
                    "This seat is already held from {start} until {end}; tenures on one seat cannot overlap."
                ).format(
                    start=other_start.strftime("%d/%m/%Y"),
                    end=other_end.strftime("%d/%m/%Y") if other_end else _("now"),
                ),
            )


def require_free_seats(occupied, seats):
    """A position is never over-filled (R4): at most `seats` open tenures."""
    if occupied >= seats:
        raise RuleViolation(
            "seat_over_filled",
            _("All {seats} seat(s) of this position are filled.").format(seats=seats),
        )


def validate_tenure(tenure):
    require_period_in_order(
        tenure.start_date,
        tenure.ended_on,
        code="tenure_order",
        message=_("A tenure cannot end before it starts."),
    )
    require_period_in_order(
        tenure.start_date,
        tenure.term_end,
        code="tenure_order",
        message=_("A term cannot end before it starts."),
    )
    if not tenure.position_id or not tenure.start_date:
        return
    require_seat_exists(tenure.seat_number, tenure.position.seats)
    others = tenure.__class__.objects.filter(position_id=tenure.position_id, seat_number=tenure.seat_number)
    if tenure.pk:
        others = others.exclude(pk=tenure.pk)
    require_no_overlap(tenure.start_date, tenure.ended_on, others.values_list("start_date", "ended_on"))


def validate_discipline(discipline):
    require_period_in_order(
        discipline.effective_from,
        discipline.effective_to,
        code="discipline_order",
        message=_("A discipline period cannot end before it starts."),
    )
    if discipline.status == discipline.Status.DECIDED and not (discipline.kind and discipline.effective_from):
        raise RuleViolation(
            "discipline_incomplete", _("A decided discipline needs its form and the date it takes effect.")
        )


def validate_political_conclusion(conclusion):
    if conclusion.status == conclusion.Status.CONCLUDED and not (
        conclusion.result and conclusion.concluded_on
    ):
        raise RuleViolation(
            "conclusion_incomplete", _("A concluded political-standard conclusion needs its result and date.")
        )
    if conclusion.concluded_on and conclusion.concluded_on > date.today():
        raise RuleViolation("conclusion_future", _("A conclusion cannot be dated in the future."))


def require_signed_decision(decision):
    """A seat is filled only by a signed decision (issue 9 point 6; R4): a current tenure is never typed in."""
    if (
        decision is None
        or getattr(decision, "status", None) != "signed"
        or not getattr(decision, "number", "")
    ):
        raise RuleViolation(
            "tenure_needs_decision",
            _("A seat is filled only by a signed decision; record a tenure of the past instead."),
        )


def require_past_tenure(start, ended_on, today):
    """A tenure recorded from history ended before today (and so started before today): a current one is opened
    only by a signed decision (issue 9 point 6)."""
    if ended_on is None or ended_on >= today or (start and start >= today):
        raise RuleViolation(
            "past_tenure_not_ended",
            _("A tenure of the past must have ended before today ({today}).").format(
                today=today.strftime("%d/%m/%Y")
            ),
        )
