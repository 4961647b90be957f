"""Appointing a cadre who already holds a post (issue #3): the post they hold ends the day before the new one takes
effect (unless the new one is held concurrently, kiêm nhiệm), their planning for the title is fulfilled, and
revoking the appointment gives both back as far as the registry allows."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from viewflow.workflow.models import Process

from apps.audit.models import AuditEntry
from apps.cadres.models import PlanningEntry, Tenure
from apps.core.rules import RuleViolation
from apps.decisions.document import build_document
from apps.decisions.models import Decision
from apps.organisation.models import Position
from tests.factories import CadreFactory, PlanningEntryFactory, PositionFactory, TenureFactory
from workflows.appointment.flows import AppointmentFlow

from .conftest import EFFECTIVE, REVOKED_ON

pytestmark = pytest.mark.django_db

DAY_BEFORE = EFFECTIVE - timedelta(days=1)


@pytest.fixture
def deputy_post(unit_a, province):
    return PositionFactory(unit=unit_a, authority=province, title="Phó Giám đốc Sở Nội vụ", seats=1)


@pytest.fixture
def director(unit_a, province):
    return PositionFactory(unit=unit_a, authority=province, title="Giám đốc Sở Nội vụ", seats=1)


@pytest.fixture
def deputy_tenure(cadre, deputy_post):
    return TenureFactory(
        cadre=cadre, position=deputy_post, start_date=date(2023, 3, 1), term_end=date(2028, 3, 1)
    )


@pytest.fixture
def planned(cadre, director):
    return PlanningEntryFactory(cadre=cadre, position=director, term="2025-2030")


@pytest.fixture
def procedure(db):
    return Process.objects.create(flow_class=AppointmentFlow)


@pytest.fixture
def promoted(draft, sign, director, deputy_tenure, planned, procedure):
    """The deputy director appointed director (effective 01/12/2026), through a procedure."""
    return sign(draft(position=director, process=procedure))


def vacancies(position):
    return Position.objects.with_vacancies().get(pk=position.pk).vacancies


def registry_state():
    """What a refused revocation must leave as it was."""
    return (
        list(Decision.objects.order_by("pk").values_list("pk", "status", "revoked_by", "revoked_on")),
        list(Tenure.objects.order_by("pk").values_list("pk", "ended_on", "end_reason", "ended_by_decision")),
        list(
            PlanningEntry.objects.order_by("pk").values_list(
                "pk", "status", "fulfilled_on", "fulfilled_by_decision"
            )
        ),
        AuditEntry.objects.count(),
    )


def test_a_deputy_appointed_director_leaves_the_deputy_post_the_day_before(
    promoted, deputy_tenure, deputy_post, director, cadre, clerk, procedure
):
    assert vacancies(deputy_post) == 1 and vacancies(director) == 0
    old = Tenure.objects.get(pk=deputy_tenure.pk)
    assert (old.ended_on, old.end_reason) == (DAY_BEFORE, Tenure.EndReason.APPOINTED_ELSEWHERE)
    assert old.ended_by_decision == promoted
    new = Tenure.objects.get(pk=promoted.tenure_id)
    assert (new.position, new.start_date, new.ended_on) == (director, EFFECTIVE, None)
    assert list(Tenure.objects.open().filter(cadre=cadre)) == [new]
    # the decision records the post left; its document (and stored PDF) says so
    assert promoted.leaves_post == "Phó Giám đốc Sở Nội vụ"
    paragraphs = build_document(promoted).articles[0].paragraphs
    assert (
        "bà Nguyễn Thị Hồng Nhung, sinh ngày 17/05/1980" in paragraphs[0]
        and "giữ chức vụ Giám đốc" in (paragraphs[0])
    )
    assert (
        paragraphs[-1]
        == "Bà Nguyễn Thị Hồng Nhung thôi giữ chức vụ Phó Giám đốc Sở Nội vụ kể từ ngày 01/12/2026."
    )


def test_the_end_of_the_old_post_is_in_its_history_and_the_audit_log(
    promoted, deputy_tenure, clerk, procedure
):
    last = Tenure.history.filter(id=deputy_tenure.pk).order_by("-history_date", "-history_id").first()
    assert last.ended_on == DAY_BEFORE and last.history_user == clerk
    entry = AuditEntry.objects.get(action="tenure.ended", object_id=str(deputy_tenure.pk))
    assert (entry.actor_id, entry.process_id) == (clerk.pk, procedure.pk)
    assert entry.data["end_reason"] == ["", Tenure.EndReason.APPOINTED_ELSEWHERE]
    assert entry.data["ended_by_decision_id"] == [None, promoted.pk]


def test_the_planning_for_the_title_is_fulfilled_and_no_other(
    draft, sign, director, deputy_tenure, planned, cadre, clerk, procedure, deputy_post
):
    other_title = PlanningEntryFactory(cadre=cadre, position=PositionFactory(unit=director.unit))
    someone_else = PlanningEntryFactory(cadre=CadreFactory(current_unit=director.unit), position=director)
    decision = sign(draft(position=director, process=procedure))

    entry = PlanningEntry.objects.get(pk=planned.pk)
    assert entry.status == PlanningEntry.Status.FULFILLED
    assert (entry.fulfilled_on, entry.fulfilled_by_decision) == (EFFECTIVE, decision)
    for untouched in (other_title, someone_else):
        assert PlanningEntry.objects.get(pk=untouched.pk).status == PlanningEntry.Status.ACTIVE
    row = PlanningEntry.history.filter(id=planned.pk).order_by("-history_date", "-history_id").first()
    assert row.status == PlanningEntry.Status.FULFILLED and row.history_user == clerk
    audit = AuditEntry.objects.get(action="planning.fulfilled")
    assert (audit.object_id, audit.process_id, audit.actor_id) == (str(planned.pk), procedure.pk, clerk.pk)


def test_a_concurrent_appointment_keeps_the_post_held(
    draft, sign, director, deputy_tenure, deputy_post, planned, cadre
):
    decision = sign(draft(position=director, concurrent=True))

    assert decision.concurrent and decision.leaves_post == ""
    assert Tenure.objects.get(pk=deputy_tenure.pk).ended_on is None
    assert set(Tenure.objects.open().filter(cadre=cadre).values_list("position", flat=True)) == {
        deputy_post.pk,
        director.pk,
    }
    assert vacancies(deputy_post) == 0
    assert not AuditEntry.objects.filter(action="tenure.ended").exists()
    assert PlanningEntry.objects.get(pk=planned.pk).status == PlanningEntry.Status.FULFILLED
    paragraphs = build_document(decision).articles[0].paragraphs
    assert "kiêm giữ chức vụ Giám đốc Sở Nội vụ" in paragraphs[0]
    assert not any("thôi giữ" in p for p in paragraphs)


def test_a_draft_says_which_post_the_cadre_would_leave(draft, director, deputy_tenure):
    decision = draft(position=director)
    assert decision.leaves_post == ""  # recorded only when signed
    assert any(
        "thôi giữ chức vụ Phó Giám đốc Sở Nội vụ" in p
        for p in build_document(decision).articles[0].paragraphs
    )
    concurrent = draft(position=director, concurrent=True)
    assert not any("thôi giữ" in p for p in build_document(concurrent).articles[0].paragraphs)


def test_a_first_appointment_leaves_nothing(appointed, cadre):
    assert appointed.leaves_post == "" and Tenure.objects.filter(cadre=cadre).count() == 1
    assert not any("thôi giữ" in p for p in build_document(appointed).articles[0].paragraphs)


def test_the_new_post_must_start_after_the_old_one(draft, sign, director, deputy_tenure, clerk):
    with pytest.raises(RuleViolation) as exc:
        draft(position=director, effective_from=deputy_tenure.start_date)
    assert exc.value.rule_code == "starts_before_current_post"
    assert not Decision.objects.exists()

    # a draft made before the cadre took the old post is refused when it is signed
    decision = draft(position=director, effective_from=date(2026, 12, 1))
    later = TenureFactory(
        cadre=deputy_tenure.cadre,
        position=PositionFactory(unit=director.unit),
        start_date=date(2026, 12, 1),
        term_end=date(2031, 12, 1),
    )
    before = registry_state()
    with pytest.raises(RuleViolation) as exc:
        sign(decision)
    assert exc.value.rule_code == "starts_before_current_post"
    assert registry_state() == before
    assert Tenure.objects.get(pk=later.pk).ended_on is None


def test_revoking_the_appointment_gives_back_the_old_post_and_the_planning(
    promoted, revoke, deputy_tenure, deputy_post, director, planned, inspector
):
    revocation = revoke(promoted)

    assert Decision.objects.get(pk=promoted.pk).status == Decision.Status.REVOKED
    new = Tenure.objects.get(pk=promoted.tenure_id)
    assert (new.ended_on, new.end_reason) == (REVOKED_ON, Tenure.EndReason.REVOKED)
    old = Tenure.objects.get(pk=deputy_tenure.pk)
    assert (old.ended_on, old.end_reason, old.ended_by_decision) == (None, "", None)
    assert vacancies(deputy_post) == 0 and vacancies(director) == 1
    entry = PlanningEntry.objects.get(pk=planned.pk)
    assert (entry.status, entry.fulfilled_on, entry.fulfilled_by_decision) == (
        PlanningEntry.Status.ACTIVE,
        None,
        None,
    )
    reopened = AuditEntry.objects.get(action="tenure.reopened")
    assert reopened.object_id == str(deputy_tenure.pk) and reopened.actor_id == inspector.pk
    assert reopened.process_id == revocation.process_id
    assert reopened.data["revoked_decision"] == promoted.pk
    assert AuditEntry.objects.get(action="planning.reopened").object_id == str(planned.pk)
    last = Tenure.history.filter(id=deputy_tenure.pk).order_by("-history_date", "-history_id").first()
    assert last.ended_on is None and last.history_user == inspector


def test_revoking_when_the_old_seat_was_filled_since_is_refused_with_nothing_changed(
    promoted, revoke, deputy_post, unit_a
):
    successor = TenureFactory(
        cadre=CadreFactory(current_unit=unit_a), position=deputy_post, start_date=date(2027, 1, 1)
    )
    before = registry_state()

    with pytest.raises(RuleViolation) as exc:
        revoke(promoted)

    assert exc.value.rule_code == "seat_filled_since"
    assert registry_state() == before
    assert Tenure.objects.get(pk=successor.pk).ended_on is None


def test_revoking_when_the_old_tenure_changed_since_is_refused(promoted, revoke, deputy_tenure):
    tenure = Tenure.objects.get(pk=deputy_tenure.pk)
    tenure.end_reason = Tenure.EndReason.RETIRED
    tenure.save()
    before = registry_state()

    with pytest.raises(RuleViolation) as exc:
        revoke(promoted)

    assert exc.value.rule_code == "tenure_changed_since"
    assert registry_state() == before


def test_revoking_after_the_old_term_ended_closes_it_at_its_term_end(
    draft, sign, revoke, director, cadre, deputy_post, planned
):
    short = TenureFactory(
        cadre=cadre, position=deputy_post, start_date=date(2022, 1, 1), term_end=date(2027, 1, 15)
    )
    decision = sign(draft(position=director))

    revoke(decision)  # on 01/03/2027, after the deputy term would have ended

    old = Tenure.objects.get(pk=short.pk)
    assert (old.ended_on, old.end_reason, old.ended_by_decision) == (
        date(2027, 1, 15),
        Tenure.EndReason.TERM_EXPIRED,
        None,
    )
    assert AuditEntry.objects.filter(action="tenure.end_corrected", object_id=str(short.pk)).exists()
    assert PlanningEntry.objects.get(pk=planned.pk).status == PlanningEntry.Status.ACTIVE


def test_the_admin_shows_the_fulfilment_read_only(promoted, planned, client_for, admin_user):
    page = client_for(admin_user).get(reverse("admin:cadres_planningentry_change", args=[planned.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="fulfilled_by_decision"' not in html and 'name="fulfilled_on"' not in html
    assert promoted.number in html and 'name="status"' in html


def test_held_concurrently_needs_a_post_held(draft, director):
    with pytest.raises(RuleViolation) as exc:
        draft(position=director, concurrent=True)
    assert exc.value.rule_code == "no_post_held"
    assert not Decision.objects.exists()
