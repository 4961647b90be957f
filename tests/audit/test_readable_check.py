"""The walk-throughs' readability check (tests/readable.py) fails on what a reader must not see."""

import pytest

from apps.audit.models import AuditEntry
from apps.audit.services import record
from tests.factories import CadreFactory
from tests.readable import assert_readable

pytestmark = pytest.mark.django_db


def _entry(**data):
    cadre = CadreFactory()
    record("cadre.updated", cadre, actor=None, data={"cadre": cadre.pk, **data})
    return [AuditEntry.objects.order_by("-seq").first()]


def test_a_labelled_entry_passes():
    assert_readable(_entry(end_reason="appointed_elsewhere", ended_on="2026-01-31"))


def test_a_key_without_a_label_fails():
    with pytest.raises(AssertionError, match="without a label: .*cadre.updated:secret_sauce"):
        assert_readable(_entry(secret_sauce=1))


def test_a_stored_code_in_a_value_fails():
    with pytest.raises(AssertionError, match="raw codes"):
        assert_readable(_entry(note="appointed_elsewhere"))
