"""Every existing issuer gets its own suffix as data (issue 9 §7): each unit that is the competent authority of a
position or has issued a decision, and has no issuer profile yet, gets one with the suffix its name calls for
(``apps.decisions.symbols``: QĐ-UBND for a People's Committee, QĐ-TU for the provincial party committee, QĐ-SNV for
Sở Nội vụ …) instead of one suffix for every state body. Profiles already configured are left as they are;
decisions already signed keep their numbers (they are never edited)."""

from django.db import migrations

from apps.decisions.symbols import default_symbol


def give_suffixes(apps, schema_editor):
    OrgUnit = apps.get_model("organisation", "OrgUnit")
    Position = apps.get_model("organisation", "Position")
    Decision = apps.get_model("decisions", "Decision")
    IssuerProfile = apps.get_model("decisions", "IssuerProfile")
    issuer_ids = set(Position.objects.values_list("authority_id", flat=True))
    issuer_ids |= set(Decision.objects.values_list("authority_id", flat=True))
    issuer_ids -= set(IssuerProfile.objects.values_list("authority_id", flat=True))
    for unit in OrgUnit.objects.filter(pk__in=issuer_ids).order_by("pk"):
        IssuerProfile.objects.create(
            authority=unit,
            symbol=default_symbol(unit.name, unit.kind, top_level=unit.parent_id is None),
        )


class Migration(migrations.Migration):
    dependencies = [
        ("decisions", "0003_decision_number_unique_per_issuer_year"),
        ("organisation", "0001_initial"),
    ]
    operations = [migrations.RunPython(give_suffixes, migrations.RunPython.noop)]
