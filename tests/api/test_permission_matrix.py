"""Every endpoint × persona (issue 12 Tests): the organisation board of the province, the unit leader in scope
(unit A) and out of scope (unit B), a candidate of the procedure, the inspection commission, anonymous.

Out of scope — and a candidate's own procedure (R10) — is a 404, as if it did not exist; in scope without the
action is a 403 (or the rule's refusal); nothing is changed by a refused call."""

import pytest
from viewflow.workflow.status import STATUS

from apps.audit.services import record
from tests.factories import CadreFactory
from workflows.appointment.flows import AppointmentFlow

pytestmark = pytest.mark.django_db

BOARD, LEADER_A, LEADER_B, CANDIDATE, INSPECTOR, ANONYMOUS = (
    "reviewer",
    "leader_a",
    "leader_b",
    "candidate_user",
    "inspector",
    "anonymous",
)
PERSONAS = [BOARD, LEADER_A, LEADER_B, CANDIDATE, INSPECTOR, ANONYMOUS]


@pytest.fixture
def world(request, listed, candidate_user, leader_b, reviewer, inspector, leader_a, admin_user, unit_a):
    process, c1, _c2 = listed
    users = {
        BOARD: reviewer,
        LEADER_A: leader_a,
        LEADER_B: leader_b,
        CANDIDATE: candidate_user,
        INSPECTOR: inspector,
        ANONYMOUS: None,
    }
    task = process.task_set.get(flow_task=AppointmentFlow.internal_1_collective, status=STATUS.NEW)
    entry = record("test.event", None, actor=admin_user, data={})
    return {
        "process": process,
        "task": task,
        "cadre": c1,
        "users": users,
        "entry": entry,
        "position": process.position,
    }


# (method, url template, {persona: expected status})
READS = [
    (
        "get",
        "/api/v1/procedures/{process}/",
        {BOARD: 200, LEADER_A: 200, LEADER_B: 404, CANDIDATE: 404, INSPECTOR: 200, ANONYMOUS: 401},
    ),
    (
        "get",
        "/api/v1/tasks/{task}/",
        {BOARD: 200, LEADER_A: 200, LEADER_B: 404, CANDIDATE: 404, INSPECTOR: 200, ANONYMOUS: 401},
    ),
    (
        "get",
        "/api/v1/cadres/{cadre}/",
        {BOARD: 200, LEADER_A: 200, LEADER_B: 404, CANDIDATE: 200, INSPECTOR: 200, ANONYMOUS: 401},
    ),
    (
        "get",
        "/api/v1/positions/{position}/",
        {BOARD: 200, LEADER_A: 200, LEADER_B: 404, CANDIDATE: 200, INSPECTOR: 200, ANONYMOUS: 401},
    ),
    (
        "get",
        "/api/v1/audit-entries/{entry}/",
        {BOARD: 403, LEADER_A: 403, LEADER_B: 403, CANDIDATE: 403, INSPECTOR: 200, ANONYMOUS: 401},
    ),
    ("get", "/api/v1/procedures/", dict.fromkeys(PERSONAS[:-1], 200) | {ANONYMOUS: 401}),
    ("get", "/api/v1/tasks/", dict.fromkeys(PERSONAS[:-1], 200) | {ANONYMOUS: 401}),
    ("get", "/api/v1/units/", dict.fromkeys(PERSONAS[:-1], 200) | {ANONYMOUS: 401}),
    ("get", "/api/v1/decisions/", dict.fromkeys(PERSONAS[:-1], 200) | {ANONYMOUS: 401}),
]


def _url(template, world):
    return template.format(
        process=world["process"].pk,
        task=world["task"].pk,
        cadre=world["cadre"].pk,
        position=world["position"].pk,
        entry=world["entry"].seq,
    )


@pytest.mark.parametrize("method, template, expected", READS, ids=[r[1] for r in READS])
def test_reads(client_for, world, method, template, expected):
    url = _url(template, world)
    for persona, status in expected.items():
        response = getattr(client_for(world["users"][persona]), method)(url)
        assert response.status_code == status, (persona, url, response.content[:300])


def test_lists_hold_only_what_the_persona_may_see(client_for, world):
    process = world["process"]
    seen = {
        persona: {r["id"] for r in client_for(user).get("/api/v1/procedures/").json()["results"]}
        for persona, user in world["users"].items()
        if user
    }
    assert {p for p, ids in seen.items() if process.pk in ids} == {BOARD, LEADER_A, INSPECTOR}
    queued = {
        persona: {r["id"] for r in client_for(user).get("/api/v1/tasks/").json()["results"]}
        for persona, user in world["users"].items()
        if user
    }
    assert {p for p, ids in queued.items() if world["task"].pk in ids} == {BOARD}


def test_claim_release_complete_and_return_by_persona(client_for, world):
    task = world["task"]
    url = f"/api/v1/tasks/{task.pk}/"
    expected_claim = {LEADER_B: 404, CANDIDATE: 404, LEADER_A: 403, INSPECTOR: 403, ANONYMOUS: 401}
    for persona, status in expected_claim.items():
        client = client_for(world["users"][persona])
        for action in ("claim", "complete", "release"):
            response = client.post(f"{url}{action}/", {}, content_type="application/json")
            assert response.status_code == status, (persona, action, response.content[:300])
    task.refresh_from_db()
    assert task.status == STATUS.NEW and task.owner_id is None  # nothing changed

    board = client_for(world["users"][BOARD])
    assert board.post(f"{url}claim/").json()["actions"] == ["release", "complete"]
    # the step belongs to the board member now: the others cannot complete or release it
    other = client_for(world["users"][LEADER_A])
    assert other.post(f"{url}release/").status_code == 403
    assert board.post(f"{url}release/").json()["actions"] == ["claim"]
    # a step that offers no return is refused with a rule code
    board.post(f"{url}claim/")
    refused = board.post(f"{url}return/", {"reason": "x"}, content_type="application/json")
    assert refused.status_code == 400 and refused.json()["code"] == "not_returnable"
    # an invalid payload names the fields; nothing is written
    invalid = board.post(f"{url}complete/", {"present": -1}, content_type="application/json")
    assert invalid.status_code == 400 and "present" in invalid.json()["fields"]
    task.refresh_from_db()
    assert task.status == STATUS.ASSIGNED


def test_start_by_persona(client_for, world, unit_b):
    from tests.factories import PositionFactory

    position_b = PositionFactory(unit=unit_b)
    payload = {
        "position": world["position"].pk,
        "seats": 1,
        "source": "internal",
        "job_needs": "x",
        "criteria": "y",
    }
    url = "/api/v1/procedures/appointment/start/"
    for persona, status in {BOARD: 403, INSPECTOR: 403, ANONYMOUS: 401}.items():
        response = client_for(world["users"][persona]).post(url, payload, content_type="application/json")
        assert response.status_code == status, (persona, response.content[:300])
    # a unit leader of B may start, but not on A's position: the form's choices are B's
    refused = client_for(world["users"][LEADER_B]).post(url, payload, content_type="application/json")
    assert refused.status_code == 400 and "position" in refused.json()["fields"]
    started = client_for(world["users"][LEADER_B]).post(
        url, payload | {"position": position_b.pk}, content_type="application/json"
    )
    assert started.status_code == 201, started.content
    assert started.json()["current_steps"][0]["step"] == "policy_review"
    assert (
        client_for(world["users"][BOARD])
        .post("/api/v1/procedures/nowhere/start/", payload, content_type="application/json")
        .status_code
        == 404
    )


def test_the_policy_review_is_returned_for_revision_with_its_rule(client_for, leader_a, reviewer, position):
    from tests.appointment.helpers import latest_process, propose

    assert propose(client_for(leader_a), position).status_code == 302
    process = latest_process()
    task = process.task_set.get(flow_task=AppointmentFlow.policy_review)
    board = client_for(reviewer)
    detail = board.post(f"/api/v1/tasks/{task.pk}/claim/").json()
    assert "return" in detail["actions"]
    response = board.post(
        f"/api/v1/tasks/{task.pk}/return/", {"reason": "Thiếu hồ sơ"}, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    assert [s["step"] for s in response.json()["current_steps"]] == ["revise"]


def test_a_rule_refusal_carries_the_rules_code_like_the_page(client_for, leader_a, reviewer, position):
    """Rejecting the policy without a reason is refused by the service's rule: the same code on the API."""
    from tests.appointment.helpers import latest_process, propose

    assert propose(client_for(leader_a), position).status_code == 302
    process = latest_process()
    task = process.task_set.get(flow_task=AppointmentFlow.policy_review)
    board = client_for(reviewer)
    board.post(f"/api/v1/tasks/{task.pk}/claim/")
    response = board.post(
        f"/api/v1/tasks/{task.pk}/complete/", {"decision": "rejected"}, content_type="application/json"
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] not in ("invalid", "server_error") and body["message"], body
    task.refresh_from_db()
    assert task.status == STATUS.ASSIGNED


def test_a_cadre_out_of_scope_is_a_404(client_for, world, unit_b):
    cadre_b = CadreFactory(current_unit=unit_b)
    assert client_for(world["users"][LEADER_A]).get(f"/api/v1/cadres/{cadre_b.pk}/").status_code == 404
    assert client_for(world["users"][LEADER_B]).get(f"/api/v1/cadres/{cadre_b.pk}/").status_code == 200
