"""Pages: the bell, my notifications, my e-mail setting, and the organisation board's stuck jobs."""

import pytest
from django.db import connection
from django.template import Context, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.audit.models import AuditEntry
from apps.core.models import JobRun, JobStatus
from apps.notifications.models import Kind, Notification
from apps.notifications.services import notify
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

INBOX = reverse("notifications:inbox:index")
READ_ALL = reverse("notifications:inbox:read-all")
SETTINGS = reverse("notifications:settings:index")
JOBS = reverse("notifications:jobs:index")


def read_url(notification):
    return reverse("notifications:inbox:read", args=[notification.pk])


def send(user, title="Bước mới", link="/registry/"):
    (notification,) = notify([user], Kind.SYSTEM, title=title, body="Nội dung", link=link)
    return notification


@pytest.fixture
def failed_run():
    return JobRun.objects.create(
        name="notifications.send_due_reminders",
        key="reminders:2026-11-26T07",
        status=JobStatus.FAILED,
        attempts=4,
        last_error="OperationalError: server closed the connection",
    )


# --- The bell -----------------------------------------------------------------------------------------------


def test_the_unread_count_costs_one_query_however_often_it_is_shown(leader_a):
    send(leader_a)
    send(leader_a, title="Hai")
    request = RequestFactory().get("/")
    request.user = leader_a
    template = Template(
        "{% load notifications %}{% unread_notification_count as a %}{% unread_notification_count as b %}"
        "{{ a }}/{{ b }}"
    )

    with CaptureQueriesContext(connection) as queries:
        rendered = template.render(Context({"request": request}))

    assert rendered == "2/2"
    assert len(queries) == 1


def test_the_menu_shows_the_bell_with_my_unread_count(client_for, leader_a, leader_b):
    send(leader_a)
    send(leader_a)
    send(leader_b)

    response = client_for(leader_a).get(INBOX)

    assert response.status_code == 200
    assert 'data-unread="2"' in response.content.decode()


# --- My notifications ------------------------------------------------------------------------------------


def test_the_list_shows_only_my_notifications(client_for, leader_a, leader_b):
    send(leader_a, title="Cho lãnh đạo A")
    send(leader_b, title="Cho lãnh đạo B")

    response = client_for(leader_a).get(INBOX)

    assert response.status_code == 200
    content = response.content.decode()
    assert "Cho lãnh đạo A" in content and "Cho lãnh đạo B" not in content


def test_the_unread_filter_hides_what_i_read(client_for, leader_a):
    Notification.objects.filter(pk=send(leader_a, title="Đã đọc").pk).update(read_at="2026-11-26T07:00:00Z")
    send(leader_a, title="Chưa đọc")

    content = client_for(leader_a).get(INBOX + "?unread=1").content.decode()

    assert "Chưa đọc" in content and "Đã đọc" not in content


def test_the_list_costs_the_same_queries_for_n_and_3n_notifications(client_for, leader_a):
    client = client_for(leader_a)
    for _ in range(3):
        send(leader_a)
    client.get(INBOX)  # warm caches (content types, site)
    with CaptureQueriesContext(connection) as few:
        client.get(INBOX)
    for _ in range(6):
        send(leader_a)
    with CaptureQueriesContext(connection) as many:
        client.get(INBOX)

    assert len(many) == len(few)


def test_opening_a_notification_marks_it_read_and_follows_its_link(client_for, leader_a):
    notification = send(leader_a, link="/registry/")

    response = client_for(leader_a).post(read_url(notification), {"next": "/registry/"})

    assert response.status_code == 302 and response["Location"] == "/registry/"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_an_outside_next_address_is_ignored(client_for, leader_a):
    notification = send(leader_a)

    response = client_for(leader_a).post(read_url(notification), {"next": "https://evil.example/"})

    assert response["Location"] == INBOX


def test_someone_elses_notification_is_not_found_and_stays_unread(client_for, leader_a, leader_b):
    notification = send(leader_b)

    response = client_for(leader_a).post(read_url(notification))

    assert response.status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_marking_read_needs_a_post(client_for, leader_a):
    notification = send(leader_a)

    assert client_for(leader_a).get(read_url(notification)).status_code == 405
    notification.refresh_from_db()
    assert notification.read_at is None


def test_mark_all_read_reads_only_mine(client_for, leader_a, leader_b):
    send(leader_a)
    send(leader_a)
    send(leader_b)

    response = client_for(leader_a).post(READ_ALL)

    assert response.status_code == 302
    assert Notification.objects.for_user(leader_a).unread().count() == 0
    assert Notification.objects.for_user(leader_b).unread().count() == 1


@pytest.mark.parametrize("url", [INBOX, SETTINGS, JOBS])
def test_anonymous_visitors_go_to_the_login_page(client_for, url):
    response = client_for(None).get(url)

    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


# --- E-mail setting --------------------------------------------------------------------------------------


def test_i_can_mute_and_unmute_my_e_mails(client_for, leader_a):
    client = client_for(leader_a)
    assert client.get(SETTINGS).status_code == 200

    assert client.post(SETTINGS, {}).status_code == 302
    leader_a.refresh_from_db()
    assert leader_a.email_notifications is False

    assert client.post(SETTINGS, {"email_notifications": "on"}).status_code == 302
    leader_a.refresh_from_db()
    assert leader_a.email_notifications is True


def test_muting_changes_only_my_own_setting(client_for, leader_a, leader_b):
    client_for(leader_a).post(SETTINGS, {})

    leader_b.refresh_from_db()
    assert leader_b.email_notifications is True


# --- Stuck jobs ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "status"),
    [("leader_a", 403), ("inspector", 403), ("reviewer", 200), ("admin_user", 200)],
)
def test_only_the_organisation_board_and_superusers_see_stuck_jobs(
    request, client_for, failed_run, persona, status
):
    user = request.getfixturevalue(persona)

    response = client_for(user).get(JOBS)

    assert response.status_code == status
    if status == 200:
        content = response.content.decode()
        assert "reminders:2026-11-26T07" in content
        assert "server closed the connection" in content


def test_the_stuck_jobs_menu_item_is_shown_to_the_board_only(client_for, reviewer, leader_a):
    assert JOBS in client_for(reviewer).get(INBOX).content.decode()
    assert JOBS not in client_for(leader_a).get(INBOX).content.decode()


def test_someone_outside_the_board_cannot_retry_and_nothing_changes(client_for, leader_a, failed_run):
    response = client_for(leader_a).post(reverse("notifications:jobs:retry", args=[failed_run.pk]))

    assert response.status_code == 403
    failed_run.refresh_from_db()
    assert failed_run.status == JobStatus.FAILED
    assert not AuditEntry.objects.filter(action="job.retried").exists()


def test_the_board_retries_a_stuck_job(client_for, reviewer, failed_run, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(reviewer).post(reverse("notifications:jobs:retry", args=[failed_run.pk]))

    assert response.status_code == 302 and response["Location"] == JOBS
    failed_run.refresh_from_db()
    # the job ran again in-process (no broker): there was nothing to remind, so it succeeded
    assert (failed_run.status, failed_run.attempts, failed_run.last_error) == (JobStatus.SUCCEEDED, 5, "")
    entry = AuditEntry.objects.get(action="job.retried")
    assert entry.actor == reviewer and entry.data["key"] == "reminders:2026-11-26T07"
    assert "reminders:2026-11-26T07" not in client_for(reviewer).get(JOBS).content.decode()


def test_retrying_a_job_that_is_not_stuck_changes_nothing(client_for, reviewer, failed_run):
    failed_run.status = JobStatus.SUCCEEDED
    failed_run.save()

    response = client_for(reviewer).post(
        reverse("notifications:jobs:retry", args=[failed_run.pk]), follow=True
    )

    assert response.status_code == 200
    failed_run.refresh_from_db()
    assert (failed_run.status, failed_run.attempts) == (JobStatus.SUCCEEDED, 4)
    assert not AuditEntry.objects.filter(action="job.retried").exists()


def test_someone_without_e_mail_is_told_so_on_the_settings_page(client_for):
    user = UserFactory(email="")

    response = client_for(user).get(SETTINGS)

    assert response.status_code == 200 and response.context["has_email"] is False
