"""Add the ``political_protection_request_days`` parameter (10 working days, [P]) to the national rule set.

When verification finds a candidate's political-standard conclusion missing or expired, the procedure asks internal
political protection for it as a task in the flow (issue 9 point 17; docs/procedures.md §9, H13); this is the task's
time limit. No source gives one: 10 working days is local practice, hence a parameter.
"""

from django.db import migrations


def seed(apps, schema_editor):
    RuleSet = apps.get_model("rulesets", "RuleSet")
    RuleParameter = apps.get_model("rulesets", "RuleParameter")
    national = RuleSet.objects.filter(code="national-377-2025").first()
    if national is not None:
        RuleParameter.objects.get_or_create(
            rule_set=national, key="political_protection_request_days", defaults={"value": 10}
        )


def unseed(apps, schema_editor):
    apps.get_model("rulesets", "RuleParameter").objects.filter(key="political_protection_request_days").delete()


class Migration(migrations.Migration):
    dependencies = [("rulesets", "0006_conference_and_achievement_modes")]

    operations = [migrations.RunPython(seed, unseed)]
