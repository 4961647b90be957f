"""Issue 9 point 10: the size of a collective is data — rule tests (no database) for ``registry_figures`` and
service tests for the membership over time."""

from datetime import date, timedelta

import pytest

from apps.conferences import collectives, rules
from apps.conferences.models import CollectiveKind
from apps.core.rules import RuleViolation
from tests.factories import CadreFactory


def test_empty_figures_are_the_registrys():
    assert rules.registry_figures(9, None, None, "", counts_members=True) == (9, 9, [])
    assert rules.registry_figures(9, None, None, "", counts_members=False) == (9, None, [])


def test_the_same_figure_typed_needs_no_reason():
    assert rules.registry_figures(9, 9, 9, "", counts_members=True) == (9, 9, [])


@pytest.mark.parametrize("convened, members", [(8, None), (None, 8), (9, 8), (10, 10)])
def test_a_different_figure_without_a_reason_is_refused(convened, members):
    with pytest.raises(RuleViolation) as exc:
        rules.registry_figures(9, convened, members, "  ", counts_members=True)
    assert exc.value.rule_code == "collective_size_differs"


def test_a_different_figure_with_a_reason_is_used_and_reported():
    convened, members, differ = rules.registry_figures(9, None, 8, "một người nghỉ hưu", counts_members=True)
    assert (convened, members, differ) == (9, 8, [("collective_members", 8)])


def test_no_member_in_the_registry_is_refused_whatever_is_typed():
    with pytest.raises(RuleViolation) as exc:
        rules.registry_figures(0, 7, 7, "có lý do", counts_members=True)
    assert exc.value.rule_code == "collective_not_recorded"


@pytest.mark.django_db
def test_membership_over_time_gives_the_size_on_each_date(unit_a, reviewer):
    collective = collectives.create_collective(unit=unit_a, kind=CollectiveKind.LEADERSHIP, actor=reviewer)
    start = date(2026, 1, 1)
    members = [CadreFactory(current_unit=unit_a) for _ in range(3)]
    rows = [
        collectives.add_member(collective=collective, cadre=c, started_on=start, actor=reviewer)
        for c in members
    ]
    collectives.end_membership(membership=rows[0], ended_on=date(2026, 6, 30), actor=reviewer)
    assert len(collectives.members_on(collective, date(2025, 12, 31))) == 0
    assert len(collectives.members_on(collective, date(2026, 6, 30))) == 3
    assert len(collectives.members_on(collective, date(2026, 7, 1))) == 2
    # the row stays, with its history; a second overlapping membership is refused
    assert rows[0].history.count() == 2
    with pytest.raises(RuleViolation) as exc:
        collectives.add_member(
            collective=collective, cadre=members[1], started_on=start + timedelta(9), actor=reviewer
        )
    assert exc.value.rule_code == "already_member"
    collectives.add_member(
        collective=collective, cadre=members[0], started_on=date(2026, 8, 1), actor=reviewer
    )
    from apps.audit.models import AuditEntry

    assert AuditEntry.objects.filter(action="collective.member_added").count() == 4


@pytest.mark.django_db
def test_only_the_board_in_scope_keeps_collectives(unit_a, leader_a):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        collectives.create_collective(unit=unit_a, kind=CollectiveKind.LEADERSHIP, actor=leader_a)


def test_an_operator_can_make_any_step_count_a_collective_of_the_registry():
    from apps.conferences.steps import nomination_steps
    from apps.rulesets.parameters import Params

    # the nomination's committee rounds count the registry by default (issue 9 point 10); an operator may
    # change the collective a step counts, or type the figure at the conference again ("")
    assert nomination_steps(Params.defaults())[0].collective == "standing_committee"
    params = Params.defaults(step_overrides={"nomination_2_key_officials": {"collective": "party_committee"}})
    assert nomination_steps(params)[1].collective == "party_committee"
    params = Params.defaults(step_overrides={"nomination_1_standing": {"collective": ""}})
    assert nomination_steps(params)[0].collective == ""
    with pytest.raises(RuleViolation) as exc:
        nomination_steps(Params.defaults(step_overrides={"nomination_1_standing": {"collective": "club"}}))
    assert exc.value.rule_code == "bad_step_override"


@pytest.mark.django_db
def test_the_admin_keeps_memberships_through_the_services(client, admin_user, unit_a):
    from django.urls import reverse

    from apps.audit.models import AuditEntry
    from apps.conferences.models import Collective, CollectiveMembership

    client.force_login(admin_user)
    response = client.post(
        reverse("admin:conferences_collective_add"), {"unit": unit_a.pk, "kind": "leadership", "name": "TTLĐ"}
    )
    assert response.status_code == 302
    collective = Collective.objects.get(unit=unit_a)
    cadre = CadreFactory(current_unit=unit_a)
    add = reverse("admin:conferences_collectivemembership_add")
    data = {"collective": collective.pk, "cadre": cadre.pk, "started_on": "01/01/2026"}
    assert client.post(add, data).status_code == 302
    membership = CollectiveMembership.objects.get()
    # an overlapping membership is refused on the form, nothing written
    response = client.post(add, {**data, "started_on": "01/03/2026"})
    assert response.status_code == 200 and CollectiveMembership.objects.count() == 1
    change = reverse("admin:conferences_collectivemembership_change", args=[membership.pk])
    assert client.post(change, {"ended_on": "30/06/2026"}).status_code == 302
    membership.refresh_from_db()
    assert membership.ended_on == date(2026, 6, 30)
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"collective.created", "collective.member_added", "collective.member_left"} <= actions
    # nothing is deleted
    delete = reverse("admin:conferences_collectivemembership_delete", args=[membership.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
