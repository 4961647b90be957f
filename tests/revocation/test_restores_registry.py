"""Revocation restores exactly the registry as it stood before the decision (issue 9 §4), for every kind of
decision: the tenures that existed before (status, term end, end and its reason), the seats held and vacant of
every position, and the planning entries. A tenure the decision opened holds no seat afterwards; an appointment's
own tenure keeps the period served until the revocation date (a revocation is not retroactive)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from viewflow.workflow.models import Process

from apps.cadres.models import PlanningEntry, Tenure
from apps.decisions import services as decision_services
from apps.decisions.models import Decision
from apps.organisation.models import Position
from apps.rulesets.selectors import rule_set_for
from tests.factories import CadreFactory, PlanningEntryFactory, PositionFactory, TenureFactory
from workflows.revocation.flows import RevocationFlow

from .conftest import (
    GROUNDS,
    REASON,
    REVOCATION_GROUNDS,
    claim_and_execute,
    investigation,
    latest_case,
    open_case,
    ruling,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
START = TODAY - timedelta(days=4 * 365)
TERM_END = TODAY + timedelta(days=60)  # the original term still runs when the revocation takes effect
SIGNED = TODAY - timedelta(days=20)
REVOKED_ON = TODAY


def registry():
    """What the registry says: every tenure, every position's seats, every planning entry."""
    tenures = {
        row[0]: row[1:]
        for row in Tenure.objects.values_list(
            "pk",
            "cadre_id",
            "position_id",
            "seat_number",
            "start_date",
            "term_end",
            "ended_on",
            "end_reason",
            "ended_by_decision_id",
        )
    }
    seats = sorted(Position.objects.with_vacancies().values_list("pk", "seats", "occupied", "vacancies"))
    holders = sorted(Tenure.objects.open().values_list("position_id", "seat_number", "cadre_id"))
    planning = sorted(
        PlanningEntry.objects.values_list(
            "pk", "status", "fulfilled_on", "fulfilled_by_decision_id", "removed_on"
        )
    )
    return tenures, seats, holders, planning


def assert_restored(before, decision):
    tenures, seats, holders, planning = registry()
    assert {pk: row for pk, row in tenures.items() if pk in before[0]} == before[0]
    assert (seats, holders, planning) == before[1:]
    opened = Tenure.objects.exclude(pk__in=before[0])
    assert not opened.open().exists()
    return list(opened)


@pytest.fixture
def holder(unit_a):
    return CadreFactory(full_name="Phạm Văn Tái Bổ", current_unit=unit_a)


@pytest.fixture
def tenure(holder, position):
    # the term a signed decision opened earlier (a seat is filled only by a decision: issue 9 point 6)
    return TenureFactory(cadre=holder, position=position, start_date=START, term_end=TERM_END)


@pytest.fixture
def sign(province, reviewer, leadership):
    def run(kind, *, cadre, position, term_end=None, on=SIGNED):
        rule_set = rule_set_for(unit=province, on=on)
        draft = decision_services.draft_decision(
            kind=kind,
            cadre=cadre,
            position=position,
            authority=province,
            rule_set=rule_set,
            params=rule_set.resolve(),
            effective_from=on,
            term_end=term_end,
            grounds=GROUNDS,
            actor=reviewer,
        )
        return decision_services.sign_decision(
            decision=draft, signer=leadership, signer_title="Chủ tịch", issued_on=on, actor=leadership
        )

    return run


@pytest.fixture
def revoke(leadership):
    def run(original, on=REVOKED_ON):
        return decision_services.revoke_decision(
            original=Decision.objects.get(pk=original.pk),
            grounds=REVOCATION_GROUNDS,
            reason=REASON,
            authority=original.authority,
            signer=leadership,
            signer_title="Chủ tịch",
            revoked_on=on,
            issued_on=on,
            process=Process.objects.create(flow_class=RevocationFlow),
            actor=leadership,
        )

    return run


def test_revoking_a_reappointment_within_the_original_term_restores_the_term_and_the_seat(
    sign, revoke, tenure, holder, position
):
    before = registry()
    reappointment = sign(
        Decision.Kind.REAPPOINTMENT,
        cadre=holder,
        position=position,
        term_end=TERM_END + timedelta(days=5 * 365),
    )
    assert Tenure.objects.get(pk=tenure.pk).end_reason == Tenure.EndReason.REAPPOINTED

    revoke(reappointment)

    (new,) = assert_restored(before, reappointment)
    assert Tenure.objects.get(pk=tenure.pk).ended_on is None  # still in post under the original term
    assert (new.pk, new.ended_on, new.end_reason) == (
        reappointment.tenure_id,
        new.start_date,
        Tenure.EndReason.REVOKED,
    )


def test_revoking_an_extension_restores_the_term_end(sign, revoke, tenure, holder, position):
    before = registry()
    extension = sign(
        Decision.Kind.EXTENSION, cadre=holder, position=position, term_end=TERM_END + timedelta(days=900)
    )

    revoke(extension)

    assert assert_restored(before, extension) == []


def test_revoking_a_non_reappointment_restores_the_open_tenure(sign, revoke, tenure, holder, position):
    before = registry()
    decision = sign(Decision.Kind.NON_REAPPOINTMENT, cadre=holder, position=position)
    assert registry() != before

    revoke(decision)

    assert assert_restored(before, decision) == []


@pytest.mark.parametrize("kind", [Decision.Kind.APPOINTMENT, Decision.Kind.ELECTION_RESULT])
def test_revoking_an_appointment_gives_back_the_post_it_ended_and_the_planning_it_fulfilled(
    sign, revoke, tenure, holder, unit_a, province, kind
):
    higher = PositionFactory(unit=unit_a, authority=province, title="Giám đốc Sở Nội vụ", seats=1)
    PlanningEntryFactory(cadre=holder, position=higher)
    before = registry()
    decision = sign(kind, cadre=holder, position=higher, term_end=SIGNED + timedelta(days=5 * 365))
    assert registry() != before

    revoke(decision)

    (own,) = assert_restored(before, decision)
    assert (own.ended_on, own.end_reason) == (REVOKED_ON, Tenure.EndReason.REVOKED)  # served until revoked


def test_revoking_a_nomination_leaves_the_registry_as_it_was(sign, revoke, tenure, holder, unit_a, province):
    seat = PositionFactory(unit=unit_a, authority=province, title="Ủy viên", seats=1)
    before = registry()
    decision = sign(Decision.Kind.NOMINATION, cadre=holder, position=seat)

    revoke(decision)

    assert assert_restored(before, decision) == []


def test_the_revocation_procedure_restores_a_reappointed_term_over_http(
    client_for, inspector, leadership, sign, tenure, holder, position
):
    before = registry()
    reappointment = sign(
        Decision.Kind.REAPPOINTMENT,
        cadre=holder,
        position=position,
        term_end=TERM_END + timedelta(days=5 * 365),
    )
    commission = client_for(inspector)
    open_case(commission, reappointment)
    case = latest_case()
    claim_and_execute(commission, case, RevocationFlow.investigate, investigation(case))
    claim_and_execute(client_for(leadership), case, RevocationFlow.decide, ruling("revoke"))

    case.refresh_from_db()
    assert case.revocation_decision.revokes_id == reappointment.pk
    assert_restored(before, reappointment)
    page = client_for(leadership).get(reverse("registry:positions:detail", args=[position.pk]))
    assert page.status_code == 200
    assert (page.context["position"].occupied, page.context["position"].vacancies) == (1, 0)  # not vacant


def test_revoking_a_reappointment_after_the_original_term_ends_the_new_term_on_the_revocation_date(
    sign, revoke, tenure, holder, position
):
    reappointment = sign(
        Decision.Kind.REAPPOINTMENT,
        cadre=holder,
        position=position,
        term_end=TERM_END + timedelta(days=5 * 365),
    )
    later = TERM_END + timedelta(days=10)

    revoke(reappointment, on=later)

    old, new = Tenure.objects.get(pk=tenure.pk), Tenure.objects.get(pk=reappointment.tenure_id)
    assert (old.ended_on, old.end_reason) == (SIGNED, Tenure.EndReason.REAPPOINTED)
    assert (new.ended_on, new.end_reason) == (later, Tenure.EndReason.REVOKED)
