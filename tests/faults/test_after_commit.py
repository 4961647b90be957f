"""Nothing after a step's commit turns it into a 500 or silently drops a notification; a database error in the
middle of a step gives a clear page and saves nothing (issue 8 §2, "Bad input"). On PostgreSQL, with real commits
(transactional tests): the in-app notices are written in the step's transaction, e-mail and Celery work after it.

The step: the inspection commission completes the investigation of a revocation case; the leadership's queue
gets the decision step, and its members a notice with an e-mail copy.
"""

# ruff: noqa: F811 (fixtures imported from other test packages are redefined as arguments)

import logging

import pytest
from django.db import OperationalError
from viewflow.workflow.status import STATUS

from apps.audit.models import AuditEntry
from apps.notifications import flow_hooks
from apps.notifications.models import EmailStatus, Kind, Notification
from tests.revocation.conftest import (  # noqa: F401
    appointee,
    claim_and_execute,
    decision,
    investigation,
    latest_case,
    leadership,
    open_case,
    open_task,
    position,
    proposer,
)
from workflows.revocation.flows import RevocationFlow

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def case(client_for, inspector, decision):
    commission = client_for(inspector)
    open_case(commission, decision)
    case = latest_case()
    task = open_task(case, RevocationFlow.investigate)
    assert (
        commission.post(RevocationFlow.investigate.reverse("assign", args=[case.pk, task.pk])).status_code
        == 302
    )
    return case


def decision_notices(leadership):
    return Notification.objects.filter(recipient=leadership, kind=Kind.TASK_AVAILABLE)


def test_a_mail_server_that_refuses_after_the_commit_loses_nothing(
    settings,
    client_for,
    inspector,
    leadership,
    case,
    caplog,
):
    settings.EMAIL_BACKEND = "tests.faults.backends.RefusingEmailBackend"

    with caplog.at_level(logging.ERROR):
        claim_and_execute(client_for(inspector), case, RevocationFlow.investigate, investigation(case))

    assert open_task(case, RevocationFlow.decide)  # the step is saved
    notice = decision_notices(leadership).get()  # the in-app notice is there
    assert (notice.email_status, notice.email_attempts) == (
        EmailStatus.PENDING,
        1,
    )  # the sweep sends it later
    assert "ConnectionRefusedError" in notice.email_error
    assert any("Could not e-mail notifications" in r.getMessage() for r in caplog.records)


def test_a_broker_down_after_the_commit_loses_nothing(
    broker,
    client_for,
    inspector,
    leadership,
    case,
    caplog,
):
    broker.stop()

    with caplog.at_level(logging.ERROR):
        claim_and_execute(client_for(inspector), case, RevocationFlow.investigate, investigation(case))

    assert open_task(case, RevocationFlow.decide)
    notice = decision_notices(leadership).get()
    assert notice.email_status == EmailStatus.PENDING
    assert any("Could not queue e-mails" in r.getMessage() for r in caplog.records)

    broker.start()  # the broker is back: the sweep's e-mail job sends what waited
    from apps.notifications.tasks import send_pending_emails

    send_pending_emails.apply()
    notice.refresh_from_db()
    assert notice.email_status == EmailStatus.SENT


def test_a_database_error_in_the_middle_of_a_step_gives_a_clear_page_and_saves_nothing(
    monkeypatch,
    client_for,
    inspector,
    leadership,
    case,
):
    commission = client_for(inspector)
    task = open_task(case, RevocationFlow.investigate)
    url = RevocationFlow.investigate.reverse("execute", args=[case.pk, task.pk])
    entries = AuditEntry.objects.count()

    def connection_lost(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    with monkeypatch.context() as patch:
        patch.setattr(flow_hooks, "notify", connection_lost)
        response = commission.post(url, investigation(case))

    assert response.status_code == 503
    assert [t.name for t in response.templates][0] == "workflows/step_not_saved.html"
    task.refresh_from_db()
    assert task.status == STATUS.ASSIGNED  # nothing of the step was saved
    assert not case.task_set.filter(flow_task=RevocationFlow.decide).exists()
    assert AuditEntry.objects.count() == entries
    assert not decision_notices(leadership).exists()

    assert commission.post(url, investigation(case)).status_code == 302  # tried again: done, once
    assert case.task_set.filter(flow_task=RevocationFlow.decide).count() == 1
    assert decision_notices(leadership).count() == 1


def test_on_postgresql_only_the_de_duplication_constraint_is_swallowed(leadership):
    from django.db import IntegrityError

    from apps.notifications import services

    first = services.notify([leadership], Kind.SYSTEM, title="Once", dedupe_key="fault:once")
    again = Notification(recipient=leadership, kind=Kind.SYSTEM, title="Twice", dedupe_key="fault:once")
    assert services._insert([again]) == []
    untitled = Notification(recipient=leadership, kind=Kind.SYSTEM, title=None, dedupe_key="fault:other")
    with pytest.raises(IntegrityError):
        services._insert([untitled])
    assert list(Notification.objects.filter(recipient=leadership)) == first
