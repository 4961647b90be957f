"""Rule-set precedence by date first (issue 9 §3): a local layer applies on top of the national set in force on
the day, never on a declared parent that has expired."""

from datetime import date, timedelta

import pytest

from apps.rulesets.models import RuleSet
from apps.rulesets.selectors import rule_set_for
from tests.factories import OrgUnitFactory

from .precedence import NEW_MONTHS, OLD_MONTHS, replace_the_national_set

pytestmark = pytest.mark.django_db


def test_today_the_local_layer_applies_on_top_of_the_new_national_set():
    old, new, local = replace_the_national_set()
    rule_set = rule_set_for(on=date.today())
    assert rule_set == local
    params = rule_set.resolve()
    assert params.rule_set_ids == (local.pk, new.pk)
    assert params.min_months_in_post == NEW_MONTHS
    assert params.surplus_required is True  # the local demand still applies


def test_last_month_the_local_layer_applies_on_top_of_the_old_national_set():
    old, new, local = replace_the_national_set()
    last_month = date.today() - timedelta(days=30)
    rule_set = rule_set_for(on=last_month)
    assert rule_set == local
    params = rule_set.resolve()
    assert params.rule_set_ids == (local.pk, old.pk)
    assert params.min_months_in_post == OLD_MONTHS


def test_the_chain_respects_its_parents_dates():
    old, new, local = replace_the_national_set()
    today = date.today()
    assert local.chain(today) == [local, new]
    assert local.chain(today - timedelta(days=1)) == [local, old]
    assert [rs.pk for rs in RuleSet.objects.get(pk=local.pk).chain(today)] == [local.pk, new.pk]


def test_a_unit_scoped_layer_on_the_expired_set_also_follows_the_new_one(province):
    old, new, local = replace_the_national_set()
    unit = OrgUnitFactory(parent=province)
    scoped = RuleSet.objects.create(
        code="local-unit",
        name="Địa phương",
        issuer="BTV",
        effective_from=old.effective_from,
        parent=old,
        scope_unit=province,
    )
    assert rule_set_for(unit=unit, on=date.today()) == scoped
    assert rule_set_for(unit=unit, on=date.today()).resolve().min_months_in_post == NEW_MONTHS
    assert (
        rule_set_for(unit=unit, on=date.today() - timedelta(days=2)).resolve().min_months_in_post
        == OLD_MONTHS
    )


def test_a_new_national_set_outranks_the_old_one_when_both_are_in_force():
    old = RuleSet.objects.get(code="national-377-2025")
    local = RuleSet.objects.get(code="local-kl-btv-tinh-uy")
    local.is_active = False
    local.save()
    new = RuleSet.objects.create(
        code="national-new", name="Mới", issuer="BCT", effective_from=date.today() - timedelta(days=1)
    )
    assert rule_set_for(on=date.today()) == new
    assert rule_set_for(on=date.today() - timedelta(days=2)) == old
