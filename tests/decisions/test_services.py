"""Drafting and signing decisions: numbering, tenures, seats (R4), the term rules (H16) and immutability (H21)."""

import hashlib
from datetime import date

import pytest

from apps.audit.models import AuditEntry
from apps.cadres.models import Tenure
from apps.core.rules import RuleViolation
from apps.decisions import services
from apps.decisions.models import Decision, DecisionCounter, DecisionParticipant, IssuerProfile
from apps.organisation.models import OrgUnit, Position
from tests.factories import CadreFactory, OrgUnitFactory, PositionFactory, TenureFactory

from .conftest import EFFECTIVE, ISSUED


def vacancies(position):
    return Position.objects.with_vacancies().get(pk=position.pk).vacancies


def refused(call, **kwargs):
    with pytest.raises(RuleViolation) as exc:
        call(**kwargs)
    return exc.value.rule_code


def audit_actions(obj):
    return list(
        AuditEntry.objects.filter(object_type=f"decisions.{obj._meta.model_name}", object_id=str(obj.pk))
        .order_by("seq")
        .values_list("action", flat=True)
    )


# --- appointment ---------------------------------------------------------------------------------------


def test_signing_an_appointment_opens_the_tenure_and_fills_the_seat(draft, sign, position, cadre, signer):
    decision = draft()
    assert decision.status == Decision.Status.DRAFT and decision.number == ""
    assert vacancies(position) == 1

    decision = sign(decision)

    assert decision.status == Decision.Status.SIGNED
    assert (decision.number, decision.sequence, decision.year) == ("1/QĐ-UBND", 1, 2026)
    assert decision.issued_on == ISSUED and decision.signer == signer
    tenure = decision.tenure
    assert tenure.cadre == cadre and tenure.position == position and tenure.is_open
    assert (tenure.start_date, tenure.term_end, tenure.seat_number) == (EFFECTIVE, date(2031, 12, 1), 1)
    assert (tenure.decision_number, tenure.decision_date) == ("1/QĐ-UBND", ISSUED)
    assert vacancies(position) == 0
    assert audit_actions(decision) == ["decision.drafted", "decision.signed"]


def test_the_signed_decision_has_its_pdf_and_its_digest(appointed):
    appointed.refresh_from_db()
    content = appointed.pdf.read()
    assert content.startswith(b"%PDF")
    assert hashlib.sha256(content).hexdigest() == appointed.pdf_sha256
    # rendering is reproducible: the stored digest can be checked against a fresh rendering
    assert hashlib.sha256(services.render_decision_pdf(appointed)).hexdigest() == appointed.pdf_sha256


def test_the_decision_keeps_the_rule_set_it_ran_under(appointed, rule_set):
    assert appointed.rule_set == rule_set
    assert appointed.rule_snapshot == rule_set.resolve().as_snapshot()
    assert appointed.rule_snapshot["term_years"] == 5


def test_a_full_position_refuses_the_draft(draft, position):
    TenureFactory(position=position, seat_number=1, start_date=date(2024, 1, 1), term_end=date(2029, 1, 1))
    assert refused(draft) == "seat_over_filled"
    assert not Decision.objects.exists()


def test_a_seat_taken_after_drafting_refuses_the_signature_and_nothing_changes(draft, sign, position):
    decision = draft()
    other = TenureFactory(
        position=position, seat_number=1, start_date=date(2026, 1, 1), term_end=date(2031, 1, 1)
    )

    assert refused(sign, decision=decision) == "seat_over_filled"

    decision.refresh_from_db()
    assert decision.status == Decision.Status.DRAFT and decision.number == "" and decision.sequence is None
    assert not DecisionCounter.objects.filter(last__gt=0).exists()
    assert list(Tenure.objects.filter(position=position)) == [other]
    assert not DecisionParticipant.objects.exists()
    assert audit_actions(decision) == ["decision.drafted"]
    assert not decision.pdf


def test_a_free_seat_is_chosen_when_none_is_named(draft, sign, unit_a, province):
    position = PositionFactory(unit=unit_a, authority=province, seats=3)
    TenureFactory(position=position, seat_number=1)
    # seat 2 was held until after the new term starts: it is not free yet
    TenureFactory(position=position, seat_number=2, start_date=date(2021, 1, 1), ended_on=date(2027, 1, 1))
    decision = sign(draft(position=position))
    assert decision.seat_number == 3 and decision.tenure.seat_number == 3


def test_a_named_seat_that_is_held_is_refused(draft, unit_a, province):
    position = PositionFactory(unit=unit_a, authority=province, seats=2)
    TenureFactory(position=position, seat_number=1)
    assert refused(draft, position=position, seat_number=1) == "seat_taken"


def test_a_cadre_who_already_holds_the_position_is_not_appointed_again(draft, position, cadre):
    position.seats = 2
    position.save()
    TenureFactory(position=position, cadre=cadre, seat_number=1)
    assert refused(draft) == "already_holds_position"


def test_a_decision_is_signed_once(appointed, sign):
    assert refused(sign, decision=appointed) == "already_signed"
    assert Tenure.objects.count() == 1


def test_grounds_and_dates_are_checked(draft, sign):
    assert refused(draft, grounds="  ") == "grounds_required"
    assert refused(draft, term_end=EFFECTIVE) == "term_order"
    decision = draft()
    assert refused(sign, decision=decision, issued_on=date(2026, 12, 2)) == "effective_before_issue"
    assert not Decision.objects.exclude(status=Decision.Status.DRAFT).exists()


def test_a_revocation_is_not_drafted_directly(draft):
    with pytest.raises(ValueError):
        draft(kind=Decision.Kind.REVOCATION)


# --- numbering -----------------------------------------------------------------------------------------


def test_numbers_follow_each_other_per_authority_and_restart_each_year(draft, sign, unit_a, province):
    def appoint(issued_on, authority=province):
        position = PositionFactory(unit=unit_a, authority=authority)
        decision = draft(
            position=position,
            cadre=CadreFactory(current_unit=unit_a),
            authority=authority,
            effective_from=issued_on,
        )
        return sign(decision, issued_on=issued_on).number

    assert [appoint(ISSUED) for _ in range(3)] == ["1/QĐ-UBND", "2/QĐ-UBND", "3/QĐ-UBND"]
    party = OrgUnitFactory(code="tu", name="Tỉnh ủy Bắc Ninh", kind=OrgUnit.Kind.PARTY, parent=province)
    assert appoint(ISSUED, authority=party) == "1/QĐ-TU"
    assert appoint(ISSUED) == "4/QĐ-UBND"
    assert appoint(date(2027, 1, 4)) == "1/QĐ-UBND"
    assert list(
        Decision.objects.filter(authority=province)
        .order_by("year", "sequence")
        .values_list("year", "sequence")
    ) == [(2026, 1), (2026, 2), (2026, 3), (2026, 4), (2027, 1)]


def test_the_symbol_comes_from_the_issuer_profile(draft, sign, province):
    IssuerProfile.objects.create(
        authority=province, symbol="QĐ-CT", body_name="ỦY BAN NHÂN DÂN TỈNH BẮC NINH"
    )
    decision = sign(draft())
    assert decision.number == "1/QĐ-CT" and decision.symbol == "QĐ-CT"
    assert decision.body_name == "ỦY BAN NHÂN DÂN TỈNH BẮC NINH"


# --- reappointment, non-reappointment, extension (docs/procedures.md §5, H16, H17) ----------------------------


@pytest.fixture
def current_tenure(position, cadre):
    return TenureFactory(
        cadre=cadre,
        position=position,
        seat_number=1,
        start_date=date(2022, 1, 1),
        term_end=date(2027, 1, 1),
        decision_number="5/QĐ-UBND",
    )


def test_a_reappointment_ends_the_current_term_and_opens_the_next(draft, sign, current_tenure, position):
    decision = sign(draft(kind=Decision.Kind.REAPPOINTMENT, effective_from=date(2027, 1, 1)))

    current_tenure.refresh_from_db()
    assert (current_tenure.ended_on, current_tenure.end_reason) == (
        date(2027, 1, 1),
        Tenure.EndReason.REAPPOINTED,
    )
    new = decision.tenure
    assert new != current_tenure and new.is_open and new.seat_number == current_tenure.seat_number
    assert (new.start_date, new.term_end, new.decision_number) == (
        date(2027, 1, 1),
        date(2032, 1, 1),
        decision.number,
    )
    assert vacancies(position) == 0


def test_a_reappointment_signed_after_the_term_ended_is_refused(draft, sign, current_tenure):
    decision = draft(kind=Decision.Kind.REAPPOINTMENT, effective_from=date(2027, 2, 1))
    assert refused(sign, decision=decision, issued_on=date(2027, 1, 15)) == "signed_after_term_end"
    current_tenure.refresh_from_db()
    assert current_tenure.is_open and Tenure.objects.count() == 1


def test_a_reappointment_needs_a_current_term(draft):
    assert (
        refused(draft, kind=Decision.Kind.REAPPOINTMENT, effective_from=date(2027, 1, 1)) == "no_open_tenure"
    )


def test_a_non_reappointment_ends_the_tenure_at_its_term_end_and_frees_the_seat(
    draft, sign, current_tenure, position
):
    decision = draft(kind=Decision.Kind.NON_REAPPOINTMENT, effective_from=EFFECTIVE)
    assert decision.term_end == date(2027, 1, 1)

    decision = sign(decision)

    current_tenure.refresh_from_db()
    assert (current_tenure.ended_on, current_tenure.end_reason) == (
        date(2027, 1, 1),
        Tenure.EndReason.NOT_REAPPOINTED,
    )
    assert decision.tenure == current_tenure
    assert vacancies(position) == 1


def test_an_extension_moves_the_term_end_to_retirement(draft, sign, current_tenure):
    decision = sign(
        draft(kind=Decision.Kind.EXTENSION, effective_from=date(2027, 1, 1), term_end=date(2028, 8, 17))
    )
    current_tenure.refresh_from_db()
    assert current_tenure.term_end == date(2028, 8, 17) and current_tenure.is_open
    assert decision.tenure == current_tenure


def test_an_extension_must_end_later_than_the_current_term(draft, current_tenure):
    code = refused(draft, kind=Decision.Kind.EXTENSION, effective_from=EFFECTIVE, term_end=date(2026, 12, 31))
    assert code == "extension_not_later"


def test_a_nomination_changes_no_tenure(draft, sign, position):
    decision = sign(draft(kind=Decision.Kind.NOMINATION))
    assert decision.tenure is None and not Tenure.objects.exists() and vacancies(position) == 1


def test_an_election_result_opens_the_tenure(draft, sign, position):
    decision = sign(draft(kind=Decision.Kind.ELECTION_RESULT))
    assert decision.tenure.is_open and vacancies(position) == 0


# --- a signed decision is never edited or deleted (H21) ------------------------------------------------


def test_a_signed_decisions_content_cannot_be_edited(appointed):
    for field, value in [
        ("cadre_name", "Người Khác"),
        ("effective_from", date(2027, 1, 1)),
        ("grounds", "Căn cứ khác."),
        ("number", "99/QĐ-UBND"),
        ("tenure_id", None),
    ]:
        decision = Decision.objects.get(pk=appointed.pk)
        setattr(decision, field, value)
        with pytest.raises(RuleViolation) as exc:
            decision.save()
        assert exc.value.rule_code == "decision_signed"
    stored = Decision.objects.get(pk=appointed.pk)
    assert (stored.cadre_name, stored.number, stored.effective_from) == (
        "Nguyễn Thị Hồng Nhung",
        "1/QĐ-UBND",
        EFFECTIVE,
    )


def test_a_signed_decision_does_not_go_back_to_draft(appointed):
    appointed.status = Decision.Status.DRAFT
    with pytest.raises(RuleViolation):
        appointed.save()
    assert Decision.objects.get(pk=appointed.pk).status == Decision.Status.SIGNED


def test_a_draft_can_still_be_changed(draft):
    decision = draft()
    decision.reason = "Bổ sung lý do"
    decision.save()
    assert Decision.objects.get(pk=decision.pk).reason == "Bổ sung lý do"


def test_a_decision_is_never_deleted_nor_bulk_updated(appointed):
    for attempt in (
        appointed.delete,
        Decision.objects.all().delete,
        lambda: Decision.objects.filter(pk=appointed.pk).update(cadre_name="X"),
    ):
        with pytest.raises(RuleViolation):
            attempt()
    assert Decision.objects.get(pk=appointed.pk).cadre_name == "Nguyễn Thị Hồng Nhung"


def test_the_document_keeps_what_it_said_when_the_registry_changes(appointed, cadre, position):
    cadre.full_name = "Nguyễn Thị Hồng Nhung (đã đổi)"
    cadre.job_title = "Phó Giám đốc"
    cadre.save()
    position.title = "Tên mới"
    position.save()
    decision = Decision.objects.get(pk=appointed.pk)
    assert (decision.cadre_name, decision.cadre_post, decision.position_title) == (
        "Nguyễn Thị Hồng Nhung",
        "Trưởng phòng Tổ chức cán bộ, Sở Nội vụ",
        "Phó Giám đốc",
    )


# --- participants stay findable (R8, issue 5) -----------------------------------------------------------


def test_participants_are_recorded_with_their_unit_and_title_at_the_time(
    draft, sign, leader_a, reviewer, unit_a, province, signer, admin_user
):
    from apps.accounts.models import RoleAssignment
    from apps.accounts.services import withdraw_role
    from apps.decisions.selectors import decisions_by_participant

    leader_a.cadre = CadreFactory(current_unit=unit_a, job_title="Giám đốc Sở Nội vụ")
    leader_a.save()
    decision = sign(
        draft(),
        participants=[
            (leader_a, DecisionParticipant.Role.PROPOSER, unit_a),
            (reviewer, DecisionParticipant.Role.VERIFIER, province, "Chuyên viên Ban Tổ chức"),
        ],
    )
    rows = {p.role_in_procedure: p for p in decision.participants.all()}
    assert set(rows) == {"proposer", "verifier", "signer"}
    assert (rows["proposer"].user, rows["proposer"].unit_at_the_time, rows["proposer"].title_at_the_time) == (
        leader_a,
        unit_a,
        "Giám đốc Sở Nội vụ",
    )
    assert rows["verifier"].title_at_the_time == "Chuyên viên Ban Tổ chức"
    assert (rows["signer"].user, rows["signer"].title_at_the_time) == (signer, "Chủ tịch")

    # the proposer is transferred: the role goes and the cadre record moves; the decision still names them
    for assignment in RoleAssignment.objects.active().filter(user=leader_a):
        withdraw_role(assignment=assignment, actor=admin_user)
    leader_a.cadre.current_unit = OrgUnitFactory(parent=province)
    leader_a.cadre.save()
    row = DecisionParticipant.objects.get(decision=decision, user=leader_a)
    assert row.unit_at_the_time == unit_a and row.title_at_the_time == "Giám đốc Sở Nội vụ"
    assert list(decisions_by_participant(admin_user, leader_a)) == [decision]
