"""The import page's work: an upload becomes an ``ImportRun``, checked (dry run) then applied by tracked jobs
(``apps.imports.tasks``), with its progress in the cache for the page to show.

Who may import: superusers and the organisation board of the whole province (``edit_registry`` on every top
unit); with no unit yet, superusers only (``may_import``).
"""

from django.core.cache import cache
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.permissions import is_unrestricted, scope_unit_ids
from apps.audit.services import record
from apps.core.rules import RuleViolation
from apps.organisation.models import OrgUnit

from .importer import file_issues, run_import, sha256_of
from .models import ImportRun

PROGRESS_SECONDS = 3600


def may_import(user):
    if not user or not user.is_authenticated or not user.is_active:
        return False
    if is_unrestricted(user):
        return True
    scope = scope_unit_ids(user, "edit_registry")
    if not scope:
        return False
    roots = set(OrgUnit.objects.filter(parent__isnull=True).values_list("pk", flat=True))
    return bool(roots) and roots <= set(scope or ())


def progress_key(run_id):
    return f"imports:progress:{run_id}"


def progress(run):
    """``{"done": rows, "total": rows}`` of the running job, or ``None``."""
    return cache.get(progress_key(run.pk))


def _reporter(run_id):
    def report(done, total):
        cache.set(progress_key(run_id), {"done": done, "total": total}, PROGRESS_SECONDS)

    return report


@transaction.atomic
def start(*, actor, upload):
    """Record the upload and queue its dry run. A file refused as a whole (50 MB or more, not a spreadsheet, a
    program) is not kept: its run is checked at once, with that problem as its report."""
    run = ImportRun(created_by=actor, filename=(upload.name or "")[:255], size=upload.size or 0)
    issues = file_issues(upload)
    if issues:
        run.status = ImportRun.Status.CHECKED
        run.issue_count = len(issues)
        run.report = {
            "filename": run.filename,
            "issue_count": len(issues),
            "issues": [i.as_dict() for i in issues],
        }
        run.save()
        return run
    run.sha256 = sha256_of(upload)
    run.file.save(run.filename, File(upload), save=False)
    run.save()
    from apps.core.jobs import enqueue

    from .tasks import check_import

    enqueue(check_import, run.pk)
    return run


def _run_file(run, *, dry_run, actor):
    with run.file.open("rb") as handle:
        if sha256_of(handle) != run.sha256:
            raise RuleViolation("import_file_changed", _("The stored file no longer matches its dry run."))
        return run_import(handle, run.filename, actor=actor, dry_run=dry_run, progress=_reporter(run.pk))


def check(run_id):
    """The dry-run job: the whole import, rolled back, and its report on the run."""
    run = ImportRun.objects.select_related("created_by").get(pk=run_id)
    if run.status != ImportRun.Status.CHECKING:
        return {"run": run.pk, "already": True}
    report = _run_file(run, dry_run=True, actor=run.created_by)
    ImportRun.objects.filter(pk=run.pk, status=ImportRun.Status.CHECKING).update(
        status=ImportRun.Status.CHECKED, report=report.as_dict(), issue_count=report.issue_count
    )
    cache.delete(progress_key(run.pk))
    return {"run": run.pk, "issues": report.issue_count, "rows": report.rows}


@transaction.atomic
def request_apply(run, *, actor):
    """Queue the import of a run whose dry run found nothing wrong (``import_not_ready`` otherwise)."""
    changed = ImportRun.objects.filter(pk=run.pk, status=ImportRun.Status.CHECKED, issue_count=0).exclude(
        file=""
    )
    if not changed.update(status=ImportRun.Status.APPLYING, applied_by=actor):
        raise RuleViolation(
            "import_not_ready", _("Only a file whose dry run found no problem can be imported.")
        )
    from apps.core.jobs import enqueue

    from .tasks import apply_import

    enqueue(apply_import, run.pk)
    run.refresh_from_db()
    return run


def apply(run_id):
    """The import job: the whole file in one transaction (``run_import``); any problem found now (the registry
    changed since the dry run) leaves the registry as it was and the run not imported, with the new report."""
    run = ImportRun.objects.select_related("applied_by").get(pk=run_id)
    if run.status != ImportRun.Status.APPLYING:
        return {"run": run.pk, "already": True}
    report = _run_file(run, dry_run=False, actor=run.applied_by)
    status = ImportRun.Status.APPLIED if report.applied else ImportRun.Status.FAILED
    ImportRun.objects.filter(pk=run.pk).update(
        status=status,
        report=report.as_dict(),
        issue_count=report.issue_count,
        applied_at=timezone.now() if report.applied else None,
    )
    cache.delete(progress_key(run.pk))
    if not report.applied:
        record(
            "registry.import_refused",
            ImportRun.objects.get(pk=run.pk),
            actor=run.applied_by,
            data={"sha256": run.sha256, "problems": report.issue_count},
        )
    return {"run": run.pk, "applied": report.applied, "rows": report.rows}
