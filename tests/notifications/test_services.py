"""``apps.notifications.services``: in-app rows, e-mail copies on commit, de-duplication, permissions, reading."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from guardian.shortcuts import assign_perm

from apps.accounts.models import Role
from apps.accounts.services import grant_role
from apps.notifications import services
from apps.notifications.models import EmailStatus, Kind, Notification
from apps.notifications.services import (
    EmailDeliveryError,
    deliver_pending_emails,
    mark_all_read,
    mark_read,
    notify,
    notify_users_with_permission,
    set_email_notifications,
    users_with_permission,
)
from apps.notifications.tasks import send_notification_emails, send_pending_emails
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def message(**overrides):
    return {"title": "Bước mới", "body": "Hồ sơ chờ xử lý", "link": "/x/", **overrides}


def test_it_writes_one_row_per_recipient_and_mails_only_those_who_want_it(
    django_capture_on_commit_callbacks, mailoutbox
):
    wants = UserFactory(username="wants")
    muted = UserFactory(username="muted", email_notifications=False)
    no_address = UserFactory(username="no_address", email="")

    with django_capture_on_commit_callbacks(execute=True):
        created = notify([wants, muted, no_address], Kind.SYSTEM, **message())

    assert sorted(n.recipient.username for n in created) == ["muted", "no_address", "wants"]
    assert Notification.objects.count() == 3
    assert [m.to for m in mailoutbox] == [["wants@cadreflow.test"]]
    assert mailoutbox[0].subject == "Bước mới"
    assert "http://127.0.0.1:8000/x/" in mailoutbox[0].body
    statuses = dict(Notification.objects.values_list("recipient__username", "email_status"))
    assert statuses == {
        "wants": EmailStatus.SENT,
        "muted": EmailStatus.NOT_WANTED,
        "no_address": EmailStatus.NOT_WANTED,
    }


def test_the_same_key_reaches_each_recipient_once(django_capture_on_commit_callbacks, mailoutbox):
    first, second = UserFactory(), UserFactory()

    with django_capture_on_commit_callbacks(execute=True):
        notify([first], Kind.DUE_SOON, dedupe_key="task:1:due", **message())
        again = notify([first, second], Kind.DUE_SOON, dedupe_key="task:1:due", **message())

    assert [n.recipient for n in again] == [second]
    assert Notification.objects.filter(dedupe_key="task:1:due").count() == 2
    assert len(mailoutbox) == 2


def test_inactive_and_repeated_recipients_are_dropped():
    active = UserFactory()
    gone = UserFactory(is_active=False)

    created = notify([active, active.pk, gone, None], Kind.SYSTEM, **message())

    assert [n.recipient for n in created] == [active]


def test_a_rolled_back_step_leaves_no_notification_and_sends_no_mail(
    django_capture_on_commit_callbacks, mailoutbox
):
    user = UserFactory()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            notify([user], Kind.SYSTEM, **message())
            raise RuntimeError("step refused")

    assert Notification.objects.count() == 0
    assert callbacks == []
    assert mailoutbox == []


def test_notifying_many_users_costs_the_same_queries_as_notifying_a_few():
    few = [UserFactory() for _ in range(2)]
    many = [UserFactory() for _ in range(6)]

    with CaptureQueriesContext(connection) as small:
        notify(few, Kind.SYSTEM, dedupe_key="k", **message())
    with CaptureQueriesContext(connection) as large:
        notify(many, Kind.SYSTEM, dedupe_key="k", **message())

    assert len(large) == len(small)
    assert Notification.objects.count() == 8


def test_users_with_permission_are_those_whose_scope_contains_the_unit(
    province, unit_a, unit_b, reviewer, leader_a, admin_user
):
    board_a = UserFactory(username="board_a")
    grant_role(user=board_a, role=Role.ORG_BOARD, unit=unit_a, actor=admin_user)
    board_b = UserFactory(username="board_b")
    grant_role(user=board_b, role=Role.ORG_BOARD, unit=unit_b, actor=admin_user)
    retired = UserFactory(username="retired", is_active=False)
    grant_role(user=retired, role=Role.ORG_BOARD, unit=unit_a, actor=admin_user)
    via_group = UserFactory(username="via_group")
    group = Group.objects.create(name="board-a")
    via_group.groups.add(group)
    assign_perm("organisation.act_org_board", group, unit_a)

    names = [u.username for u in users_with_permission("organisation.act_org_board", unit_a)]

    assert set(names) == {"reviewer", "board_a", "via_group"}
    assert [u.username for u in users_with_permission("organisation.act_org_board", province)] == ["reviewer"]


def test_notify_users_with_permission_can_leave_people_out(unit_a, reviewer, admin_user):
    board_a = UserFactory(username="board_a")
    grant_role(user=board_a, role=Role.ORG_BOARD, unit=unit_a, actor=admin_user)

    created = notify_users_with_permission(
        "organisation.act_org_board", unit_a, Kind.TASK_AVAILABLE, exclude=[reviewer.pk], **message()
    )

    assert [n.recipient for n in created] == [board_a]


def test_mark_read_only_for_the_recipient():
    owner, stranger = UserFactory(), UserFactory()
    (notification,) = notify([owner], Kind.SYSTEM, **message())

    with pytest.raises(PermissionError):
        mark_read(notification, stranger)
    notification.refresh_from_db()
    assert notification.read_at is None

    mark_read(notification, owner)
    notification.refresh_from_db()
    first_read = notification.read_at
    mark_read(notification, owner)
    notification.refresh_from_db()
    assert first_read is not None and notification.read_at == first_read


def test_mark_all_read_touches_only_my_unread_notifications():
    me, other = UserFactory(), UserFactory()
    notify([me, other], Kind.SYSTEM, **message())
    notify([me], Kind.SYSTEM, **message(title="Hai"))

    assert mark_all_read(me) == 2
    assert mark_all_read(me) == 0
    assert Notification.objects.for_user(me).unread().count() == 0
    assert Notification.objects.for_user(other).unread().count() == 1


def test_muting_drops_pending_mails_and_keeps_in_app_notifications(mailoutbox):
    user = UserFactory()
    notify([user], Kind.SYSTEM, **message())  # on_commit never runs here: the copy stays pending

    set_email_notifications(user, False, actor=user)
    user.refresh_from_db()

    assert user.email_notifications is False
    assert deliver_pending_emails() == 0
    assert mailoutbox == []
    assert Notification.objects.get().email_status == EmailStatus.NOT_WANTED
    assert user.history.first().history_user == user

    set_email_notifications(user, True, actor=user)
    user.refresh_from_db()
    assert user.email_notifications is True


def test_a_broker_outage_loses_no_mail_the_sweep_sends_it(
    django_capture_on_commit_callbacks, mailoutbox, monkeypatch
):
    user = UserFactory()

    def broker_down(*args, **kwargs):
        raise ConnectionError("redis unreachable")

    monkeypatch.setattr(send_notification_emails, "delay", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        notify([user], Kind.SYSTEM, **message())

    assert mailoutbox == []
    assert Notification.objects.get().email_status == EmailStatus.PENDING

    send_pending_emails.delay()
    send_pending_emails.delay()

    assert len(mailoutbox) == 1
    assert Notification.objects.get().email_status == EmailStatus.SENT


def test_a_mail_that_keeps_failing_is_marked_failed_and_the_sweep_reports_it(mailoutbox, monkeypatch):
    user = UserFactory()
    notify([user], Kind.SYSTEM, **message())

    def smtp_down(*args, **kwargs):
        raise OSError("SMTP refused")

    monkeypatch.setattr(services, "send_mail", smtp_down)
    for _attempt in range(services.MAX_EMAIL_ATTEMPTS):
        with pytest.raises(EmailDeliveryError, match="SMTP refused"):
            deliver_pending_emails()

    notification = Notification.objects.get()
    assert notification.email_status == EmailStatus.FAILED
    assert notification.email_attempts == services.MAX_EMAIL_ATTEMPTS
    assert "SMTP refused" in notification.email_error
    assert deliver_pending_emails() == 0  # given up: the sweep no longer fails on it
