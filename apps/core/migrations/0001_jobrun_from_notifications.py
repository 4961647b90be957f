"""`JobRun` moves from ``notifications`` to ``core`` (beside ``apps.core.jobs``, which drives it).

The table is kept: the state gets the model with ``db_table="notifications_jobrun"`` while the database is left
alone (``notifications.0003`` removes the model from that app's state only), then 0002 renames the table to
``core_jobrun`` (a plain ALTER TABLE … RENAME: rows, sequence, constraints and grants stay) and moves the content
type, so audit entries about a run (``job.retried``) keep pointing at it.
"""

import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("notifications", "0002_jobrun_outbox_and_lease_holder"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="JobRun",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("name", models.CharField(max_length=200, verbose_name="job")),
                        ("key", models.CharField(max_length=200, verbose_name="key")),
                        ("status", models.CharField(choices=[("queued", "Queued"), ("running", "Running"), ("succeeded", "Succeeded"), ("failed", "Failed")], db_index=True, default="queued", max_length=20, verbose_name="status")),
                        ("args", models.JSONField(blank=True, default=list, verbose_name="arguments")),
                        ("kwargs", models.JSONField(blank=True, default=dict, verbose_name="keyword arguments")),
                        ("attempts", models.PositiveIntegerField(default=0, verbose_name="attempts")),
                        ("last_error", models.TextField(blank=True, verbose_name="last error")),
                        ("created_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="created at")),
                        ("started_at", models.DateTimeField(blank=True, null=True, verbose_name="started at")),
                        ("finished_at", models.DateTimeField(blank=True, null=True, verbose_name="finished at")),
                        ("lease_until", models.DateTimeField(blank=True, null=True, verbose_name="running until at most")),
                        ("updated_at", models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name="last change")),
                        ("result", models.JSONField(blank=True, null=True, verbose_name="result")),
                        ("task_id", models.CharField(blank=True, max_length=64, verbose_name="message id")),
                        ("published_at", models.DateTimeField(blank=True, null=True, verbose_name="last published")),
                        ("due_at", models.DateTimeField(blank=True, null=True, verbose_name="due at")),
                        ("holder_task_id", models.CharField(blank=True, max_length=64, verbose_name="held by message")),
                        ("holder_host", models.CharField(blank=True, max_length=200, verbose_name="held on host")),
                        ("holder_pid", models.PositiveIntegerField(blank=True, null=True, verbose_name="held by process")),
                    ],
                    options={
                        "verbose_name": "job run",
                        "verbose_name_plural": "job runs",
                        "ordering": ["-created_at", "-pk"],
                        "constraints": [models.UniqueConstraint(fields=("name", "key"), name="jobrun_unique_name_key")],
                        "db_table": "notifications_jobrun",
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
