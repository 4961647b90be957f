"""Add the ``step_overrides`` parameter (per-step corrections of the conference steps, docs/procedures.md §14b)
and seed it, empty, into the national rule set: the step lists in ``apps.conferences.steps`` are the default.
"""

from django.db import migrations, models


def seed(apps, schema_editor):
    RuleSet = apps.get_model("rulesets", "RuleSet")
    RuleParameter = apps.get_model("rulesets", "RuleParameter")
    national = RuleSet.objects.filter(code="national-377-2025").first()
    if national is not None:
        RuleParameter.objects.get_or_create(rule_set=national, key="step_overrides", defaults={"value": {}})


def unseed(apps, schema_editor):
    apps.get_model("rulesets", "RuleParameter").objects.filter(key="step_overrides").delete()


KEY_CHOICES = [('quorum_fraction', 'quorum_fraction'), ('pass_fraction', 'pass_fraction'), ('tie_head_decides', 'tie_head_decides'), ('nomination_top_n_advance', 'nomination_top_n_advance'), ('surplus_required', 'surplus_required'), ('min_candidates_per_post', 'min_candidates_per_post'), ('policy_decision_working_days', 'policy_decision_working_days'), ('process_working_days', 'process_working_days'), ('step_working_days', 'step_working_days'), ('reminder_days_before_due', 'reminder_days_before_due'), ('reappointment_notice_days', 'reappointment_notice_days'), ('reappointment_notice_in_working_days', 'reappointment_notice_in_working_days'), ('public_holidays', 'public_holidays'), ('term_years', 'term_years'), ('min_months_in_post', 'min_months_in_post'), ('min_years_to_retirement', 'min_years_to_retirement'), ('extension_years_to_retirement', 'extension_years_to_retirement'), ('discipline_bar_months', 'discipline_bar_months'), ('planning_max_per_post', 'planning_max_per_post'), ('planning_max_posts_per_person', 'planning_max_posts_per_person'), ('achievement_years', 'achievement_years'), ('min_recognised_achievements', 'min_recognised_achievements'), ('political_conclusion_validity_months', 'political_conclusion_validity_months'), ('asset_declaration_max_age_months', 'asset_declaration_max_age_months'), ('open_report_pauses_candidate', 'open_report_pauses_candidate'), ('retirement_base_year', 'retirement_base_year'), ('retirement_male_base_months', 'retirement_male_base_months'), ('retirement_male_step_months', 'retirement_male_step_months'), ('retirement_male_max_months', 'retirement_male_max_months'), ('retirement_female_base_months', 'retirement_female_base_months'), ('retirement_female_step_months', 'retirement_female_step_months'), ('retirement_female_max_months', 'retirement_female_max_months'), ('election_surplus_min_percent', 'election_surplus_min_percent'), ('election_surplus_max_percent', 'election_surplus_max_percent'), ('young_age_limit', 'young_age_limit'), ('target_young_percent', 'target_young_percent'), ('target_female_percent', 'target_female_percent'), ('target_foreign_language_percent', 'target_foreign_language_percent'), ('step_overrides', 'step_overrides')]


class Migration(migrations.Migration):
    dependencies = [("rulesets", "0002_seed_rule_sets")]
    operations = [
        migrations.AlterField(
            model_name="historicalruleparameter",
            name="key",
            field=models.CharField(choices=KEY_CHOICES, max_length=60, verbose_name="parameter"),
        ),
        migrations.AlterField(
            model_name="ruleparameter",
            name="key",
            field=models.CharField(choices=KEY_CHOICES, max_length=60, verbose_name="parameter"),
        ),
        migrations.RunPython(seed, unseed),
    ]
