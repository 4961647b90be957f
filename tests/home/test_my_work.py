"""Home = my work: the steps assigned to me and those in my queues across procedures, the most urgent first, with
overdue and due-soon marks; nothing out of scope."""

from datetime import timedelta

import pytest
from django.utils import timezone
from viewflow.workflow.status import STATUS

from tests.appointment.helpers import latest_process, propose
from tests.factories import PositionFactory
from workflows.appointment.flows import AppointmentFlow
from workflows.common.models import TaskDeadline

pytestmark = pytest.mark.django_db


def home(client):
    return client.get("/", follow=True)


@pytest.fixture
def two_proposals(unit_a, leader_a, client_for):
    leader = client_for(leader_a)
    processes = []
    for title in ("Phó Giám đốc 1", "Phó Giám đốc 2"):
        assert propose(leader, PositionFactory(unit=unit_a, title=title)).status_code == 302
        processes.append(latest_process())
    return processes


def policy_task(process):
    return process.task_set.get(flow_task=AppointmentFlow.policy_review)


def test_the_board_sees_the_waiting_policy_reviews_most_urgent_first_with_marks(
    two_proposals, reviewer, client_for
):
    first, second = two_proposals
    now = timezone.now()
    TaskDeadline.objects.filter(task=policy_task(first)).update(due_at=now + timedelta(days=10))
    TaskDeadline.objects.filter(task=policy_task(second)).update(due_at=now - timedelta(days=1))

    work = home(client_for(reviewer)).context["work"]

    assert [item.task.process_id for item in work.items] == [second.pk, first.pk]
    overdue, later = work.items
    assert overdue.overdue and not overdue.due_soon and overdue.where == "queue"
    assert not later.overdue and not later.due_soon
    assert (work.inbox, work.queue, work.overdue) == (0, 2, 1)


def test_a_claimed_step_moves_to_my_inbox_and_the_link_opens_it(two_proposals, reviewer, client_for):
    client = client_for(reviewer)
    task = policy_task(two_proposals[0])
    TaskDeadline.objects.filter(task=task).update(due_at=timezone.now() + timedelta(days=1))
    assert client.post(task.flow_task.reverse("assign", args=[task.process_id, task.pk])).status_code == 302

    page = home(client)
    work = page.context["work"]

    assert (work.inbox, work.queue) == (1, 1)
    mine = next(item for item in work.items if item.task.pk == task.pk)
    assert mine.where == "inbox" and mine.due_soon
    assert f'href="{mine.url}"' in page.content.decode()
    assert client.get(mine.url, follow=True).status_code == 200


def test_another_units_leader_and_the_proposer_see_none_of_the_boards_steps(
    two_proposals, leader_a, leader_b, client_for
):
    for user in (leader_a, leader_b):
        assert home(client_for(user)).context["work"].total == 0


def test_the_list_is_capped_and_the_counts_are_whole(two_proposals, reviewer):
    from workflows.common.work import my_work

    work = my_work(reviewer, [AppointmentFlow], limit=1)

    assert len(work.items) == 1 and work.queue == 2
    assert policy_task(two_proposals[0]).status == STATUS.NEW


def _proposals(client, unit, n):
    for i in range(n):
        assert propose(client, PositionFactory(unit=unit, title=f"Phó Giám đốc {i}")).status_code == 302


def test_the_home_page_costs_the_same_with_n_and_3n_waiting_steps(unit_a, leader_a, reviewer, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    leader, board = client_for(leader_a), client_for(reviewer)
    counts = []
    for n in (2, 4):  # 2 waiting, then 6 waiting
        _proposals(leader, unit_a, n)
        with CaptureQueriesContext(connection) as queries:
            assert home(board).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
