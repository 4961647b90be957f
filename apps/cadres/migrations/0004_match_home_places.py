"""Give existing cadres the home place their typed home province/commune names (accent- and case-blind, "huyện"
and "xã" prefixes understood); the rest stay empty and are listed (``manage.py match_places`` lists them again)."""

from django.db import migrations


def forward(apps, schema_editor):
    from apps.places.matching import match_cadres, report

    matched, missing = match_cadres(apps.get_model("cadres", "Cadre"), apps.get_model("places", "Place"))
    if missing:
        report("cadres", matched, missing, print)


class Migration(migrations.Migration):
    dependencies = [
        ("cadres", "0003_cadre_home_place"),
        ("places", "0002_provinces_after_the_2025_reform"),
    ]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
