"""The caller's own notifications through the API: list, unread filter, mark read; someone else's is a 404."""

import pytest

from apps.notifications.models import Kind, Notification
from apps.notifications.services import notify

pytestmark = pytest.mark.django_db


def test_notifications_are_the_callers_own_and_are_marked_read(client_for, leader_a, leader_b):
    notify([leader_a], Kind.TASK_ASSIGNED, title="Bước mới")
    mine = Notification.objects.get(recipient=leader_a)
    client = client_for(leader_a)
    assert [row["id"] for row in client.get("/api/v1/notifications/?unread=true").json()["results"]] == [
        mine.pk
    ]
    assert client_for(leader_b).get("/api/v1/notifications/").json()["count"] == 0
    assert client_for(leader_b).post(f"/api/v1/notifications/{mine.pk}/read/").status_code == 404
    mine.refresh_from_db()
    assert mine.read_at is None
    response = client.post(f"/api/v1/notifications/{mine.pk}/read/")
    assert response.status_code == 200 and response.json()["read_at"]
    assert client.get("/api/v1/notifications/?unread=true").json()["count"] == 0
