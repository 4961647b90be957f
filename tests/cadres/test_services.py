"""Registry services: each bad input is refused by its rule with nothing saved; writes carry the actor."""

from datetime import date, timedelta

import pytest

from apps.audit.models import AuditEntry
from apps.cadres import services
from apps.cadres.models import (
    Achievement,
    Cadre,
    Discipline,
    Evaluation,
    Gender,
    PoliticalConclusion,
    Tenure,
)
from apps.core.rules import RuleViolation
from tests.factories import CadreFactory, PositionFactory, TenureFactory

pytestmark = pytest.mark.django_db


def _signed(number="12/QĐ-UBND"):
    """What ``add_tenure`` reads of the signed decision that opens a tenure (``apps.decisions`` passes it)."""
    from types import SimpleNamespace

    return SimpleNamespace(status="signed", number=number, issued_on=date(2024, 12, 20), process_id=None)


def _snapshot():
    """Everything a refused write must leave untouched."""
    return {
        model.__name__: (model.objects.count(), model.history.count())
        for model in (Cadre, Tenure, Discipline, PoliticalConclusion, Evaluation, Achievement)
    } | {"audit": AuditEntry.objects.count()}


def _cadre_fields(unit, **overrides):
    return {
        "code": "CB-NEW",
        "full_name": "Đỗ Thị Mai",
        "birth_date": date(1985, 9, 2),
        "gender": Gender.FEMALE,
        "home_province": "Bắc Ninh",
        "current_unit": unit,
        **overrides,
    }


# --- history and audit carry the acting user ------------------------------------------------------------


def test_creating_a_cadre_outside_a_request_records_the_actor_in_history_and_audit(reviewer, unit_a):
    cadre = services.create_cadre(actor=reviewer, **_cadre_fields(unit_a))
    (row,) = cadre.history.all()
    assert row.history_type == "+"
    assert row.history_user == reviewer
    entry = AuditEntry.objects.get(action="cadre.created")
    assert entry.actor == reviewer
    assert entry.object_id == str(cadre.pk)


def test_updating_a_cadre_records_the_actor_and_the_changed_fields(reviewer, admin_user, unit_a, unit_b):
    cadre = services.create_cadre(actor=admin_user, **_cadre_fields(unit_a))
    services.update_cadre(cadre, actor=reviewer, job_title="Trưởng phòng", current_unit=unit_b)
    latest = cadre.history.order_by("-history_id").first()
    assert latest.history_user == reviewer
    assert latest.current_unit_id == unit_b.pk
    entry = AuditEntry.objects.get(action="cadre.updated")
    assert entry.actor == reviewer
    assert entry.data == {"job_title": ["", "Trưởng phòng"], "current_unit": [unit_a.pk, unit_b.pk]}


def test_an_update_that_changes_nothing_writes_nothing(reviewer, unit_a):
    cadre = services.create_cadre(actor=reviewer, **_cadre_fields(unit_a))
    before = _snapshot()
    services.update_cadre(cadre, actor=reviewer, full_name=cadre.full_name)
    assert _snapshot() == before


@pytest.mark.parametrize(
    "service, fields, model",
    [
        (services.add_discipline, {"kind": "warning", "effective_from": date(2024, 2, 1)}, Discipline),
        (
            services.add_political_conclusion,
            {"status": "concluded", "result": "meets", "issuer": "BTV", "concluded_on": date(2025, 1, 5)},
            PoliticalConclusion,
        ),
        (services.add_evaluation, {"year": 2025, "rating": "excellent"}, Evaluation),
        (
            services.add_achievement,
            {"title": "Sáng kiến cải cách", "achieved_on": date(2025, 3, 3)},
            Achievement,
        ),
    ],
    ids=["discipline", "conclusion", "evaluation", "achievement"],
)
def test_each_record_service_writes_history_and_audit_with_the_actor(
    reviewer, unit_a, service, fields, model
):
    cadre = CadreFactory(current_unit=unit_a)
    obj = service(cadre=cadre, actor=reviewer, **fields)
    assert model.objects.get(pk=obj.pk).cadre == cadre
    assert obj.history.get().history_user == reviewer
    assert AuditEntry.objects.filter(object_id=str(obj.pk), actor=reviewer).count() == 1


def test_adding_a_tenure_records_the_actor(reviewer, unit_a):
    position = PositionFactory(unit=unit_a, seats=1)
    tenure = services.add_tenure(
        cadre=CadreFactory(current_unit=unit_a),
        position=position,
        start_date=date(2024, 1, 1),
        decision=_signed(),
        actor=reviewer,
    )
    assert tenure.history.get().history_user == reviewer
    assert AuditEntry.objects.get(action="tenure.added").actor == reviewer


# --- bad input: refused, nothing saved ------------------------------------------------------------------


def test_a_birth_date_in_the_future_is_refused(reviewer, unit_a):
    before = _snapshot()
    with pytest.raises(RuleViolation) as exc:
        services.create_cadre(
            actor=reviewer, **_cadre_fields(unit_a, birth_date=date.today() + timedelta(days=1))
        )
    assert exc.value.rule_code == "birth_date_future"
    assert _snapshot() == before


def test_changing_a_birth_date_into_the_future_is_refused(reviewer, unit_a):
    cadre = services.create_cadre(actor=reviewer, **_cadre_fields(unit_a))
    before = _snapshot()
    with pytest.raises(RuleViolation) as exc:
        services.update_cadre(cadre, actor=reviewer, birth_date=date.today() + timedelta(days=30))
    assert exc.value.rule_code == "birth_date_future"
    assert _snapshot() == before
    cadre.refresh_from_db()
    assert cadre.birth_date == date(1985, 9, 2)


def test_a_tenure_ending_before_it_starts_is_refused(reviewer, unit_a):
    position = PositionFactory(unit=unit_a, seats=2)
    cadre = CadreFactory(current_unit=unit_a)
    before = _snapshot()
    with pytest.raises(RuleViolation) as exc:
        services.record_past_tenure(
            cadre=cadre,
            position=position,
            start_date=date(2024, 5, 1),
            ended_on=date(2024, 4, 30),
            actor=reviewer,
        )
    assert exc.value.rule_code == "tenure_order"
    assert _snapshot() == before


def test_a_term_ending_before_it_starts_is_refused(reviewer, unit_a):
    position = PositionFactory(unit=unit_a, seats=2)
    with pytest.raises(RuleViolation) as exc:
        services.add_tenure(
            cadre=CadreFactory(current_unit=unit_a),
            position=position,
            start_date=date(2024, 5, 1),
            term_end=date(2020, 1, 1),
            decision=_signed(),
            actor=reviewer,
        )
    assert exc.value.rule_code == "tenure_order"
    assert not Tenure.objects.exists()


def test_an_open_tenure_on_a_full_position_is_refused(reviewer, unit_a):
    position = PositionFactory(unit=unit_a, seats=2)
    TenureFactory(position=position, seat_number=1)
    TenureFactory(position=position, seat_number=2)
    newcomer = CadreFactory(current_unit=unit_a)
    before = _snapshot()
    with pytest.raises(RuleViolation) as exc:
        services.add_tenure(
            cadre=newcomer,
            position=position,
            seat_number=2,
            start_date=date(2025, 1, 1),
            decision=_signed(),
            actor=reviewer,
        )
    assert exc.value.rule_code == "seat_over_filled"
    assert _snapshot() == before


def test_a_seat_the_position_does_not_have_is_refused(reviewer, unit_a):
    position = PositionFactory(unit=unit_a, seats=1)
    with pytest.raises(RuleViolation) as exc:
        services.record_past_tenure(
            cadre=CadreFactory(current_unit=unit_a),
            position=position,
            seat_number=2,
            start_date=date(2020, 1, 1),
            ended_on=date(2021, 1, 1),
            actor=reviewer,
        )
    assert exc.value.rule_code == "seat_over_filled"
    assert not Tenure.objects.exists()


def test_an_overlapping_tenure_on_one_seat_is_refused(reviewer, unit_a):
    position = PositionFactory(unit=unit_a, seats=2)
    TenureFactory(position=position, seat_number=1, start_date=date(2015, 1, 1), ended_on=date(2020, 1, 1))
    cadre = CadreFactory(current_unit=unit_a)
    before = _snapshot()
    with pytest.raises(RuleViolation) as exc:
        services.record_past_tenure(
            cadre=cadre,
            position=position,
            seat_number=1,
            start_date=date(2019, 6, 1),
            ended_on=date(2021, 1, 1),
            actor=reviewer,
        )
    assert exc.value.rule_code == "tenure_overlap"
    assert _snapshot() == before


def test_an_open_tenure_on_a_held_seat_of_a_position_with_a_free_seat_is_refused(reviewer, unit_a):
    position = PositionFactory(unit=unit_a, seats=2)
    TenureFactory(position=position, seat_number=1, start_date=date(2022, 1, 1))
    with pytest.raises(RuleViolation) as exc:
        services.add_tenure(
            cadre=CadreFactory(current_unit=unit_a),
            position=position,
            seat_number=1,
            start_date=date(2025, 1, 1),
            decision=_signed(),
            actor=reviewer,
        )
    assert exc.value.rule_code == "tenure_overlap"
    assert Tenure.objects.count() == 1


def test_a_tenure_on_the_free_seat_is_accepted(reviewer, unit_a):
    position = PositionFactory(unit=unit_a, seats=2)
    TenureFactory(position=position, seat_number=1, start_date=date(2022, 1, 1))
    services.add_tenure(
        cadre=CadreFactory(current_unit=unit_a),
        position=position,
        seat_number=2,
        start_date=date(2025, 1, 1),
        decision=_signed(),
        actor=reviewer,
    )
    assert Tenure.objects.open().filter(position=position).count() == 2


def test_back_to_back_tenures_on_one_seat_are_accepted(reviewer, unit_a):
    position = PositionFactory(unit=unit_a, seats=1)
    TenureFactory(position=position, start_date=date(2015, 1, 1), ended_on=date(2020, 1, 1))
    services.add_tenure(
        cadre=CadreFactory(current_unit=unit_a),
        position=position,
        start_date=date(2020, 1, 1),
        decision=_signed(),
        actor=reviewer,
    )
    assert Tenure.objects.filter(position=position).count() == 2


def test_a_discipline_period_ending_before_it_starts_is_refused(reviewer, unit_a):
    cadre = CadreFactory(current_unit=unit_a)
    before = _snapshot()
    with pytest.raises(RuleViolation) as exc:
        services.add_discipline(
            cadre=cadre,
            actor=reviewer,
            kind="warning",
            effective_from=date(2024, 6, 1),
            effective_to=date(2024, 5, 31),
        )
    assert exc.value.rule_code == "discipline_order"
    assert _snapshot() == before


def test_a_decided_discipline_without_its_form_is_refused(reviewer, unit_a):
    with pytest.raises(RuleViolation) as exc:
        services.add_discipline(
            cadre=CadreFactory(current_unit=unit_a), actor=reviewer, effective_from=date(2024, 6, 1)
        )
    assert exc.value.rule_code == "discipline_incomplete"
    assert not Discipline.objects.exists()


def test_a_concluded_conclusion_without_a_result_is_refused(reviewer, unit_a):
    with pytest.raises(RuleViolation) as exc:
        services.add_political_conclusion(
            cadre=CadreFactory(current_unit=unit_a),
            actor=reviewer,
            status="concluded",
            issuer="BTV Tỉnh ủy",
            concluded_on=date(2025, 1, 1),
        )
    assert exc.value.rule_code == "conclusion_incomplete"
    assert not PoliticalConclusion.objects.exists()


def test_a_second_evaluation_for_the_same_year_is_refused(reviewer, unit_a):
    from django.core.exceptions import ValidationError

    cadre = CadreFactory(current_unit=unit_a)
    services.add_evaluation(cadre=cadre, actor=reviewer, year=2024, rating="good")
    before = _snapshot()
    with pytest.raises(ValidationError):
        services.add_evaluation(cadre=cadre, actor=reviewer, year=2024, rating="excellent")
    assert _snapshot() == before


def test_a_duplicate_cadre_code_is_refused(reviewer, unit_a):
    from django.core.exceptions import ValidationError

    services.create_cadre(actor=reviewer, **_cadre_fields(unit_a))
    before = _snapshot()
    with pytest.raises(ValidationError) as exc:
        services.create_cadre(actor=reviewer, **_cadre_fields(unit_a, full_name="Người khác"))
    assert "code" in exc.value.error_dict
    assert _snapshot() == before


def test_services_refuse_fields_they_do_not_manage(reviewer, unit_a):
    with pytest.raises(TypeError):
        services.create_cadre(actor=reviewer, created_at=None, **_cadre_fields(unit_a))
