"""Two people open a case against the same decision at the same moment: exactly one case is opened (the decision
row is locked while the open case is looked for). Run with DATABASE_URL=postgres://…"""

import threading
from types import SimpleNamespace

import pytest
from django.db import connection, transaction

from apps.audit.models import AuditEntry
from apps.core.rules import RuleViolation
from workflows.revocation import services
from workflows.revocation.flows import RevocationFlow
from workflows.revocation.models import RevocationProcess

from .conftest import CASE_GROUNDS

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_two_openings_on_the_same_decision_exactly_one_wins(inspector, reviewer, decision):
    if connection.vendor != "postgresql":
        pytest.fail("this test needs PostgreSQL: run it with DATABASE_URL=postgres://…")
    barrier = threading.Barrier(2)
    outcomes = []

    def open_one(user):
        from django.db import connection as thread_connection

        try:
            activation = RevocationFlow.start.activation_class.create(RevocationFlow.start, None, None)
            activation.start(SimpleNamespace(user=user))
            barrier.wait()
            with transaction.atomic():
                services.open_case(activation=activation, decision=decision, grounds=CASE_GROUNDS, actor=user)
            outcomes.append("ok")
        except RuleViolation as exc:
            outcomes.append(exc.rule_code)
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=open_one, args=(user,)) for user in (inspector, reviewer)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert sorted(outcomes) == ["case_already_open", "ok"], outcomes
    assert RevocationProcess.objects.filter(decision=decision).count() == 1
    assert AuditEntry.objects.filter(action="revocation.opened").count() == 1
