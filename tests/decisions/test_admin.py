"""The admin shows decisions but cannot add, change, delete or revert them (only the services change them)."""

from django.urls import reverse

from apps.decisions.models import Decision


def test_the_admin_reads_decisions_and_changes_nothing(client_for, admin_user, appointed):
    client = client_for(admin_user)
    change_url = reverse("admin:decisions_decision_change", args=[appointed.pk])
    assert client.get(reverse("admin:decisions_decision_changelist")).status_code == 200
    page = client.get(change_url)
    assert page.status_code == 200 and "1/QĐ-UBND" in page.content.decode()
    assert client.get(reverse("admin:decisions_decision_add")).status_code == 403
    assert client.post(change_url, {"cadre_name": "Người Khác"}).status_code == 403
    delete_url = reverse("admin:decisions_decision_delete", args=[appointed.pk])
    assert client.post(delete_url, {"post": "yes"}).status_code == 403
    history_id = appointed.history.earliest().history_id
    revert_url = reverse("admin:decisions_decision_simple_history", args=[appointed.pk, history_id])
    assert client.post(revert_url, {"cadre_name": "Người Khác"}).status_code == 403
    stored = Decision.objects.get(pk=appointed.pk)
    assert (stored.cadre_name, stored.status) == ("Nguyễn Thị Hồng Nhung", Decision.Status.SIGNED)


def test_the_counter_and_participants_are_read_only_too(client_for, admin_user, appointed):
    client = client_for(admin_user)
    assert client.get(reverse("admin:decisions_decisioncounter_add")).status_code == 403
    assert client.get(reverse("admin:decisions_decisioncounter_changelist")).status_code == 200
