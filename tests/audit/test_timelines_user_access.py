"""A person's timeline (what they did, their roles and decisions) is for the inspection commission only: every
inspector reads every user's timeline (docs/design.md §1), nobody else reads anyone's — not even their own — and an
anonymous visitor is sent to the login page. The same for its CSV, PDF and background export."""

import pytest

from apps.accounts.models import Role
from apps.accounts.services import grant_role
from apps.audit.models import TimelineExport
from apps.audit.services import record
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def personas(province, unit_a, unit_b, admin_user, inspector, reviewer, leader_a):
    def with_role(username, role, unit):
        user = UserFactory(username=username)
        grant_role(user=user, role=role, unit=unit, include_descendants=True, actor=admin_user)
        return user

    return {
        "inspector": inspector,
        "inspector of another unit": with_role("inspector_b", Role.INSPECTION, unit_b),
        "board reviewer": reviewer,
        "unit leader": leader_a,
        "leadership": with_role("leadership", Role.LEADERSHIP, province),
        "political protection": with_role("bvct", Role.POLITICAL_PROTECTION, province),
        "front": with_role("mttq", Role.FRONT, province),
        "citizen": UserFactory(username="citizen"),  # signed in, no role
    }


def paths(person):
    base = f"/inspection/timelines/user/{person.pk}/"
    return [base, f"{base}csv/", f"{base}pdf/"]


def test_the_user_timeline_permission_matrix(client_for, personas, reviewer):
    person = reviewer  # whose timeline is read: a board reviewer who did something
    record("test.did", actor=person, data={"n": 1})
    readers = {"inspector", "inspector of another unit"}
    for name, user in personas.items():
        client = client_for(user)
        for path in paths(person):
            expected = 200 if name in readers else 403
            assert client.get(path).status_code == expected, (name, path)
        response = client.post(f"/inspection/timelines/user/{person.pk}/export/", {"format": "csv"})
        assert response.status_code == (302 if name in readers else 403), name
    for path in paths(person):
        response = client_for(None).get(path)
        assert response.status_code == 302 and "/login" in response["Location"], path
    # only the two inspectors asked for an export
    assert set(TimelineExport.objects.values_list("requested_by__username", flat=True)) == {
        "inspector",
        "inspector_b",
    }


def test_nobody_but_an_inspector_reads_even_their_own_timeline(client_for, personas):
    for name, user in personas.items():
        if name.startswith("inspector"):
            continue
        assert client_for(user).get(f"/inspection/timelines/user/{user.pk}/").status_code == 403, name


def test_what_the_inspector_reads_is_the_persons_own_actions(client_for, inspector, reviewer, leader_a):
    from django.utils import translation

    record("test.by_reviewer", actor=reviewer, data={})
    record("test.by_leader", actor=leader_a, data={})
    with translation.override("en"):
        response = client_for(inspector).get(f"/inspection/timelines/user/{reviewer.pk}/", {"kind": "audit"})
    actions = {e.action for e in response.context["page_obj"].object_list}
    assert "test.by_reviewer" in actions and "test.by_leader" not in actions


def test_a_missing_user_is_404_for_an_inspector(client_for, inspector):
    assert client_for(inspector).get("/inspection/timelines/user/999999/").status_code == 404
