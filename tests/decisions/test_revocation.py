"""Revocation by a new decision (R8, H21): the original is marked, never edited; its tenure ends; the seat reopens."""

from datetime import date

import pytest

from apps.audit.models import AuditEntry
from apps.cadres.models import Tenure
from apps.core.rules import RuleViolation
from apps.decisions.models import Decision, DecisionCounter
from apps.organisation.models import Position
from tests.factories import CadreFactory

from .conftest import GROUNDS, REASON, REVOCATION_GROUNDS, REVOKED_ON


def content_of(decision):
    decision = Decision.objects.get(pk=decision.pk)
    return {name: getattr(decision, name) for name in decision.content_field_names} | {
        "pdf": decision.pdf.name,
        "pdf_sha256": decision.pdf_sha256,
    }


def snapshot():
    """Everything a refused revocation must leave as it was."""
    return (
        list(Decision.objects.order_by("pk").values_list("pk", "status", "revoked_by", "revoked_on")),
        list(Tenure.objects.order_by("pk").values_list("pk", "ended_on", "end_reason")),
        list(DecisionCounter.objects.order_by("pk").values_list("pk", "last")),
        AuditEntry.objects.count(),
    )


def vacancies(position):
    return Position.objects.with_vacancies().get(pk=position.pk).vacancies


def test_revoking_ends_the_tenure_reopens_the_seat_and_marks_the_original(appointed, revoke, position):
    before = content_of(appointed)
    pdf_before = Decision.objects.get(pk=appointed.pk).pdf.read()
    assert vacancies(position) == 0

    revocation = revoke(appointed)

    assert revocation.kind == Decision.Kind.REVOCATION and revocation.status == Decision.Status.SIGNED
    assert revocation.revokes == appointed
    assert (revocation.number, revocation.year, revocation.issued_on) == ("1/QĐ-UBND", 2027, REVOKED_ON)
    assert (revocation.grounds, revocation.reason) == (REVOCATION_GROUNDS, REASON)
    assert revocation.pdf and revocation.pdf_sha256

    original = Decision.objects.get(pk=appointed.pk)
    assert original.status == Decision.Status.REVOKED
    assert (original.revoked_by, original.revoked_on) == (revocation, REVOKED_ON)
    assert content_of(original) == before
    assert original.pdf.read() == pdf_before

    tenure = Tenure.objects.get(pk=appointed.tenure_id)
    assert (tenure.ended_on, tenure.end_reason) == (REVOKED_ON, Tenure.EndReason.REVOKED)
    assert revocation.tenure == tenure
    assert vacancies(position) == 1


def test_the_originals_history_stays_whole(appointed, revoke):
    revoke(appointed)
    rows = list(Decision.history.filter(id=appointed.pk).order_by("history_date", "history_id"))
    assert [row.status for row in rows] == ["draft", "signed", "revoked"]
    assert rows[1].number == "1/QĐ-UBND" and rows[1].cadre_name == "Nguyễn Thị Hồng Nhung"
    assert rows[-1].history_user.username == "inspector"


def test_the_revocation_is_audited(appointed, revoke, inspector):
    revocation = revoke(appointed)
    entry = AuditEntry.objects.get(action="decision.revoked")
    assert (entry.object_id, entry.actor_id) == (str(appointed.pk), inspector.pk)
    assert entry.data["revoked_by"] == revocation.pk and entry.data["reason"] == REASON
    assert AuditEntry.objects.filter(action="decision.signed", object_id=str(revocation.pk)).exists()
    assert AuditEntry.objects.filter(action="tenure.ended").count() == 1


def test_a_second_revocation_is_refused_and_changes_nothing(appointed, revoke):
    revoke(appointed)
    before = snapshot()
    with pytest.raises(RuleViolation) as exc:
        revoke(appointed, issued_on=date(2027, 4, 1), revoked_on=date(2027, 4, 1))
    assert exc.value.rule_code == "already_revoked"
    assert snapshot() == before


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"grounds": ""}, "grounds_required"),
        ({"grounds": "  \n "}, "grounds_required"),
        ({"reason": ""}, "reason_required"),
        ({"revoked_on": date(2026, 11, 1), "issued_on": date(2026, 11, 1)}, "revocation_before_original"),
    ],
)
def test_a_revocation_without_grounds_or_reason_is_refused_and_changes_nothing(
    appointed, revoke, overrides, code
):
    before = snapshot()
    with pytest.raises(RuleViolation) as exc:
        revoke(appointed, **overrides)
    assert exc.value.rule_code == code
    assert snapshot() == before
    assert Decision.objects.get(pk=appointed.pk).status == Decision.Status.SIGNED


def test_a_revocation_decision_cannot_itself_be_revoked(appointed, revoke):
    revocation = revoke(appointed)
    with pytest.raises(RuleViolation) as exc:
        revoke(revocation, issued_on=date(2027, 4, 1), revoked_on=date(2027, 4, 1))
    assert exc.value.rule_code == "revocation_not_revocable"


def test_a_draft_cannot_be_revoked(draft, revoke):
    with pytest.raises(RuleViolation) as exc:
        revoke(draft())
    assert exc.value.rule_code == "not_signed"


def test_the_reopened_seat_can_be_filled_again(appointed, revoke, draft, sign, unit_a):
    revoke(appointed)
    successor = sign(
        draft(cadre=CadreFactory(current_unit=unit_a), effective_from=date(2027, 4, 1)),
        issued_on=date(2027, 4, 1),
    )
    assert successor.tenure.is_open and successor.tenure.seat_number == 1
    assert successor.number == "2/QĐ-UBND"


def test_revoking_a_decision_whose_tenure_had_not_started_ends_it_on_its_first_day(draft, sign, revoke):
    original = sign(draft(effective_from=date(2027, 6, 1)))
    revoke(original)
    tenure = Tenure.objects.get(pk=original.tenure_id)
    assert (tenure.start_date, tenure.ended_on, tenure.end_reason) == (
        date(2027, 6, 1),
        date(2027, 6, 1),
        "revoked",
    )


def test_revoking_a_reappointment_ends_the_new_term_only(draft, sign, revoke, position, cadre):
    from tests.factories import TenureFactory

    old = TenureFactory(
        cadre=cadre, position=position, start_date=date(2022, 1, 1), term_end=date(2027, 1, 1)
    )
    reappointment = sign(
        draft(kind=Decision.Kind.REAPPOINTMENT, effective_from=date(2027, 1, 1), grounds=GROUNDS)
    )
    revoke(reappointment)
    old.refresh_from_db()
    new = Tenure.objects.get(pk=reappointment.tenure_id)
    assert (old.ended_on, old.end_reason) == (date(2027, 1, 1), "reappointed")
    assert (new.ended_on, new.end_reason) == (REVOKED_ON, "revoked")
