"""Add the ``final_vote_tie_head_decides`` parameter (docs/procedures.md §1.2: at exactly 50% the head decides and the
dissenting opinions are recorded; applying that rule to the final vote of an appointment, step 5, is [P]) and
seed it, on, into the national rule set. On, equal votes for the last seat at the final vote are the head's choice;
off, none of the tied candidates is selected.
"""

import apps.rulesets.parameters
from django.db import migrations, models


def seed(apps, schema_editor):
    RuleSet = apps.get_model("rulesets", "RuleSet")
    RuleParameter = apps.get_model("rulesets", "RuleParameter")
    national = RuleSet.objects.filter(code="national-377-2025").first()
    if national is not None:
        RuleParameter.objects.get_or_create(
            rule_set=national, key="final_vote_tie_head_decides", defaults={"value": True}
        )


def unseed(apps, schema_editor):
    apps.get_model("rulesets", "RuleParameter").objects.filter(key="final_vote_tie_head_decides").delete()




class Migration(migrations.Migration):
    dependencies = [("rulesets", "0003_step_overrides")]
    operations = [
        migrations.AlterField(
            model_name="historicalruleparameter",
            name="key",
            field=models.CharField(choices=apps.rulesets.parameters.parameter_choices, max_length=60, verbose_name="parameter"),
        ),
        migrations.AlterField(
            model_name="ruleparameter",
            name="key",
            field=models.CharField(choices=apps.rulesets.parameters.parameter_choices, max_length=60, verbose_name="parameter"),
        ),
        migrations.RunPython(seed, unseed),
    ]
