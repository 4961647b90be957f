"""Bring back ``young_age_limit`` (retired by 0008 as unread): the targets dashboard's planning share of young
cadres (issue 14 §2, QĐ 50) reads it. Seeded in the national rule set with the value it had (40), where it is
missing; procedures' snapshots are left as they are (``Params.from_snapshot`` reads what a snapshot holds)."""

from django.db import migrations

KEY = "young_age_limit"
VALUE = 40


def restore(apps, schema_editor):
    db = schema_editor.connection.alias
    RuleSet = apps.get_model("rulesets", "RuleSet")
    RuleParameter = apps.get_model("rulesets", "RuleParameter")
    for national in RuleSet.objects.using(db).filter(parent__isnull=True, scope_unit__isnull=True):
        RuleParameter.objects.using(db).get_or_create(rule_set=national, key=KEY, defaults={"value": VALUE})


def unrestore(apps, schema_editor):
    apps.get_model("rulesets", "RuleParameter").objects.filter(key=KEY).delete()


class Migration(migrations.Migration):
    dependencies = [("rulesets", "0009_planning_and_rotation")]

    operations = [migrations.RunPython(restore, unrestore)]
