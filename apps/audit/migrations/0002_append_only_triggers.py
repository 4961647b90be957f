"""The audit table refuses UPDATE and DELETE (and TRUNCATE on PostgreSQL) at the database level."""

from django.db import migrations


def install_guards(apps, schema_editor):
    from apps.audit import guards

    if schema_editor.connection.vendor in ("postgresql", "sqlite"):
        guards.install(schema_editor.connection)


def remove_guards(apps, schema_editor):
    from apps.audit import guards

    if schema_editor.connection.vendor in ("postgresql", "sqlite"):
        guards.remove(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunPython(install_guards, remove_guards, elidable=False)]
