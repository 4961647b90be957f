"""Proposals in one unit at the same moment (issue 13: "two proposals in one unit deadlock in 3 of 3 tries").

A proposal locks its position, writes its process and tasks (foreign keys to the unit and the position, checked at
COMMIT) and appends to the audit chain (a transaction-scoped advisory lock held to COMMIT). Any other audited write
that references the unit (a cadre added to it) takes the advisory lock first and the unit's key-share lock at
COMMIT; a proposal that locked the unit's row FOR UPDATE and then waited for the advisory lock deadlocked with it.

Run with ``DATABASE_URL=postgres://postgres@127.0.0.1:5432/cf_<name> pytest -m postgres tests/appointment``.
"""

from datetime import date

import pytest
from django.db import connection
from django.test import Client

from apps.audit.models import AuditEntry
from apps.audit.verify import verify_chain
from apps.cadres.services import create_cadre
from tests.concurrency import run_at_once
from tests.factories import PositionFactory
from workflows.appointment.models import AppointmentProcess

from .helpers import propose

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

TRIES = 8


def _proposer(user, position):
    def call():
        client = Client(raise_request_exception=True)
        client.force_login(user)
        return propose(client, position).status_code

    return call


def _registrar(actor, unit, code):
    def call():
        return create_cadre(
            actor=actor,
            code=code,
            full_name="Nguyễn Văn Đồng",
            birth_date=date(1980, 1, 1),
            gender="male",
            home_province="Bắc Ninh",
            current_unit=unit,
        ).pk

    return call


def _deadlocks(outcomes):
    return sum(1 for _, error in outcomes if error is not None and "deadlock" in str(error))


def _require_postgres():
    if connection.vendor != "postgresql":
        pytest.fail("this test needs PostgreSQL: run it with DATABASE_URL=postgres://…")


@pytest.mark.parametrize("at_once", [2, 4])
def test_concurrent_proposals_in_one_unit_all_succeed(leader_a, unit_a, at_once):
    _require_postgres()
    for attempt in range(TRIES):
        positions = [
            PositionFactory(unit=unit_a, title=f"Phó Giám đốc {attempt}-{i}") for i in range(at_once)
        ]

        outcomes = run_at_once(*[_proposer(leader_a, p) for p in positions])

        assert outcomes == [(302, None)] * at_once, (attempt, outcomes)
        created = AppointmentProcess.objects.filter(position__in=positions)
        assert created.count() == at_once
        proposed = AuditEntry.objects.filter(
            action="appointment.proposed",
            object_id__in=[str(pk) for pk in created.values_list("pk", flat=True)],
        )
        assert proposed.count() == at_once
    assert verify_chain().ok


@pytest.mark.parametrize("at_once", [3, 6])
def test_proposals_beside_other_audited_writes_of_the_unit_never_deadlock(
    leader_a, admin_user, unit_a, at_once
):
    """Each try runs `at_once` proposals and `at_once` cadre registrations in the same unit together; every one
    of them succeeds in every try (before the fix: a deadlock in most tries)."""
    _require_postgres()
    results = []
    for attempt in range(TRIES):
        positions = [
            PositionFactory(unit=unit_a, title=f"Phó Giám đốc {attempt}-{i}") for i in range(at_once)
        ]
        calls = []
        for i, position in enumerate(positions):
            calls += [_proposer(leader_a, position), _registrar(admin_user, unit_a, f"C{attempt}-{i}")]

        outcomes = run_at_once(*calls)

        created = AppointmentProcess.objects.filter(position__in=positions).count()
        results.append((_deadlocks(outcomes), created, [error for _, error in outcomes if error is not None]))
    assert [deadlocks for deadlocks, _, _ in results] == [0] * TRIES, results
    assert [(created, errors) for _, created, errors in results] == [(at_once, [])] * TRIES, results
    assert verify_chain().ok
