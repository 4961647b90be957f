"""A database error in the middle of starting a procedure: the whole start is rolled back and the user gets the
clear "not saved" page (503), never a server error; trying again starts it once."""

import pytest
from django.db import OperationalError

from apps.audit.models import AuditEntry
from apps.notifications import flow_hooks
from tests.appointment.helpers import propose
from tests.factories import PositionFactory
from workflows.appointment.models import AppointmentProcess

pytestmark = pytest.mark.django_db


def test_a_database_error_while_proposing_gives_the_clear_page_and_saves_nothing(
    monkeypatch, client_for, leader_a, reviewer, unit_a
):
    position = PositionFactory(unit=unit_a, seats=1)
    leader = client_for(leader_a)
    entries = AuditEntry.objects.count()

    def connection_lost(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    with monkeypatch.context() as patch:
        patch.setattr(
            flow_hooks, "notify", connection_lost
        )  # after the process and its first step were written
        response = propose(leader, position)

    assert response.status_code == 503
    assert [t.name for t in response.templates][0] == "workflows/step_not_saved.html"
    assert not AppointmentProcess.objects.exists()
    assert AuditEntry.objects.count() == entries

    assert propose(leader, position).status_code == 302  # tried again: started, once
    assert AppointmentProcess.objects.count() == 1
