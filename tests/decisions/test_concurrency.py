"""Two signatures at the same moment get two different numbers (PostgreSQL row lock on the authority's counter).
Outside PostgreSQL these tests are deselected by ``tests/conftest.py``. The rows seeded by migrations (rule
sets) are restored after each test (``serialized_rollback``).

Run with ``DATABASE_URL=postgres://postgres@127.0.0.1:5432/cf_decisions pytest -m postgres tests/decisions``.
"""

import threading

import pytest
from django.db import connections

from apps.decisions.models import Decision, DecisionCounter
from tests.factories import CadreFactory, PositionFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _sign_at_once(decisions, sign):
    barrier = threading.Barrier(len(decisions))
    errors = []

    def worker(decision):
        try:
            barrier.wait(timeout=10)
            sign(decision)
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(d,)) for d in decisions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return errors


@pytest.mark.parametrize("counter_exists", [False, True], ids=["first-of-the-year", "counter-row-exists"])
def test_two_signatures_at_once_get_distinct_numbers(draft, sign, unit_a, province, counter_exists):
    if counter_exists:
        DecisionCounter.objects.create(authority=province, year=2026, last=41)
    drafts = [
        draft(
            position=PositionFactory(unit=unit_a, authority=province), cadre=CadreFactory(current_unit=unit_a)
        )
        for _ in range(2)
    ]

    assert _sign_at_once(drafts, sign) == []

    signed = Decision.objects.filter(pk__in=[d.pk for d in drafts]).order_by("sequence")
    first = 42 if counter_exists else 1
    assert [d.sequence for d in signed] == [first, first + 1]
    assert len({d.number for d in signed}) == 2
    assert DecisionCounter.objects.get(authority=province, year=2026).last == first + 1


def test_two_signatures_of_the_last_seat_at_once_fill_it_once(draft, sign, unit_a, province):
    position = PositionFactory(unit=unit_a, authority=province, seats=1)
    drafts = [draft(position=position, cadre=CadreFactory(current_unit=unit_a)) for _ in range(2)]

    errors = _sign_at_once(drafts, sign)

    assert [getattr(e, "rule_code", e) for e in errors] == ["seat_over_filled"]
    assert Decision.objects.filter(status=Decision.Status.SIGNED).count() == 1
    assert position.tenures.filter(ended_on__isnull=True).count() == 1
