"""The write path of one human step (issue 13): what one policy approval costs through the step runner.

The runner holds one transaction (Viewflow's lock opens it); nothing inside it adds a savepoint that could never be
rolled back to alone: not the runner's own block, not the notification hooks, not the audit append. Notifications
are events and carry no simple-history rows. The counts below are of this step in a test, where the runner's
transaction is itself a savepoint of the test's.
"""

import re

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from apps.audit.models import AuditEntry
from apps.audit.services import record
from apps.notifications.models import Kind, Notification
from apps.notifications.services import notify
from tests.factories import UserFactory
from workflows.appointment.flows import AppointmentFlow
from workflows.appointment.models import PolicyDecision
from workflows.common import runner

pytestmark = pytest.mark.django_db

PROPOSAL = {"seats": 1, "source": "internal", "job_needs": "Phụ trách tổ chức", "criteria": "Đủ tiêu chuẩn"}

#: the savepoints one policy approval may open, each needed: the runner's transaction (a savepoint of the test's),
#: the service's own ``@transaction.atomic``, Viewflow's gateway activation, and the keyed notification insert
#: (its fall-back on a concurrent duplicate must roll back to it)
STEP_SAVEPOINTS = 4
#: the queries of that step in a test (SQLite: 42 before issue 13's clean-up of the write path); PostgreSQL adds
#: the audit append's immediate constraint check and its advisory lock
STEP_MAX_QUERIES = {"sqlite": 33, "postgresql": 35}


def _savepoints(queries):
    return [q["sql"] for q in queries if re.match(r"\s*SAVEPOINT\b", q["sql"])]


def _touching(queries, table):
    return [q["sql"] for q in queries if f'"{table}"' in q["sql"]]


def test_one_policy_approval_opens_no_needless_savepoint(leader_a, reviewer, position):
    process = runner.start(AppointmentFlow, actor=leader_a, position=position, **PROPOSAL)
    task = runner.open_task(process, AppointmentFlow.policy_review)

    with CaptureQueriesContext(connection) as ctx:
        runner.run_step(task, actor=reviewer, decision=PolicyDecision.APPROVED, reason="")

    queries = ctx.captured_queries
    assert len(_savepoints(queries)) == STEP_SAVEPOINTS, _savepoints(queries)
    assert len(queries) <= STEP_MAX_QUERIES[connection.vendor], [q["sql"][:100] for q in queries]
    # the step did notify (the next step's queue) and audit, without history rows for the notification
    assert Notification.objects.filter(process_id=process.pk).exists()
    assert AuditEntry.objects.filter(process_id=process.pk, action="appointment.policy_approved").exists()
    assert not [sql for sql in queries if "historicalnotification" in sql["sql"]]
    assert _touching(queries, "notifications_notification")


def test_the_audit_append_joins_the_callers_transaction(reviewer):
    with transaction.atomic(), CaptureQueriesContext(connection) as ctx:
        record("test.joined", reviewer, actor=reviewer)
    assert _savepoints(ctx.captured_queries) == []
    assert AuditEntry.objects.filter(action="test.joined").count() == 1


def test_an_unkeyed_notification_is_one_insert_without_savepoint_or_history():
    users = [UserFactory(), UserFactory()]
    with transaction.atomic(), CaptureQueriesContext(connection) as ctx:
        created = notify(users, Kind.SYSTEM, title="Xin chào")
    assert len(created) == 2
    assert _savepoints(ctx.captured_queries) == []
    inserts = [q["sql"] for q in ctx.captured_queries if q["sql"].startswith("INSERT")]
    assert len(inserts) == 1 and '"notifications_notification"' in inserts[0], inserts


def test_a_failing_audit_append_still_rolls_the_step_back(leader_a, reviewer, position, monkeypatch):
    """Without their own savepoints, an error in the audit append or a hook still undoes the whole step."""
    from apps.audit.services import log

    process = runner.start(AppointmentFlow, actor=leader_a, position=position, **PROPOSAL)
    task = runner.open_task(process, AppointmentFlow.policy_review)
    notifications = Notification.objects.count()

    def broken(*args, **kwargs):
        raise RuntimeError("audit down")

    monkeypatch.setattr(log, "_append", broken)
    with pytest.raises(RuntimeError):
        runner.run_step(task, actor=reviewer, decision=PolicyDecision.APPROVED, reason="")
    process.refresh_from_db()
    assert process.policy_decision != PolicyDecision.APPROVED
    assert runner.open_task(process, AppointmentFlow.policy_review).pk == task.pk
    assert Notification.objects.count() == notifications


def test_the_history_of_every_procedure_leaves_out_the_rule_values(leader_a, reviewer, position):
    """The rule values are written once at the start and never change: every history row copied them (≈ 1.7 KB a
    save). The procedure still runs under them (read from its own row), and every procedure model leaves them out."""
    from django.apps import apps

    from workflows.common.models import ProcedureFields

    process = runner.start(AppointmentFlow, actor=leader_a, position=position, **PROPOSAL)
    task = runner.open_task(process, AppointmentFlow.policy_review)
    runner.run_step(task, actor=reviewer, decision=PolicyDecision.APPROVED, reason="")
    process.refresh_from_db()
    assert process.rule_snapshot and process.params.as_snapshot() == process.rule_snapshot
    assert process.history.count() >= 2
    procedures = [m for m in apps.get_models() if issubclass(m, ProcedureFields) and hasattr(m, "history")]
    assert len(procedures) >= 6
    for model in procedures:
        copied = {f.name for f in model.history.model._meta.get_fields()}
        assert "rule_snapshot" not in copied and "seats" in copied, model
