"""Viewflow's step-detail page lists the procedure's fields with Viewflow's own template: the rule values used read
as a count (``ProcedureFields.get_rule_snapshot_display``), never as a raw Python dict; the verification checks are
rows of their own (``VerificationCheck``), not a field of the procedure."""

import pytest
from django.test import override_settings
from django.utils import translation

from tests.appointment.helpers import latest_process, propose
from tests.factories import PositionFactory
from workflows.appointment.flows import AppointmentFlow

pytestmark = pytest.mark.django_db


@override_settings(LANGUAGE_CODE="en")
def test_a_steps_detail_page_shows_the_procedure_without_raw_json(client_for, leader_a, reviewer, unit_a):
    position = PositionFactory(unit=unit_a, seats=1)
    assert propose(client_for(leader_a), position).status_code == 302
    process = latest_process()
    assert process.rule_snapshot  # the procedure did record the rule values it runs under
    task = process.task_set.get(flow_task=AppointmentFlow.start)
    with translation.override("en"):
        response = client_for(reviewer).get(task.flow_task.reverse("detail", args=[process.pk, task.pk]))
    assert response.status_code == 200
    names = [t.origin.name for t in response.templates if t.name == "viewflow/workflow/process_data.html"]
    assert names and all("site-packages/viewflow/" in name for name in names)
    content = response.content.decode()
    assert "Rule values used" in content
    assert f"{len(process.rule_snapshot)} values of rule set {process.rule_set.code}" in content
    assert "&#x27;quorum_fraction&#x27;" not in content and "'quorum_fraction'" not in content
    assert position.title in content or str(process.pk) in content
