"""Issue 9 point 5: nobody writes their own records, nor those of a candidate of an open procedure they take part
in — refused by the permission layer and the services (pages, admin, any caller), with an audit entry of the
refused attempt; writing another cadre's records still works."""

from datetime import date

import pytest
from django.urls import reverse

from apps.accounts.models import Role
from apps.accounts.permissions import can, record_write_conflict
from apps.accounts.services import grant_role
from apps.audit.models import AuditEntry
from apps.cadres import services
from apps.cadres.models import Achievement, Discipline, Evaluation, PoliticalConclusion, Tenure
from apps.core.rules import RuleViolation
from tests.appointment.conftest import make_eligible
from tests.appointment.helpers import claim_and_execute, latest_process, propose
from tests.factories import CadreFactory, PositionFactory, UserFactory
from workflows.appointment.flows import AppointmentFlow

pytestmark = pytest.mark.django_db


def _records():
    models = (Evaluation, Achievement, Discipline, PoliticalConclusion, Tenure)
    return {model.__name__: (model.objects.count(), model.history.count()) for model in models}


def _refusals():
    return list(
        AuditEntry.objects.filter(action="registry.write_refused").values_list(
            "actor_id", "object_id", "data"
        )
    )


@pytest.fixture
def board_member(province, unit_a, admin_user):
    """An organisation-board member of the province who is also a cadre of unit A (their own record)."""
    user = UserFactory(
        username="board_self", cadre=CadreFactory(current_unit=unit_a, full_name="Lý Thị Hạnh")
    )
    grant_role(user=user, role=Role.ORG_BOARD, unit=province, include_descendants=True, actor=admin_user)
    return user


@pytest.fixture
def procedure(client_for, leader_a, reviewer, unit_a):
    """An open appointment: `reviewer` took part (decided the policy, listed the candidates)."""
    position = PositionFactory(unit=unit_a, title="Phó Giám đốc Sở", seats=1)
    c1, c2 = make_eligible(unit_a, position), make_eligible(unit_a, position)
    propose(client_for(leader_a), position)
    process = latest_process()
    board = client_for(reviewer)
    claim_and_execute(board, process, AppointmentFlow.policy_review, {"decision": "approved"})
    claim_and_execute(board, process, AppointmentFlow.nominate, {"cadres": [c1.pk, c2.pk]})
    return process, c1


# --- the rule: the permission layer and the services --------------------------------------------------------


def test_the_permission_layer_names_the_conflict(board_member, procedure, reviewer, admin_user):
    process, candidate = procedure
    own = board_member.cadre
    assert record_write_conflict(board_member, own) == "own_record"
    assert not can(board_member, "edit_registry", own)
    assert record_write_conflict(reviewer, candidate) == "candidate_in_own_procedure"
    assert not can(reviewer, "edit_registry", candidate)
    # a board member who does not act on the procedure keeps the registry up to date
    assert record_write_conflict(board_member, candidate) is None and can(
        board_member, "edit_registry", candidate
    )
    # a superuser neither (nobody writes their own record)
    admin_user.cadre = CadreFactory()
    admin_user.save()
    assert record_write_conflict(admin_user, admin_user.cadre) == "own_record"
    assert not can(admin_user, "edit_registry", admin_user.cadre)


def test_the_service_refuses_a_self_evaluation_with_nothing_changed_and_audits_it(board_member):
    before = _records()
    with pytest.raises(RuleViolation) as exc:
        services.add_evaluation(cadre=board_member.cadre, actor=board_member, year=2025, rating="excellent")
    assert exc.value.rule_code == "own_record"
    assert _records() == before
    assert _refusals() == [
        (
            board_member.pk,
            str(board_member.cadre.pk),
            {"cadre": board_member.cadre.pk, "attempted": "evaluation", "rule": "own_record"},
        )
    ]


@pytest.mark.parametrize(
    "service, fields",
    [
        (services.add_achievement, {"title": "Số hóa", "achieved_on": date(2025, 3, 1)}),
        (services.add_discipline, {"kind": "reprimand", "effective_from": date(2025, 1, 1)}),
        (
            services.add_political_conclusion,
            {"status": "concluded", "result": "meets", "issuer": "BTV", "concluded_on": date(2025, 1, 2)},
        ),
        (services.update_cadre, {"job_title": "Giám đốc"}),
    ],
)
def test_every_registry_writer_refuses_the_own_record(board_member, unit_a, service, fields):
    before = _records()
    with pytest.raises(RuleViolation) as exc:
        if service is services.update_cadre:
            service(board_member.cadre, actor=board_member, **fields)
        else:
            service(cadre=board_member.cadre, actor=board_member, **fields)
    assert exc.value.rule_code == "own_record"
    assert _records() == before and len(_refusals()) == 1


def test_a_past_tenure_of_ones_own_is_refused_too(board_member, unit_a):
    with pytest.raises(RuleViolation) as exc:
        services.record_past_tenure(
            cadre=board_member.cadre,
            position=PositionFactory(unit=unit_a),
            start_date=date(2015, 1, 1),
            ended_on=date(2020, 1, 1),
            actor=board_member,
        )
    assert exc.value.rule_code == "own_record" and not Tenure.objects.exists()


def test_a_candidate_of_a_procedure_one_takes_part_in_is_refused_and_anothers_record_works(
    procedure, reviewer, board_member, unit_a
):
    process, candidate = procedure
    before = _records()
    with pytest.raises(RuleViolation) as exc:
        services.add_evaluation(cadre=candidate, actor=reviewer, year=2015, rating="excellent")
    assert exc.value.rule_code == "candidate_in_own_procedure"
    assert _records() == before and len(_refusals()) == 1
    # another cadre, and the same candidate by a board member not acting on the procedure: written
    services.add_evaluation(cadre=CadreFactory(current_unit=unit_a), actor=reviewer, year=2015, rating="good")
    services.add_evaluation(cadre=candidate, actor=board_member, year=2015, rating="good")
    assert Evaluation.objects.filter(year=2015).count() == 2


# --- over HTTP: the cadre page and the admin ---------------------------------------------------------------


def test_the_cadre_page_refuses_a_self_edit_with_403_nothing_changed_and_an_audit_entry(
    client_for, board_member
):
    client = client_for(board_member)
    own = board_member.cadre
    url = reverse("registry:cadres:evaluation-add", args=[own.pk])
    before = _records()
    assert client.post(url, {"year": 2025, "rating": "excellent"}).status_code == 403
    assert (
        client.post(reverse("registry:cadres:change", args=[own.pk]), {"job_title": "x"}).status_code == 403
    )
    assert _records() == before
    assert [data["attempted"] for _actor, _obj, data in _refusals()] == ["evaluation", "cadre"]
    # the profile offers no registry form on one's own record
    page = client.get(reverse("registry:cadres:detail", args=[own.pk]))
    assert page.status_code == 200 and page.context["may_edit"] is False


def test_the_cadre_page_refuses_a_candidates_record_to_a_participant_and_accepts_anothers(
    client_for, procedure, reviewer, unit_a
):
    process, candidate = procedure
    client = client_for(reviewer)
    before = _records()
    url = reverse("registry:cadres:conclusion-add", args=[candidate.pk])
    data = {"status": "concluded", "result": "meets", "issuer": "BTV", "concluded_on": "02/01/2025"}
    assert client.post(url, data).status_code == 403
    assert _records() == before and len(_refusals()) == 1
    other = CadreFactory(current_unit=unit_a)
    response = client.post(reverse("registry:cadres:conclusion-add", args=[other.pk]), data)
    assert response.status_code == 302
    assert PoliticalConclusion.objects.filter(cadre=other).count() == 1


def test_the_admin_refuses_a_self_edit_on_the_form_and_audits_it(client_for, admin_user, unit_a):
    own = CadreFactory(current_unit=unit_a)
    admin_user.cadre = own
    admin_user.save()
    client = client_for(admin_user)
    before = _records()
    response = client.post(
        reverse("admin:cadres_evaluation_add"), {"cadre": own.pk, "year": 2025, "rating": "excellent"}
    )
    assert response.status_code == 200
    codes = [e.code for e in response.context["adminform"].form.non_field_errors().as_data()]
    assert codes == ["own_record"]
    assert _records() == before and len(_refusals()) == 1
    other = CadreFactory(current_unit=unit_a)
    response = client.post(
        reverse("admin:cadres_evaluation_add"), {"cadre": other.pk, "year": 2025, "rating": "good"}
    )
    assert response.status_code == 302 and Evaluation.objects.filter(cadre=other).exists()
