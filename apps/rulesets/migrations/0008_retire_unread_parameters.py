"""Retire four parameters no rule ever read (issue 10 item 8): ``young_age_limit``, ``target_young_percent``,
``target_female_percent``, ``target_foreign_language_percent``. They were seeded, editable and copied into every
procedure's snapshot. Their rule-set rows are deleted with a "deleted" history record each (the earlier history
rows stay), and they are dropped from the snapshots of procedures and decisions (``Params.from_snapshot`` already
ignored them). Reversing restores nothing: the values are still in the history."""

from django.db import migrations
from django.utils import timezone

RETIRED = ("young_age_limit", "target_young_percent", "target_female_percent", "target_foreign_language_percent")

#: (app label, model) of every model with a ``rule_snapshot`` (the procedures and the decisions)
SNAPSHOT_MODELS = (
    ("appointment", "AppointmentProcess"),
    ("nomination", "NominationProcess"),
    ("reappointment", "ReappointmentProcess"),
    ("revocation", "RevocationProcess"),
    ("decisions", "Decision"),
)


def retire(apps, schema_editor):
    db = schema_editor.connection.alias
    RuleParameter = apps.get_model("rulesets", "RuleParameter")
    HistoricalRuleParameter = apps.get_model("rulesets", "HistoricalRuleParameter")
    now = timezone.now()
    rows = list(RuleParameter.objects.using(db).filter(key__in=RETIRED))
    HistoricalRuleParameter.objects.using(db).bulk_create(
        HistoricalRuleParameter(
            id=row.pk,
            created_at=row.created_at,
            updated_at=row.updated_at,
            rule_set_id=row.rule_set_id,
            key=row.key,
            value=row.value,
            note=row.note,
            history_date=now,
            history_type="-",
            history_change_reason="retired: never read by a rule",
        )
        for row in rows
    )
    RuleParameter.objects.using(db).filter(pk__in=[row.pk for row in rows]).delete()
    for app_label, model_name in SNAPSHOT_MODELS:
        model = apps.get_model(app_label, model_name)
        for pk, snapshot in model.objects.using(db).exclude(rule_snapshot={}).values_list("pk", "rule_snapshot"):
            if isinstance(snapshot, dict) and any(key in snapshot for key in RETIRED):
                kept = {key: value for key, value in snapshot.items() if key not in RETIRED}
                model.objects.using(db).filter(pk=pk).update(rule_snapshot=kept)


class Migration(migrations.Migration):
    dependencies = [
        ("rulesets", "0007_political_protection_request_days"),
        ("appointment", "0001_initial"),
        ("nomination", "0001_initial"),
        ("reappointment", "0001_initial"),
        ("revocation", "0001_initial"),
        ("decisions", "0001_initial"),
    ]

    operations = [migrations.RunPython(retire, migrations.RunPython.noop)]
