"""Two people open a case against the same decision at the same moment: exactly one case is opened (the decision
row is locked while the open case is looked for). Run with DATABASE_URL=postgres://…"""

import pytest
from django.db import connection

from apps.audit.models import AuditEntry
from tests.concurrency import run_at_once
from workflows.common import runner
from workflows.revocation.flows import RevocationFlow
from workflows.revocation.models import RevocationProcess

from .conftest import CASE_GROUNDS

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_two_openings_on_the_same_decision_exactly_one_wins(inspector, reviewer, decision):
    if connection.vendor != "postgresql":
        pytest.fail("this test needs PostgreSQL: run it with DATABASE_URL=postgres://…")

    def open_one(user):
        return lambda: runner.start(RevocationFlow, actor=user, decision=decision, grounds=CASE_GROUNDS)

    results = run_at_once(open_one(inspector), open_one(reviewer))
    outcomes = ["ok" if exc is None else getattr(exc, "rule_code", repr(exc)) for _, exc in results]
    assert sorted(outcomes) == ["case_already_open", "ok"], outcomes
    assert RevocationProcess.objects.filter(decision=decision).count() == 1
    assert AuditEntry.objects.filter(action="revocation.opened").count() == 1
