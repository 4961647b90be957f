"""Data-migration operations the procedures' migrations share (they import this module, so keep its functions'
names and behaviour stable once a migration uses them).

- ``rename_nodes``: a flow's nodes renamed. Viewflow stores a node's name in every task of it
  (``viewflow_task.flow_task`` = ``"<app label>/<module path>.<Flow class>.<node name>"``) and the step pages' links
  carry it (``/<process>/<node name>/<task>/``, kept in the notifications): both are rewritten, both ways.
  The audit log is append-only and signed: its entries keep the names they were written with.
- ``copy_verification_checks``: a candidate model's ``verification`` JSON list copied into
  ``workflow_common.VerificationCheck`` rows (and back, when the migration is reversed).
"""

from django.db import migrations
from django.utils import timezone


def rename_nodes(flow_ref, mapping):
    """A ``RunPython`` operation renaming the nodes of the flow `flow_ref` (``"appointment/flows.AppointmentFlow"``)
    by `mapping` {old name: new name}."""

    def rename(apps, names):
        Task = apps.get_model("viewflow", "Task")
        Notification = apps.get_model("notifications", "Notification")
        for old, new in names.items():
            tasks = Task.objects.filter(flow_task=f"{flow_ref}.{old}")
            task_ids = list(tasks.values_list("pk", flat=True))
            if not task_ids:
                continue
            tasks.update(flow_task=f"{flow_ref}.{new}")
            for notification in Notification.objects.filter(task_id__in=task_ids, link__contains=f"/{old}/"):
                notification.link = notification.link.replace(f"/{old}/", f"/{new}/", 1)
                notification.save(update_fields=["link"])

    def forwards(apps, schema_editor):
        rename(apps, mapping)

    def backwards(apps, schema_editor):
        rename(apps, {new: old for old, new in mapping.items()})

    return migrations.RunPython(forwards, backwards, elidable=False)


def copy_verification_checks(app_label, model_name):
    """A ``RunPython`` operation copying `model_name`'s ``verification`` JSON into verification check rows."""

    def forwards(apps, schema_editor):
        Model = apps.get_model(app_label, model_name)
        ContentType = apps.get_model("contenttypes", "ContentType")
        Check = apps.get_model("workflow_common", "VerificationCheck")
        candidate_type, _created = ContentType.objects.get_or_create(
            app_label=app_label, model=model_name.lower()
        )
        now = timezone.now()
        rows = []
        for candidate in Model.objects.exclude(verification=[]).exclude(verification__isnull=True).iterator():
            process_id = getattr(candidate, "process_id", None) or candidate.pk
            for check in candidate.verification or []:
                rows.append(
                    Check(
                        process_id=process_id,
                        candidate_type=candidate_type,
                        candidate_id=candidate.pk,
                        code=str(check.get("code", ""))[:60],
                        label=str(check.get("label", ""))[:255],
                        passed=bool(check.get("passed")),
                        evidence=str(check.get("evidence", "") or ""),
                        reason=str(check.get("reason", "") or ""),
                        checked_at=candidate.verified_at or now,
                    )
                )
        Check.objects.bulk_create(rows, batch_size=500)

    def backwards(apps, schema_editor):
        Model = apps.get_model(app_label, model_name)
        ContentType = apps.get_model("contenttypes", "ContentType")
        Check = apps.get_model("workflow_common", "VerificationCheck")
        candidate_type = ContentType.objects.filter(app_label=app_label, model=model_name.lower()).first()
        if candidate_type is None:
            return
        checks = Check.objects.filter(candidate_type=candidate_type).order_by("candidate_id", "pk")
        by_candidate = {}
        for check in checks:
            by_candidate.setdefault(check.candidate_id, []).append(
                {
                    "code": check.code,
                    "label": check.label,
                    "passed": check.passed,
                    "evidence": check.evidence,
                    "reason": check.reason,
                }
            )
        for pk, verification in by_candidate.items():
            Model.objects.filter(pk=pk).update(verification=verification)
        checks.delete()

    return migrations.RunPython(forwards, backwards, elidable=False)
