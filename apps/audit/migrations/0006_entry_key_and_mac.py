"""Each audit entry carries the id of the key it was authenticated with and the HMAC of its hash
(``apps.audit.keys``). Entries written before have neither: they are vouched for through the hash chain by the
first authenticated entry after them (or by a signed checkpoint), and ``audit_verify`` says so.

SQLite cannot add a NOT NULL column in place: it rebuilds the table, and its append-only triggers go with the old
table, so they are installed again afterwards (on PostgreSQL reinstalling them is a no-op replace).
"""

from django.db import migrations, models


def reinstall_guards(apps, schema_editor):
    from apps.audit import guards

    if schema_editor.connection.vendor in ("postgresql", "sqlite"):
        guards.install(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0005_timeline_exports"),
    ]

    operations = [
        # (backwards, SQLite rebuilds the table again when the columns go: this puts the triggers back last)
        migrations.RunPython(migrations.RunPython.noop, reinstall_guards, elidable=False),
        migrations.AddField(
            model_name="auditentry",
            name="key_id",
            field=models.CharField(
                blank=True, db_default="", default="", editable=False, max_length=32, verbose_name="key"
            ),
        ),
        migrations.AddField(
            model_name="auditentry",
            name="mac",
            field=models.CharField(
                blank=True,
                db_default="",
                default="",
                editable=False,
                max_length=64,
                verbose_name="authentication code",
            ),
        ),
        migrations.RunPython(reinstall_guards, migrations.RunPython.noop, elidable=False),
    ]
