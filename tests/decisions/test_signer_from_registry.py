"""The signer and their title come from the registry (issue 9 §8): the title of the post of the issuing authority
the signer holds on the signing date; a signer who holds none is refused and nothing is signed."""

from datetime import date

import pytest

from apps.audit.models import AuditEntry
from apps.core.rules import RuleViolation
from apps.decisions.models import Decision, DecisionCounter, DecisionParticipant
from apps.decisions.signers import signer_from_registry, signers_for
from tests.factories import CadreFactory, PositionFactory, TenureFactory

from .conftest import ISSUED

pytestmark = pytest.mark.django_db


@pytest.fixture
def chairman(province):
    cadre = CadreFactory(full_name="Vương Quốc Tuấn", current_unit=province)
    post = PositionFactory(unit=province, authority=province, title="Chủ tịch Ủy ban nhân dân tỉnh", rank=9)
    TenureFactory(cadre=cadre, position=post, start_date=date(2021, 6, 1), term_end=None)
    return cadre


def test_the_title_is_the_signers_post_on_the_signing_date(draft, sign, chairman, signer):
    decision = sign(draft(), signer_cadre=chairman, signer_title="Typed title, ignored", signer_name="Typed")

    assert (decision.signer_name, decision.signer_title) == (
        "Vương Quốc Tuấn",
        "Chủ tịch Ủy ban nhân dân tỉnh",
    )
    row = DecisionParticipant.objects.get(decision=decision, role_in_procedure="signer")
    assert (row.name_at_the_time, row.title_at_the_time) == (
        "Vương Quốc Tuấn",
        "Chủ tịch Ủy ban nhân dân tỉnh",
    )
    entry = AuditEntry.objects.get(action="decision.signed", object_id=str(decision.pk))
    assert entry.data["signer_cadre"] == chairman.pk


def test_a_signer_without_a_post_of_the_authority_is_refused_and_nothing_is_signed(draft, sign, unit_a):
    outsider = CadreFactory(current_unit=unit_a)
    TenureFactory(cadre=outsider, position=PositionFactory(unit=unit_a, title="Giám đốc Sở"), term_end=None)
    decision = draft()

    with pytest.raises(RuleViolation) as exc:
        sign(decision, signer_cadre=outsider)

    assert exc.value.rule_code == "signer_holds_no_post"
    decision.refresh_from_db()
    assert decision.status == Decision.Status.DRAFT and decision.number == ""
    assert not DecisionCounter.objects.exists()


def test_a_post_ended_before_the_signing_date_does_not_count(province, chairman):
    tenure = chairman.tenures.get()
    tenure.ended_on = date(2026, 11, 1)
    tenure.save()
    with pytest.raises(RuleViolation) as exc:
        signer_from_registry(chairman, province, ISSUED)
    assert exc.value.rule_code == "signer_holds_no_post"
    assert (
        signer_from_registry(chairman, province, date(2026, 10, 31)).title == "Chủ tịch Ủy ban nhân dân tỉnh"
    )
    assert list(signers_for(province, ISSUED)) == []
    assert list(signers_for(province, date(2026, 10, 31))) == [chairman]
