"""Seed the national rule set (377-QĐ/TW, NĐ 170/2025) and the province's local layer (founding document).

Values are copied from ``apps.rulesets.parameters`` *as they were when this migration was written*; later
changes are made by operators (with history), not by editing code.
"""

from datetime import date

from django.db import migrations

NATIONAL = {
    "quorum_fraction": "2/3",
    "pass_fraction": "1/2",
    "tie_head_decides": True,
    "nomination_top_n_advance": 2,
    "surplus_required": False,
    "min_candidates_per_post": 2,
    "policy_decision_working_days": 15,
    "process_working_days": 30,
    "step_working_days": 5,
    "reminder_days_before_due": 2,
    "reappointment_notice_days": 90,
    "reappointment_notice_in_working_days": False,
    "public_holidays": [
        "01/01/2026", "16/02/2026", "17/02/2026", "18/02/2026", "19/02/2026", "20/02/2026",
        "27/04/2026", "30/04/2026", "01/05/2026", "01/09/2026", "02/09/2026",
        "01/01/2027", "05/02/2027", "08/02/2027", "09/02/2027", "10/02/2027", "11/02/2027",
        "16/04/2027", "30/04/2027", "03/05/2027", "01/09/2027", "02/09/2027",
    ],
    "term_years": 5,
    "min_months_in_post": 24,
    "min_years_to_retirement": None,
    "extension_years_to_retirement": 2,
    "discipline_bar_months": {"reprimand": 24, "warning": 36, "demotion": 36, "removal": 60},
    "planning_max_per_post": 3,
    "planning_max_posts_per_person": 3,
    "achievement_years": 3,
    "min_recognised_achievements": 1,
    "political_conclusion_validity_months": 12,
    "asset_declaration_max_age_months": 15,
    "open_report_pauses_candidate": True,
    "retirement_base_year": 2021,
    "retirement_male_base_months": 723,
    "retirement_male_step_months": 3,
    "retirement_male_max_months": 744,
    "retirement_female_base_months": 664,
    "retirement_female_step_months": 4,
    "retirement_female_max_months": 720,
    "election_surplus_min_percent": 10,
    "election_surplus_max_percent": 30,
    "young_age_limit": 40,
    "target_young_percent": 10,
    "target_female_percent": 25,
    "target_foreign_language_percent": 30,
}

LOCAL = {
    "surplus_required": True,
    "min_candidates_per_post": 2,
    "achievement_years": 3,
    "min_recognised_achievements": 1,
    "young_age_limit": 40,
    "target_young_percent": 10,
    "target_foreign_language_percent": 30,
}


def seed(apps, schema_editor):
    RuleSet = apps.get_model("rulesets", "RuleSet")
    RuleParameter = apps.get_model("rulesets", "RuleParameter")
    national, _ = RuleSet.objects.get_or_create(
        code="national-377-2025",
        defaults=dict(
            name="Quy định 377-QĐ/TW (08/10/2025) và Nghị định 170/2025/NĐ-CP",
            issuer="Bộ Chính trị; Chính phủ",
            document_ref="377-QĐ/TW; NĐ 170/2025/NĐ-CP; QĐ 727/QĐ-BNV; HD 06-HD/BTCTW",
            issued_on=date(2025, 10, 8),
            effective_from=date(2025, 10, 8),
        ),
    )
    local, _ = RuleSet.objects.get_or_create(
        code="local-kl-btv-tinh-uy",
        defaults=dict(
            name="Kết luận của Ban Thường vụ Tỉnh ủy về công tác cán bộ (số dư, thành tích 03 năm)",
            issuer="Ban Thường vụ Tỉnh ủy",
            document_ref="Kết luận BTV Tỉnh ủy giai đoạn 2021-2025",
            issued_on=date(2025, 10, 8),
            effective_from=date(2025, 10, 8),
            parent=national,
        ),
    )
    for rule_set, values in ((national, NATIONAL), (local, LOCAL)):
        for key, value in values.items():
            RuleParameter.objects.get_or_create(rule_set=rule_set, key=key, defaults={"value": value})


class Migration(migrations.Migration):
    dependencies = [("rulesets", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
