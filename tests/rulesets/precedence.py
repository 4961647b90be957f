"""A national rule set replaced today: the old one end-dated yesterday, the new one in force from today, and the
founding document's local layer still declaring the old one as its parent (issue 9 §3)."""

from datetime import date, timedelta

from apps.rulesets.models import RuleParameter, RuleSet

OLD_MONTHS, NEW_MONTHS = 24, 30


def replace_the_national_set(today=None):
    """End-date the seeded national set yesterday and put a new one in force from today that differs in
    ``min_months_in_post``; return (old national, new national, local layer)."""
    today = today or date.today()
    old = RuleSet.objects.get(code="national-377-2025")
    local = RuleSet.objects.get(code="local-kl-btv-tinh-uy")
    assert local.parent_id == old.pk
    old.effective_to = today - timedelta(days=1)
    old.save()
    new = RuleSet.objects.create(
        code="national-2026-new",
        name="Quy định mới",
        issuer="Bộ Chính trị",
        effective_from=today,
    )
    for param in RuleParameter.objects.filter(rule_set=old):
        value = NEW_MONTHS if param.key == "min_months_in_post" else param.value
        RuleParameter.objects.create(rule_set=new, key=param.key, value=value)
    assert RuleParameter.objects.get(rule_set=old, key="min_months_in_post").value == OLD_MONTHS
    return old, new, local
