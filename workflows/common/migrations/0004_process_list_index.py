"""An index on ``viewflow_process (flow_class, created)``: a procedure list (``selectors.process_list``) reads its
first page newest first, for one flow, without sorting every process of every flow (issue 13). Viewflow's table:
raw SQL (an ``AddIndex`` would need the model's state in this app); SQLite and PostgreSQL both take it."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("viewflow", "0015_task_scheduled"),
        ("workflow_common", "0003_verificationcheck"),
    ]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS cf_process_flow_created ON viewflow_process (flow_class, created)",
            "DROP INDEX IF EXISTS cf_process_flow_created",
        ),
    ]
