"""The decision rules on plain values (no database)."""

from datetime import date

import pytest

from apps.core.rules import RuleViolation
from apps.decisions import rules
from apps.decisions.models import Decision


def code_of(call, *args, **kwargs):
    with pytest.raises(RuleViolation) as exc:
        call(*args, **kwargs)
    return exc.value.rule_code


def test_a_free_seat_passes():
    rules.require_vacant_seat(seats=2, held_seats={1})
    rules.require_vacant_seat(seats=2, held_seats={1}, seat_number=2)


def test_a_full_position_is_refused():
    assert code_of(rules.require_vacant_seat, seats=2, held_seats={1, 2}) == "seat_over_filled"


def test_a_taken_or_missing_seat_is_refused():
    assert code_of(rules.require_vacant_seat, seats=2, held_seats={1}, seat_number=1) == "seat_taken"
    assert code_of(rules.require_vacant_seat, seats=2, held_seats=set(), seat_number=3) == "seat_over_filled"
    assert code_of(rules.require_vacant_seat, seats=2, held_seats=set(), seat_number=0) == "seat_over_filled"


@pytest.mark.parametrize("text", ["", "   \n ", None])
def test_grounds_are_required(text):
    assert code_of(rules.require_grounds, text) == "grounds_required"


def test_grounds_given_pass():
    rules.require_grounds("Căn cứ Nghị định số 170/2025/NĐ-CP;")


def _decision(**fields):
    fields = {
        "kind": Decision.Kind.APPOINTMENT,
        "status": Decision.Status.SIGNED,
        "number": "1/QĐ-UBND",
        **fields,
    }
    return Decision(**fields)


def test_a_signed_decision_can_be_revoked():
    rules.require_can_revoke(_decision())


def test_a_revoked_decision_cannot_be_revoked_again():
    assert code_of(rules.require_can_revoke, _decision(status=Decision.Status.REVOKED)) == "already_revoked"
    assert code_of(rules.require_can_revoke, _decision(revoked_by_id=7)) == "already_revoked"


def test_a_draft_cannot_be_revoked():
    assert (
        code_of(rules.require_can_revoke, _decision(status=Decision.Status.DRAFT, number="")) == "not_signed"
    )


def test_a_revocation_cannot_be_revoked_this_way():
    revocation = _decision(kind=Decision.Kind.REVOCATION)
    assert code_of(rules.require_can_revoke, revocation) == "revocation_not_revocable"


def test_effective_dates():
    rules.require_effective_dates(issued_on=date(2026, 11, 26), effective_from=date(2026, 11, 26))
    rules.require_effective_dates(
        issued_on=date(2026, 11, 26), effective_from=date(2026, 12, 1), term_end=date(2031, 12, 1)
    )
    assert (
        code_of(
            rules.require_effective_dates, issued_on=date(2026, 11, 26), effective_from=date(2026, 11, 25)
        )
        == "effective_before_issue"
    )
    assert (
        code_of(
            rules.require_effective_dates,
            issued_on=None,
            effective_from=date(2026, 12, 1),
            term_end=date(2026, 12, 1),
        )
        == "term_order"
    )


def test_reappointment_must_be_signed_before_the_term_ends():
    rules.require_signed_before_term_end(issued_on=date(2026, 12, 31), term_end=date(2027, 1, 1))
    for late in (date(2027, 1, 1), date(2027, 3, 1)):
        assert (
            code_of(rules.require_signed_before_term_end, issued_on=late, term_end=date(2027, 1, 1))
            == "signed_after_term_end"
        )


def test_an_extension_moves_the_term_end_later():
    rules.require_later_term_end(current=date(2027, 1, 1), new=date(2028, 6, 1))
    assert code_of(rules.require_later_term_end, current=date(2027, 1, 1), new=date(2027, 1, 1)) == (
        "extension_not_later"
    )
    assert code_of(rules.require_later_term_end, current=date(2027, 1, 1), new=None) == "term_end_required"


def test_a_revocation_cannot_take_effect_before_the_original():
    rules.require_revocation_after_original(
        original_issued_on=date(2026, 11, 26), revoked_on=date(2026, 11, 26)
    )
    assert (
        code_of(
            rules.require_revocation_after_original,
            original_issued_on=date(2026, 11, 26),
            revoked_on=date(2026, 11, 25),
        )
        == "revocation_before_original"
    )
