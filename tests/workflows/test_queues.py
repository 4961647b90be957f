"""Queues that help (issue 11 item 6; issue 13): our inbox, queue and archive pages sort by urgency, mark overdue
and due-soon steps, search by cadre or unit without accents, filter by the flow's steps, and embed no choice list of
processes (Viewflow's filter put every listed process in the page); the reassign page lists the holders of the
step's role in the procedure's scope."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from viewflow.workflow.status import STATUS

from apps.accounts.models import Role
from apps.accounts.services import grant_role, withdraw_role
from tests.appointment.helpers import latest_process, propose
from tests.factories import CadreFactory, OrgUnitFactory, PositionFactory, UserFactory
from workflows.appointment.flows import AppointmentFlow
from workflows.appointment.models import AppointmentCandidate
from workflows.common.filters import human_steps
from workflows.common.fold import fold
from workflows.common.models import TaskDeadline

pytestmark = pytest.mark.django_db

FLOW = AppointmentFlow.instance


def _proposal(leader, unit, *, due_in_days=None, cadre_name=None):
    assert propose(leader, PositionFactory(unit=unit)).status_code == 302
    process = latest_process()
    task = process.task_set.get(flow_task=AppointmentFlow.policy_review)
    if due_in_days is None:
        TaskDeadline.objects.filter(task=task).delete()
    else:
        TaskDeadline.objects.update_or_create(
            task=task, defaults={"due_at": timezone.now() + timedelta(days=due_in_days)}
        )
    if cadre_name:
        AppointmentCandidate.objects.create(process=process, cadre=CadreFactory(full_name=cadre_name))
    return task


def _listed(client, page="queue", **params):
    response = client.get(FLOW.reverse(page), params)
    assert response.status_code == 200
    return [task.pk for task in response.context["page_obj"].object_list], response


def test_fold_drops_vietnamese_accents_and_case():
    assert fold("Nguyễn Đặng Thị Ánh") == "nguyen dang thi anh"
    assert fold("NGUYEN") == "nguyen"


def test_queue_is_sorted_by_urgency_with_badges(client_for, leader_a, reviewer, unit_a):
    leader = client_for(leader_a)
    later = _proposal(leader, unit_a, due_in_days=20)
    none = _proposal(leader, unit_a, due_in_days=None)
    overdue = _proposal(leader, unit_a, due_in_days=-2)
    soon = _proposal(leader, unit_a, due_in_days=1)
    listed, response = _listed(client_for(reviewer))
    assert listed == [overdue.pk, soon.pk, later.pk, none.pk]
    html = response.content.decode()
    assert html.count("cf-badge--overdue") == 1
    assert html.count("cf-badge--due-soon") == 1


def test_due_filter(client_for, leader_a, reviewer, unit_a):
    leader = client_for(leader_a)
    _proposal(leader, unit_a, due_in_days=20)
    overdue = _proposal(leader, unit_a, due_in_days=-2)
    soon = _proposal(leader, unit_a, due_in_days=1)
    board = client_for(reviewer)
    assert _listed(board, due="overdue")[0] == [overdue.pk]
    assert _listed(board, due="due_soon")[0] == [soon.pk]


@pytest.mark.parametrize("text", ["Nguyễn Văn", "nguyen van", "NGUYEN", "Nguyen"])
def test_search_by_cadre_name_with_and_without_accents(client_for, leader_a, reviewer, unit_a, text):
    leader = client_for(leader_a)
    nguyen = _proposal(leader, unit_a, due_in_days=5, cadre_name="Nguyễn Văn An")
    _proposal(leader, unit_a, due_in_days=5, cadre_name="Trần Thị Bình")
    assert _listed(client_for(reviewer), q=text)[0] == [nguyen.pk]


def test_search_by_cadre_code_and_unit_name(client_for, leader_a, reviewer, unit_a):
    leader = client_for(leader_a)
    sub = OrgUnitFactory(parent=unit_a, name="Phòng Công chức")
    in_sub = _proposal(leader, sub, due_in_days=5)
    other = _proposal(leader, unit_a, due_in_days=5, cadre_name="Lê Văn Cường")
    code = AppointmentCandidate.objects.get(process_id=other.process_id).cadre.code
    board = client_for(reviewer)
    assert _listed(board, q="phong cong chuc")[0] == [in_sub.pk]
    assert _listed(board, q=code.lower())[0] == [other.pk]
    assert _listed(board, q="khong co ai")[0] == []


def test_step_filter_offers_the_flows_human_steps_without_a_query(client_for, leader_a, reviewer, unit_a):
    with CaptureQueriesContext(connection) as ctx:
        steps = dict(human_steps(AppointmentFlow))
    assert len(ctx.captured_queries) == 0
    assert "policy_review" in steps and "start" not in steps and "policy_gate" not in steps
    task = _proposal(client_for(leader_a), unit_a, due_in_days=5)
    board = client_for(reviewer)
    assert _listed(board, step="policy_review")[0] == [task.pk]
    assert _listed(board, step="sign_decision")[0] == []


@pytest.mark.parametrize("page", ["inbox", "queue", "archive"])
def test_no_process_choice_list_in_the_page(client_for, leader_a, reviewer, unit_a, page):
    for _ in range(3):
        _proposal(client_for(leader_a), unit_a, due_in_days=5)
    _, response = _listed(client_for(reviewer), page)
    html = response.content.decode()
    assert 'name="process"' not in html
    assert 'name="q"' in html and 'name="step"' in html
    assert "viewflow.workflow.flow.views.filters" not in repr(type(response.context["view"].filterset))


@pytest.mark.parametrize(
    "params", [{"q": "nguyen"}, {"q": "Nguyễn", "step": "policy_review", "due": "overdue"}]
)
def test_search_costs_the_same_with_n_and_3n_procedures(client_for, leader_a, reviewer, unit_a, params):
    leader, board = client_for(leader_a), client_for(reviewer)

    def grow(n):
        for i in range(n):
            _proposal(leader, OrgUnitFactory(parent=unit_a), due_in_days=-1, cadre_name=f"Nguyễn Văn {i}")

    def count():
        board.get(FLOW.reverse("queue"), params)
        with CaptureQueriesContext(connection) as ctx:
            response = board.get(FLOW.reverse("queue"), params)
        assert response.status_code == 200
        return len(ctx.captured_queries), len(response.context["page_obj"].object_list)

    grow(2)
    small, shown_small = count()
    grow(4)
    large, shown_large = count()
    assert (shown_small, shown_large) == (2, 6)
    assert small == large


@pytest.mark.postgres
def test_postgres_fold_matches_python_fold(db):
    with connection.cursor() as cursor:
        cursor.execute("SELECT cf_fold(%s), cf_fold(%s)", ["Nguyễn Đặng Thị Ánh", "ỨNG HỮU PHƯỚC"])
        assert cursor.fetchone() == (fold("Nguyễn Đặng Thị Ánh"), fold("ỨNG HỮU PHƯỚC"))


@pytest.mark.postgres
def test_postgres_search_uses_folded_trigram_index(client_for, leader_a, reviewer, unit_a):
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'cadres_cadre_name_fold_trgm'")
        assert "cf_fold" in cursor.fetchone()[0]
    nguyen = _proposal(client_for(leader_a), unit_a, due_in_days=5, cadre_name="Nguyễn Văn An")
    assert _listed(client_for(reviewer), q="nguyen van")[0] == [nguyen.pk]


def _reassign_url(task):
    return FLOW.reverse("task_reassign", args=[task.process_id, task.pk])


def test_reassign_lists_the_holders_of_the_role_in_scope(
    client_for, leader_a, reviewer, unit_a, unit_b, admin_user
):
    task = _proposal(client_for(leader_a), unit_a, due_in_days=5)
    in_unit = UserFactory(username="board_unit_a")
    grant_role(user=in_unit, role=Role.ORG_BOARD, unit=unit_a, include_descendants=False, actor=admin_user)
    other_unit = UserFactory(username="board_unit_b")
    grant_role(user=other_unit, role=Role.ORG_BOARD, unit=unit_b, actor=admin_user)
    leader_role = UserFactory(username="leader_in_a")
    grant_role(user=leader_role, role=Role.UNIT_LEADER, unit=unit_a, actor=admin_user)
    withdrawn = UserFactory(username="board_withdrawn")
    assignment = grant_role(user=withdrawn, role=Role.ORG_BOARD, unit=unit_a, actor=admin_user)
    withdraw_role(assignment=assignment, actor=admin_user)

    response = client_for(reviewer).get(_reassign_url(task))
    assert response.status_code == 200
    offered = set(response.context["form"].fields["user"].queryset)
    assert offered == {reviewer, in_unit}


def test_reassign_to_a_holder_in_scope_and_refusal_out_of_scope(
    client_for, leader_a, leader_b, reviewer, unit_a, unit_b, admin_user
):
    task = _proposal(client_for(leader_a), unit_a, due_in_days=5)
    in_unit = UserFactory(username="board_unit_a")
    grant_role(user=in_unit, role=Role.ORG_BOARD, unit=unit_a, actor=admin_user)
    other_unit = UserFactory(username="board_unit_b")
    grant_role(user=other_unit, role=Role.ORG_BOARD, unit=unit_b, actor=admin_user)
    board = client_for(reviewer)

    refused = board.post(_reassign_url(task), {"user": other_unit.pk, "reason": "x"})
    assert refused.status_code == 200 and "user" in refused.context["form"].errors
    task.refresh_from_db()
    assert task.owner_id is None and task.status == STATUS.NEW

    # a reviewer of another unit may not open the page of this unit's procedure
    assert client_for(other_unit).get(_reassign_url(task)).status_code in (403, 404)
    assert client_for(leader_b).get(_reassign_url(task)).status_code in (403, 404)

    assert board.post(_reassign_url(task), {"user": in_unit.pk, "reason": "x"}).status_code == 302
    task.refresh_from_db()
    assert task.owner_id == in_unit.pk


def test_the_menu_counts_stop_at_the_limit(client_for, leader_a, reviewer, unit_a, monkeypatch):
    from workflows.common.views import lists

    for _ in range(3):
        _proposal(client_for(leader_a), unit_a, due_in_days=5)
    board = client_for(reviewer)
    assert board.get(FLOW.reverse("inbox")).context["user_queue"].count() == 3
    monkeypatch.setattr(lists, "MENU_COUNT_LIMIT", 2)
    response = board.get(FLOW.reverse("inbox"))
    assert response.context["user_queue"].count() == "2+"
    assert response.context["user_inbox"].count() == 0
    assert "2+" in response.content.decode()


def test_reassign_page_says_when_no_one_else_holds_the_role(client_for, leader_a, reviewer, unit_a):
    task = _proposal(client_for(leader_a), unit_a, due_in_days=5)
    board = client_for(reviewer)
    assert board.post(task.flow_task.reverse("assign", args=[task.process_id, task.pk])).status_code == 302
    response = board.get(_reassign_url(task))
    assert response.status_code == 200
    field = response.context["form"].fields["user"]
    assert list(field.queryset) == [] and field.help_text
