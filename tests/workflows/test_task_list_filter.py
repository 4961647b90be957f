"""The "All steps" list offers its step filter by the steps' titles, not Viewflow's node names, and filters by it."""

import pytest
from django.utils import translation

from tests.appointment.helpers import latest_process, propose
from tests.factories import PositionFactory
from workflows.appointment.flows import AppointmentFlow

pytestmark = pytest.mark.django_db


def test_the_step_filter_names_the_steps_by_their_titles_and_filters(unit_a, leader_a, reviewer, client_for):
    assert propose(client_for(leader_a), PositionFactory(unit=unit_a)).status_code == 302
    process = latest_process()
    page = client_for(reviewer).get(AppointmentFlow.instance.reverse("task_list"))

    assert page.status_code == 200
    choices = dict(page.context["view"].filterset.filters["flow_task"].field.choices)
    with translation.override("vi"):
        titles = {str(label) for label in choices.values()}
        assert str(AppointmentFlow.policy_review.task_title) in titles
    assert not any("/" in str(label) or "_" in str(label) for label in choices.values())

    ref = next(value for value, label in choices.items() if "policy_review" in value)
    filtered = client_for(reviewer).get(AppointmentFlow.instance.reverse("task_list"), {"flow_task": ref})
    assert [t.process_id for t in filtered.context["object_list"]] == [process.pk]
