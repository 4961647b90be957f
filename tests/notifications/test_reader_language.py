"""Notifications are stored as events and read in the reader's language: the same row reads in Vietnamese and in
English; the text stored for e-mail and older rows is the site's language even when the actor used English."""

import pytest
from django.utils import translation

from apps.notifications.models import Kind, Notification
from apps.notifications.services import notify
from apps.notifications.texts import Text, render
from tests.appointment.helpers import latest_process, propose
from tests.factories import PositionFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_text_renders_its_msgid_and_its_lazy_parameters_in_the_active_language():
    from workflows.appointment.flows import AppointmentFlow

    text = Text("New step for you: {task}", task=AppointmentFlow.policy_review.task_title)
    data = text.as_data()

    with translation.override("en"):
        english, step_en = render(data), str(AppointmentFlow.policy_review.task_title)
    with translation.override("vi"):
        vietnamese, step_vi = render(data), str(AppointmentFlow.policy_review.task_title)
    assert english == f"New step for you: {step_en}"
    assert step_vi != step_en and vietnamese.endswith(step_vi) and not vietnamese.startswith("New step")


def test_the_same_notification_reads_in_each_readers_language():
    user = UserFactory()
    with translation.override("en"):  # the actor reads English: the stored text is still the site's language
        [sent] = notify(
            [user],
            Kind.SYSTEM,
            title=Text("Procedure ended: {process}", process=Text("Procedure")),
            body="Plain words stay as written",
        )
    row = Notification.objects.get(pk=sent.pk)
    with translation.override("vi"):
        assert row.title == row.shown_title != "Procedure ended: Procedure"
    with translation.override("en"):
        assert row.shown_title == "Procedure ended: Procedure"
    assert row.shown_body == "Plain words stay as written"


def test_a_step_notification_on_the_english_list_shows_no_vietnamese(unit_a, leader_a, reviewer, client_for):
    from django.urls import reverse

    from workflows.appointment.flows import AppointmentFlow

    assert propose(client_for(leader_a), PositionFactory(unit=unit_a)).status_code == 302
    process = latest_process()
    assert Notification.objects.filter(recipient=reviewer, process=process).exists()
    client = client_for(reviewer)
    inbox = reverse("notifications:inbox:index")
    step = AppointmentFlow.policy_review.task_title
    with translation.override("vi"):
        step_vi = str(step)
    with translation.override("en"):
        step_en = str(step)

    vietnamese = client.get(inbox).content.decode()
    client.cookies["django_language"] = "en"
    english = client.get(inbox).content.decode()

    assert f"New step in your queue: {step_en}" in english and step_vi not in english
    assert step_vi in vietnamese and "New step in your queue" not in vietnamese
