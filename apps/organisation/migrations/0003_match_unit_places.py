"""Give existing units the place their typed locality names (accent- and case-blind); the rest stay empty and
are listed (``manage.py match_places`` lists them again at any time)."""

from django.db import migrations


def forward(apps, schema_editor):
    from apps.places.matching import match_units, report

    matched, missing = match_units(
        apps.get_model("organisation", "OrgUnit"), apps.get_model("places", "Place")
    )
    if missing:
        report("units", matched, missing, print)


class Migration(migrations.Migration):
    dependencies = [
        ("organisation", "0002_orgunit_place"),
        ("places", "0002_provinces_after_the_2025_reform"),
    ]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
