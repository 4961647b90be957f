"""Issue 9 rule tests without the web layer: the external source (point 9), the dossier's documents (point 12)
and who sees the tallies of a step (point 16, ``permissions.can_see_tallies`` per persona)."""

from types import SimpleNamespace

import pytest

from apps.accounts import permissions
from apps.core.rules import RuleViolation
from workflows.appointment import rules as appointment_rules
from workflows.common import dossier


def test_an_external_candidate_list_with_a_cadre_of_the_unit_is_refused():
    appointment_rules.require_from_elsewhere([])
    with pytest.raises(RuleViolation) as exc:
        appointment_rules.require_from_elsewhere(["Lê Văn Sở"])
    assert exc.value.rule_code == "internal_candidate_on_external_source"


def test_verification_needs_both_documents_for_every_candidate():
    dossier.require_documents([("An", {"self_assessment", "evaluation"})])
    for present in (set(), {"self_assessment"}, {"evaluation"}):
        with pytest.raises(RuleViolation) as exc:
            dossier.require_documents([("An", {"self_assessment", "evaluation"}), ("Bình", present)])
        assert exc.value.rule_code == "documents_required" and "Bình" in exc.value.messages[0]


def test_a_document_stored_earlier_counts():
    candidate = SimpleNamespace(self_assessment="tu_danh_gia.pdf", evaluation="")
    assert dossier.attached(candidate, {"evaluation": object()}) == {"self_assessment", "evaluation"}
    assert dossier.attached(candidate, {}) == {"self_assessment"}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "persona, announced, sees",
    [
        ("leader_a", True, True),
        ("leader_a", False, False),
        ("reviewer", False, True),
        ("leadership", False, True),
        ("inspector", False, True),
        ("leader_b", True, False),  # out of scope
    ],
)
def test_who_sees_the_tallies_follows_the_publication_rule(
    persona, announced, sees, request, unit_a, admin_user
):
    from apps.accounts.models import Role
    from apps.accounts.services import grant_role
    from tests.factories import UserFactory

    if persona == "leadership":
        user = UserFactory(username="leadership")
        grant_role(user=user, role=Role.LEADERSHIP, unit=unit_a, include_descendants=True, actor=admin_user)
    else:
        user = request.getfixturevalue(persona)
    conference = SimpleNamespace(
        announce_result=announced, scope_unit_id=unit_a.pk, conflicted_cadre_ids=lambda: {12345}
    )
    assert permissions.can_see_tallies(user, conference) is sees


@pytest.mark.django_db
def test_a_candidate_never_sees_the_tallies(reviewer, unit_a):
    from tests.factories import CadreFactory

    cadre = CadreFactory(current_unit=unit_a)
    reviewer.cadre = cadre
    conference = SimpleNamespace(
        announce_result=True, scope_unit_id=unit_a.pk, conflicted_cadre_ids=lambda: {cadre.pk}
    )
    assert permissions.can_see_tallies(reviewer, conference) is False
