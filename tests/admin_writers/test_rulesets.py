"""The rule sets' writers (``apps.rulesets.services``: parse → save → audit) and the admin saving through them."""

import datetime

import pytest

from apps.audit.models import AuditEntry
from apps.core.rules import RuleViolation
from apps.rulesets import services
from apps.rulesets.models import RuleParameter, RuleSet

pytestmark = pytest.mark.django_db


@pytest.fixture
def rule_set(admin_user):
    return services.save_rule_set(
        RuleSet(code="local-test", name="Local", issuer="BTV", effective_from=datetime.date(2026, 1, 1)),
        actor=admin_user,
        changed=["code"],
    )


def test_set_parameter_parses_saves_and_audits(rule_set, admin_user):
    services.set_parameter(rule_set, "term_years", 4, actor=admin_user)
    services.set_parameter(rule_set, "term_years", 5, actor=admin_user, note="changed by QĐ")

    row = RuleParameter.objects.get(rule_set=rule_set, key="term_years")
    assert (row.value, row.note) == (5, "changed by QĐ")
    assert [h.history_user for h in row.history.all()] == [admin_user, admin_user]
    actions = list(
        AuditEntry.objects.filter(action__startswith="admin.ruleparameter").values_list("action", "data")
    )
    assert actions == [
        ("admin.ruleparameter.added", {"rule_set": "local-test", "key": "term_years", "value": 4}),
        ("admin.ruleparameter.changed", {"rule_set": "local-test", "key": "term_years", "value": 5}),
    ]


@pytest.mark.parametrize(
    "key, value", [("term_years", "five"), ("no_such_parameter", 1), ("pass_fraction", "3/2")]
)
def test_set_parameter_refuses_a_bad_value_or_key_and_writes_nothing(rule_set, admin_user, key, value):
    with pytest.raises(RuleViolation):
        services.set_parameter(rule_set, key, value, actor=admin_user)

    assert not RuleParameter.objects.filter(rule_set=rule_set).exists()
    assert not AuditEntry.objects.filter(action__startswith="admin.ruleparameter").exists()


def test_save_rule_set_audits_with_the_actor(rule_set, admin_user):
    assert rule_set.history.get().history_user == admin_user
    assert AuditEntry.objects.get(action="admin.ruleset.added").data == {"fields": ["code"]}


def test_the_admin_saves_a_parameter_through_the_service(rule_set, admin_save, admin_user):
    row = services.set_parameter(rule_set, "term_years", 4, actor=admin_user)

    admin_save(row, value="6")

    assert RuleParameter.objects.get(pk=row.pk).value == 6
    assert AuditEntry.objects.filter(action="admin.ruleparameter.changed").get().data["value"] == 6


def test_the_admin_saves_a_rule_set_through_the_service(rule_set, admin_save, admin_user):
    admin_save(rule_set, name="Local rules")

    assert RuleSet.objects.get(pk=rule_set.pk).name == "Local rules"
    assert AuditEntry.objects.get(action="admin.ruleset.changed").data == {"fields": ["name"]}
