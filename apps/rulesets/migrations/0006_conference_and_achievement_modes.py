"""Seed the parameters of issue 9 (points 14 and 15) into the national rule set.

- ``nomination_runoff_top_two`` (on, [P]): in the rounds of a nomination for election, when nobody gets more than
  half of those convened, the top ``nomination_top_n_advance`` names go on to the next vote — the appointment's
  rule (NĐ 138 Đ.46; procedures §1.2, §6) applied to the nomination's rounds.
- ``achievement_rule_mode`` (``any_in_window``, the behaviour until now, [P]) and ``achievements_per_year`` (1):
  recognised achievements counted anywhere in the window, or in each year of it (procedures §4, H14).
"""

from django.db import migrations

VALUES = {
    "nomination_runoff_top_two": True,
    "achievement_rule_mode": "any_in_window",
    "achievements_per_year": 1,
}


def seed(apps, schema_editor):
    RuleSet = apps.get_model("rulesets", "RuleSet")
    RuleParameter = apps.get_model("rulesets", "RuleParameter")
    national = RuleSet.objects.filter(code="national-377-2025").first()
    if national is not None:
        for key, value in VALUES.items():
            RuleParameter.objects.get_or_create(rule_set=national, key=key, defaults={"value": value})


def unseed(apps, schema_editor):
    apps.get_model("rulesets", "RuleParameter").objects.filter(key__in=list(VALUES)).delete()


class Migration(migrations.Migration):
    dependencies = [("rulesets", "0005_reappointment_discipline_bar")]
    operations = [migrations.RunPython(seed, unseed)]
