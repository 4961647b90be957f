"""Signings at the same moment, for two issuers, take their numbers from each issuer's own number book under its
row lock (issue 9 §7): no two decisions of one issuer share a number, each book counts its own signings, and each
issuer's suffix is its own. PostgreSQL only (deselected elsewhere by ``tests/conftest.py``)."""

import pytest

from apps.decisions.models import Decision, DecisionCounter
from tests.concurrency import run_at_once
from tests.factories import CadreFactory, PositionFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_concurrent_signings_of_two_issuers_never_collide(draft, sign, unit_a, province):
    drafts = [
        draft(
            position=PositionFactory(unit=unit_a, authority=authority),
            cadre=CadreFactory(current_unit=unit_a),
            authority=authority,
        )
        for authority in (province, unit_a, province, unit_a)
    ]

    outcomes = run_at_once(*[(lambda d=d: sign(d).number) for d in drafts])

    assert [exc for _number, exc in outcomes] == [None] * 4
    numbers = sorted(number for number, _exc in outcomes)
    assert numbers == ["1/QĐ-SNV", "1/QĐ-UBND", "2/QĐ-SNV", "2/QĐ-UBND"]
    for authority in (province, unit_a):
        assert DecisionCounter.objects.get(authority=authority, year=2026).last == 2
        sequences = (
            Decision.objects.filter(authority=authority)
            .order_by("sequence")
            .values_list("sequence", flat=True)
        )
        assert list(sequences) == [1, 2]
