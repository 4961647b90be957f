"""The permission matrix of every registered procedure (issue 10 item 7), generated rather than written per flow:
every flow of ``apps.core.procedures`` × its pages and actions (the lists, the inbox and the queue, the procedure
page, its open step's detail, claim and form, a comment, the start page) × every persona (anonymous, no role, a
unit leader in and out of scope, a board reviewer in and out of scope, the leadership, the inspector, the Front,
and a board reviewer who is the procedure's candidate).

The expected answer of each cell comes from the personas' roles and scopes and the product's rules, not from the
code under test: a persona who may not see the procedure gets a 404 (as if it did not exist), one who sees it
without the action a 403, the anonymous a redirect to the login page. What a flow declares for itself is read from
the flow (the permission of its open step); who may start it is the policy of docs/procedures.md (``START_ROLES``).
A new procedure registered without a way to open one here (``OPENERS``) fails the first test.
"""

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from viewflow.workflow.status import STATUS

from apps.accounts.models import ROLE_PERMISSIONS, Role
from apps.accounts.permissions import ACTIONS
from apps.accounts.services import grant_role
from apps.core import procedures
from tests.factories import CadreFactory, PositionFactory, UserFactory
from tests.permissions_matrix import LOGIN, check_matrix
from workflows.common.models import StepComment

pytestmark = pytest.mark.django_db

#: who may open each procedure (docs/procedures.md: §1 the unit leader proposes an appointment; §5 the board opens a
#: reappointment; §6 the board or the unit leader proposes a nomination; §10 the inspection or the board opens a case)
START_ROLES = {
    "appointment": {Role.UNIT_LEADER},
    "reappointment": {Role.ORG_BOARD},
    "nomination": {Role.UNIT_LEADER, Role.ORG_BOARD},
    "revocation": {Role.INSPECTION, Role.ORG_BOARD},
    "planning": {Role.ORG_BOARD},  # §7: the organisation board opens the yearly review
    "rotation": {Role.ORG_BOARD},  # §8: the organisation board proposes a rotation
}

#: who may withdraw a procedure in their scope: the board, and the unit leader who may propose one — except a
#: reappointment, which only the board withdraws (docs/procedures.md §5)
WITHDRAW_ROLES = {
    "appointment": {Role.UNIT_LEADER, Role.ORG_BOARD},
    "reappointment": {Role.ORG_BOARD},
    "nomination": {Role.UNIT_LEADER, Role.ORG_BOARD},
    "revocation": {Role.UNIT_LEADER, Role.ORG_BOARD},
    "planning": {Role.UNIT_LEADER, Role.ORG_BOARD},
    "rotation": {Role.UNIT_LEADER, Role.ORG_BOARD},
}


@dataclass(frozen=True)
class Persona:
    role: str | None  # None: signed in without a role; "anonymous": not signed in
    scope: str = "province"  # the unit the role covers, with its sub-units: "province", "unit_a" or "unit_b"
    candidate: bool = False  # their own cadre record is the procedure's candidate (R10)


PERSONAS = {
    "anonymous": Persona("anonymous"),
    "nobody": Persona(None),
    "leader_a": Persona(Role.UNIT_LEADER, "unit_a"),
    "leader_b": Persona(Role.UNIT_LEADER, "unit_b"),
    "reviewer": Persona(Role.ORG_BOARD),
    "reviewer_b": Persona(Role.ORG_BOARD, "unit_b"),
    "leadership": Persona(Role.LEADERSHIP),
    "inspector": Persona(Role.INSPECTION),
    "front": Persona(Role.FRONT),
    "candidate": Persona(Role.ORG_BOARD, candidate=True),
}

FOLLOW = ACTIONS["follow_procedure"]
CONTRIBUTE = ACTIONS["contribute_procedure"]
ROLE_OF_PERMISSION = {f"organisation.{codename}": role for role, codename in ROLE_PERMISSIONS.items()}


def in_scope(persona):
    """Every procedure here is in unit A (or, for the authority's steps, the province): in the scope of a role
    over the province or over unit A."""
    return persona.scope in ("province", "unit_a")


def sees(persona):
    return persona.role in FOLLOW and in_scope(persona) and not persona.candidate


def expected(persona, may):
    """The answer to a persona on a procedure's page or action: the login page, 403 without any procedure in
    view, 404 for a procedure out of view, then 200/302 if `may` else 403."""
    if persona.role == "anonymous":
        return LOGIN
    if persona.role not in FOLLOW:
        return 403
    if not sees(persona):
        return 404
    return may


# --- opening one procedure of each flow in unit A, its first human step open -----------------------------------


def open_appointment(client_for, personas, unit_a, **_):
    from tests.appointment.helpers import latest_process, propose
    from workflows.appointment.models import AppointmentCandidate

    assert propose(client_for(personas["leader_a"]), PositionFactory(unit=unit_a)).status_code == 302
    process = latest_process()
    cadre = CadreFactory(current_unit=unit_a)
    AppointmentCandidate.objects.create(process=process, cadre=cadre)
    return process, cadre


def open_nomination(client_for, personas, unit_a, **_):
    from tests.nomination.helpers import eligible_cadres, latest_process, propose
    from workflows.nomination.models import NominationCandidate

    position = PositionFactory(unit=unit_a, seats=3, term_years=5, is_elected=True, rank=4)
    cadres = eligible_cadres(unit_a, position, 6)
    assert propose(client_for(personas["reviewer"]), position, cadres).status_code == 302
    process = latest_process()
    cadre = CadreFactory(current_unit=unit_a)
    NominationCandidate.objects.create(process=process, cadre=cadre)
    return process, cadre


def open_reappointment(client_for, personas, unit_a, **_):
    from tests.reappointment.conftest import make_holder
    from workflows.reappointment import services
    from workflows.reappointment.models import ReappointmentProcess

    post = PositionFactory(unit=unit_a, seats=1, term_years=5)
    cadre, tenure = make_holder(unit_a, post, term_end=date.today() + timedelta(days=60))
    assert services.open_due_reappointments()["opened"] == 1
    return ReappointmentProcess.objects.get(tenure=tenure), cadre


def open_revocation(client_for, personas, unit_a, province, **_):
    from apps.decisions import services as decision_services
    from apps.rulesets.selectors import rule_set_for
    from tests.revocation.conftest import latest_case, open_case

    issued = timezone.localdate() - timedelta(days=14)
    rule_set = rule_set_for(unit=province, on=issued)
    cadre = CadreFactory(current_unit=unit_a)
    draft = decision_services.draft_decision(
        kind="appointment",
        cadre=cadre,
        position=PositionFactory(unit=unit_a, authority=province, seats=1),
        authority=province,
        rule_set=rule_set,
        params=rule_set.resolve(),
        effective_from=issued,
        grounds="Căn cứ Nghị định 170/2025/NĐ-CP",
        actor=personas["reviewer"],
    )
    decision = decision_services.sign_decision(
        decision=draft,
        signer=personas["leadership"],
        signer_title="Chủ tịch",
        signer_name="Vương Quốc Tuấn",
        issued_on=issued,
        participants=[(personas["reviewer"], "reviewer", province, "Chuyên viên")],
        actor=personas["leadership"],
    )
    open_case(client_for(personas["inspector"]), decision)
    return latest_case(), cadre


def open_planning(client_for, personas, unit_a, **_):
    from tests.factories import PlanningEntryFactory
    from tests.planning.conftest import make_cadre
    from tests.planning.test_walkthrough import open_review

    post = PositionFactory(unit=unit_a, rank=5, seats=1, term_years=5)
    cadre = make_cadre(unit_a, birth_date=date(1985, 3, 1))
    PlanningEntryFactory(cadre=cadre, position=post, approved_on=date(2024, 6, 1))
    process = open_review(client_for(personas["reviewer"]), post)
    assert process.lines.filter(cadre=cadre).exists()
    return process, cadre


def open_rotation(client_for, personas, unit_a, province, **_):
    from tests.factories import OrgUnitFactory, TenureFactory
    from tests.planning.conftest import make_cadre
    from tests.rotation.test_walkthrough import propose
    from workflows.rotation.models import RotationProcess

    # from a third department (out of every persona's unit-B scope) to a vacant equivalent post in unit A
    unit_c = OrgUnitFactory(code="sct", name="Sở Công Thương", parent=province)
    home = PositionFactory(unit=unit_c, rank=3, seats=1)
    cadre = make_cadre(unit_c, birth_date=date(1984, 4, 4))
    TenureFactory(cadre=cadre, position=home, start_date=date(2023, 1, 1), term_end=date(2028, 1, 1))
    propose(client_for(personas["reviewer"]), cadre, PositionFactory(unit=unit_a, rank=3, seats=1))
    return RotationProcess.objects.latest("pk"), cadre


OPENERS = {
    "appointment": open_appointment,
    "nomination": open_nomination,
    "reappointment": open_reappointment,
    "revocation": open_revocation,
    "planning": open_planning,
    "rotation": open_rotation,
}


def test_every_registered_procedure_is_in_the_matrix():
    import config.urls  # noqa: F401

    assert set(procedures.registered_kinds()) == set(OPENERS) == set(START_ROLES) == set(WITHDRAW_ROLES)


# --- the personas ---------------------------------------------------------------------------------------------------


@pytest.fixture
def make_persona(province, unit_a, unit_b, admin_user):
    units = {"province": province, "unit_a": unit_a, "unit_b": unit_b}

    def make(name, cadre=None):
        persona = PERSONAS[name]
        if persona.role == "anonymous":
            return None
        user = UserFactory(username=f"m_{name}", cadre=cadre)
        if persona.role:
            grant_role(
                user=user,
                role=persona.role,
                unit=units[persona.scope],
                include_descendants=True,
                actor=admin_user,
            )
        return user

    return make


def _rolled_back(request, written):
    """Run `request`, check that it wrote (``written(who)``) exactly when it was let through, and undo it: each
    persona acts on the same open step."""

    def run(client, who):
        with transaction.atomic():
            response = request(client, who)
            wrote = written(who)
            transaction.set_rollback(True)
        let_through = response.status_code == 302 and not response["Location"].startswith(settings.LOGIN_URL)
        assert wrote is let_through, (who, response.status_code, wrote)
        return response

    return run


@pytest.mark.parametrize("kind", sorted(OPENERS))
def test_the_matrix_of_a_procedure(kind, client_for, make_persona, leadership, unit_a, province):
    import config.urls  # noqa: F401

    flow_class = dict(zip(procedures.registered_kinds(), procedures.registered_flows(), strict=True))[kind]
    flow = flow_class.instance
    # the ordinary personas open the procedure; the candidate persona is made afterwards, on the candidate's record
    personas = {name: make_persona(name) for name in PERSONAS if name not in ("leadership", "candidate")}
    personas["leadership"] = leadership
    process, candidate_cadre = OPENERS[kind](client_for, personas, unit_a=unit_a, province=province)
    personas["candidate"] = make_persona("candidate", cadre=candidate_cadre)
    task = process.task_set.exclude(flow_task_type__in=["HUMAN_START", "START"]).get(
        status__in=[STATUS.NEW, STATUS.ASSIGNED], flow_task_type="HUMAN"
    )
    node = task.flow_task
    step_role = ROLE_OF_PERMISSION[task.owner_permission]

    def matrix(request, may, *, written=None):
        expect = {who: expected(p, may(p)) for who, p in PERSONAS.items()}
        check_matrix(client_for, personas, expect, _rolled_back(request, written) if written else request)

    # the lists, the inbox and the queue: everyone who follows procedures somewhere
    for page in ("index", "process_list", "inbox", "queue", "archive", "task_list", "chart"):
        expect = {
            who: LOGIN if p.role == "anonymous" else (200 if p.role in FOLLOW else 403)
            for who, p in PERSONAS.items()
        }
        check_matrix(
            client_for, personas, expect, lambda client, who, page=page: client.get(flow.reverse(page))
        )

    # the procedure page and its open step's detail: in view
    matrix(lambda client, who: client.get(flow.reverse("process_detail", args=[process.pk])), lambda p: 200)
    matrix(lambda client, who: client.get(flow.reverse("process_chart", args=[process.pk])), lambda p: 200)
    matrix(lambda client, who: client.get(node.reverse("detail", args=[process.pk, task.pk])), lambda p: 200)
    first = process.task_set.order_by("pk").first()  # the start: from its page, or by the scheduled job
    if first is not None:
        matrix(
            lambda client, who: client.get(first.flow_task.reverse("detail", args=[process.pk, first.pk])),
            lambda p: 200,
        )

    # withdrawing the procedure, handing its step to someone else: the board (and for most, the proposer)
    matrix(
        lambda client, who: client.get(flow.reverse("process_withdraw", args=[process.pk])),
        lambda p: 200 if p.role in WITHDRAW_ROLES[kind] else 403,
    )
    matrix(
        lambda client, who: client.get(flow.reverse("task_reassign", args=[process.pk, task.pk])),
        lambda p: 200 if p.role in ACTIONS["reassign"] else 403,
    )

    # claiming the open step: the holders of its role in scope (read from the flow's node)
    matrix(
        lambda client, who: client.post(node.reverse("assign", args=[process.pk, task.pk])),
        lambda p: 302 if p.role == step_role else 403,
        written=lambda who: type(task).objects.filter(pk=task.pk, owner__isnull=False).exists(),
    )

    # a comment on the procedure: its participants in scope (the inspection reads only)
    matrix(
        lambda client, who: client.post(
            flow.reverse("process_comment", args=[process.pk]), {"text": f"Ý kiến {who}"}
        ),
        lambda p: 302 if p.role in CONTRIBUTE else 403,
        written=lambda who: StepComment.objects.filter(process_id=process.pk, text=f"Ý kiến {who}").exists(),
    )

    # the step's form, once claimed by a holder of its role: its owner only
    owner_name = next(who for who, p in PERSONAS.items() if p.role == step_role and sees(p))
    assert (
        client_for(personas[owner_name]).post(node.reverse("assign", args=[process.pk, task.pk])).status_code
        == 302
    )
    matrix(
        lambda client, who: client.get(node.reverse("execute", args=[process.pk, task.pk])),
        lambda p: 200 if p is PERSONAS[owner_name] else 403,
    )

    # the start page: the roles that open this procedure, in any unit
    start_nodes = [n for n in flow.nodes() if n.task_type == "HUMAN_START"]
    assert start_nodes
    for start in start_nodes:
        expect = {
            who: LOGIN if p.role == "anonymous" else (200 if p.role in START_ROLES[kind] else 403)
            for who, p in PERSONAS.items()
        }
        check_matrix(
            client_for,
            personas,
            expect,
            lambda client, who, start=start: client.get(start.reverse("execute")),
        )
