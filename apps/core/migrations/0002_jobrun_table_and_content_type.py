"""Rename the moved `JobRun`'s table to ``core_jobrun`` and move its content type (see 0001)."""

from django.db import migrations


def move_content_type(apps, schema_editor, old="notifications", new="core"):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    if ContentType.objects.using(db).filter(app_label=new, model="jobrun").exists():
        return  # already created (a fresh database): nothing points at the old one
    ContentType.objects.using(db).filter(app_label=old, model="jobrun").update(app_label=new)


def move_back(apps, schema_editor):
    move_content_type(apps, schema_editor, old="core", new="notifications")


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0001_jobrun_from_notifications"),
        ("notifications", "0003_jobrun_moved_to_core"),
    ]

    operations = [
        migrations.AlterModelTable(name="jobrun", table=None),
        migrations.RunPython(move_content_type, move_back),
    ]
