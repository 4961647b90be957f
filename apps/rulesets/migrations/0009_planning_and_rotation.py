"""Add the planning review's and the rotation's parameters (issue 14 §2–§3) to the national rule set.

377-QĐ/TW / QĐ 50 (planning) and 65-QĐ/TW (rotation): the values are the defaults of ``apps.rulesets.parameters``;
those tagged [P]/[U] there are parameters precisely because the source is partial or silent.
"""

from django.db import migrations

KEYS = {
    "planning_age_terms": 2,
    "planning_removal_on_discipline": True,
    "target_planning_young_percent": 15,
    "target_planning_female_percent": 25,
    "rotation_min_years_left": 10,
    "rotation_min_months": 36,
    "rotation_equivalent_post_required": True,
    "rotation_return_notice_days": 90,
}


def seed(apps, schema_editor):
    RuleSet = apps.get_model("rulesets", "RuleSet")
    RuleParameter = apps.get_model("rulesets", "RuleParameter")
    for national in RuleSet.objects.filter(parent__isnull=True, scope_unit__isnull=True):
        for key, value in KEYS.items():
            RuleParameter.objects.get_or_create(rule_set=national, key=key, defaults={"value": value})


def unseed(apps, schema_editor):
    apps.get_model("rulesets", "RuleParameter").objects.filter(key__in=list(KEYS)).delete()


class Migration(migrations.Migration):
    dependencies = [("rulesets", "0008_retire_unread_parameters")]

    operations = [migrations.RunPython(seed, unseed)]
