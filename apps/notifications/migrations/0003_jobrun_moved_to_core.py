"""`JobRun` now belongs to ``core`` (``core.0001``): removed from this app's state only; the table is kept."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0002_jobrun_outbox_and_lease_holder"),
        ("core", "0001_jobrun_from_notifications"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="JobRun")],
            database_operations=[],
        ),
    ]
