"""Timeline exports: made in the request when small, by a Celery job when large (docs/design.md §2.6; issue 5).

``request_export`` (the inspector asks) writes the ``TimelineExport`` row and queues ``audit.build_timeline_export``
on commit; ``build_export`` (the job) writes the whole filtered timeline — every event up to the moment it started,
never a silent cap — to the private storage and tells the requester. Asking again for the same export (same person,
subject, format and filters) while the timeline has not changed returns the same row and queues nothing.
"""

import hashlib
import io
import tempfile
import time

from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.db import IntegrityError, transaction
from django.http import Http404, QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from apps.audit.models import TimelineExport
from apps.audit.models.exports import export_path
from apps.audit.services import canonical_json, record
from apps.core.jobs import enqueue
from apps.core.rules import RuleViolation
from apps.notifications.models import Kind
from apps.notifications.services import notify

from ..timelines import Timeline
from ..timelines import export as files
from ..timelines.constants import PDF_MAX_ROWS
from ..timelines.form import TimelineFilterForm
from ..timelines.subjects import resolve

JOB_NAME = "audit.build_timeline_export"


def job_key(export_id):
    return f"timeline-export:{export_id}"


def timeline_for(user, kind, pk, query, *, until=None):
    """``(context, timeline)``: the subject as `user` may read it (404/403 otherwise) and its filtered timeline."""
    context = resolve(user, kind, pk)
    filters = TimelineFilterForm(QueryDict(query)).filters()
    filters.until = until
    return context, Timeline(context["sources"], filters)


def _version(timeline):
    """What the timeline looks like now: its number of events and its newest event."""
    newest = list(timeline.rows.order_by("-t_when", "-t_kind", "-t_ref")[:1])
    return [timeline.count(), [str(value) for value in newest[0][:3]] if newest else None]


def require_exportable(fmt, rows):
    if fmt == TimelineExport.Format.PDF and rows > PDF_MAX_ROWS:
        raise RuleViolation(
            "export_too_large",
            _(
                "A PDF holds at most {cap} events and this timeline has {rows}: narrow the filters or export CSV."
            ).format(cap=PDF_MAX_ROWS, rows=rows),
        )


def _queue(export, *, again=False):
    """The job's run is written now, in the request's transaction, and published after commit (the outbox,
    ``apps.core.jobs.enqueue``): a broker that is down leaves the export waiting, never the requester with a 500."""

    from ..tasks import build_timeline_export

    enqueue(build_timeline_export, export.pk, again=again)


@transaction.atomic
def request_export(*, actor, kind, pk, fmt, query=""):
    """Ask for the export of a timeline in the background; returns ``(export, created)``.

    Refuses a timeline the actor may not read (404/403, as the page does) and a PDF above ``PDF_MAX_ROWS`` events
    (``export_too_large``). The same request while the timeline is unchanged returns the existing export (one
    that failed is queued again); a new one is recorded (``timeline.export_requested``) and its job queued on
    commit.
    """
    if fmt not in TimelineExport.Format.values:
        raise Http404
    query = TimelineFilterForm(QueryDict(query)).query()
    context, timeline = timeline_for(actor, kind, pk, query)
    version = _version(timeline)
    require_exportable(fmt, version[0])
    fingerprint = hashlib.sha256(
        canonical_json([actor.pk, kind, pk, fmt, query, version]).encode()
    ).hexdigest()
    export = TimelineExport.objects.filter(fingerprint=fingerprint).first()
    if export is None:
        try:
            with transaction.atomic():
                export = TimelineExport.objects.create(
                    requested_by=actor,
                    subject_kind=kind,
                    subject_id=pk,
                    title=str(context["title"])[:300],
                    format=fmt,
                    query=query,
                    rows_requested=version[0],
                    fingerprint=fingerprint,
                )
        except IntegrityError:  # the same request, a moment earlier (a double click)
            return TimelineExport.objects.get(fingerprint=fingerprint), False
        record(
            "timeline.export_requested",
            export,
            actor=actor,
            data={"kind": kind, "id": pk, "format": fmt, "filters": query, "rows": version[0]},
        )
        _queue(export)
        return export, True
    if export.status == TimelineExport.Status.FAILED:
        TimelineExport.objects.filter(pk=export.pk).update(status=TimelineExport.Status.QUEUED, error="")
        export.refresh_from_db()
        _queue(export, again=True)
    return export, False


def _write(export, timeline, total, context, out):
    """Write the whole timeline to `out` (binary); returns the number of events written."""
    entries = timeline.iter_entries(total)
    written = 0

    def counted():
        nonlocal written
        for entry in entries:
            written += 1
            yield entry

    if export.format == TimelineExport.Format.PDF:
        subtitle = _("Generated {when} by {user}").format(
            when=timezone.localtime().strftime("%d/%m/%Y %H:%M"), user=export.requested_by.get_username()
        )
        if export.query:
            subtitle = f"{subtitle}. {export.query}"
        files.timeline_pdf(context["title"], subtitle, counted(), out=out)
    else:
        text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
        files.write_csv(text, context["title"], counted())
        text.flush()
        text.detach()
    return written


def _notify_ready(export):
    from apps.notifications.texts import Text

    notify(
        [export.requested_by],
        Kind.SYSTEM,
        title=Text(gettext_noop("Your export is ready: {title}"), title=export.title),
        body=Text(
            gettext_noop("{rows} events, {format}."), rows=export.rows, format=_choice_label(export, "format")
        ),
        link=reverse("inspection:timelines:export-status", args=[export.pk]),
        dedupe_key=job_key(export.pk),
    )


def _fail(export, message):
    name = TimelineExport.objects.filter(pk=export.pk).values_list("file", flat=True).first()
    if name and export.file.storage.exists(name):
        export.file.storage.delete(name)  # half a file helps no one
    TimelineExport.objects.filter(pk=export.pk).update(
        status=TimelineExport.Status.FAILED, error=message[:2000], finished_at=timezone.now(), file=""
    )


def build_export(export_id):
    """The job's work: write the export's file. Idempotent: an export already made is left as it is. The requester's
    right to read the timeline is checked again (a role withdrawn since → the export fails, nothing is written)."""
    export = TimelineExport.objects.select_related("requested_by").get(pk=export_id)
    if export.status == TimelineExport.Status.DONE:
        return {"export": export.pk, "rows": export.rows, "already": True}
    started, began = timezone.now(), time.monotonic()
    # The file's name is chosen once and recorded before anything is written: an attempt whose worker was killed
    # after writing it leaves a file that the next attempt replaces, never an orphan.
    name = export.file.name or export_path(export, export.filename)
    TimelineExport.objects.filter(pk=export.pk).update(
        status=TimelineExport.Status.RUNNING, started_at=started, file=name
    )
    from ..selectors import may_inspect

    try:
        if not may_inspect(export.requested_by):
            raise PermissionDenied
        context, timeline = timeline_for(
            export.requested_by, export.subject_kind, export.subject_id, export.query, until=started
        )
    except (Http404, PermissionDenied):
        _fail(export, _("The requester may no longer read this timeline."))
        return {"export": export.pk, "refused": True}
    try:
        total = timeline.count()
        require_exportable(export.format, total)
        with tempfile.TemporaryFile() as out:
            written = _write(export, timeline, total, context, out)
            out.seek(0)
            digest = hashlib.sha256()
            for block in iter(lambda: out.read(1 << 20), b""):
                digest.update(block)
            size = out.tell()
            out.seek(0)
            storage = export.file.storage
            if storage.exists(name):
                storage.delete(name)  # what a killed attempt left
            export.file.name = storage.save(name, File(out))
    except RuleViolation as exc:
        _fail(export, str(exc.message))
        return {"export": export.pk, "refused": exc.rule_code}
    except Exception as exc:
        _fail(export, f"{type(exc).__name__}: {exc}")
        raise  # the tracked job retries, then shows it as stuck
    return _finish(export, written, size, digest.hexdigest(), round((time.monotonic() - began) * 1000))


@transaction.atomic
def _finish(export, rows, size, sha256, elapsed_ms):
    export.status = TimelineExport.Status.DONE
    export.rows, export.size, export.sha256, export.elapsed_ms = rows, size, sha256, elapsed_ms
    export.finished_at = timezone.now()
    export.error = ""
    export.save()
    record(
        "timeline.exported",
        export,
        actor=export.requested_by,
        data={
            "kind": export.subject_kind,
            "id": export.subject_id,
            "format": export.format,
            "filters": export.query,
            "rows": rows,
            "sha256": sha256,
        },
    )
    _notify_ready(export)
    return {"export": export.pk, "rows": rows, "bytes": size, "ms": elapsed_ms}


def may_download(user, export):
    """The requester only, while they are an inspector who may still read the timeline."""
    from ..selectors import may_inspect

    if export.requested_by_id != user.pk or not may_inspect(user):
        return False
    try:
        resolve(user, export.subject_kind, export.subject_id)
    except (Http404, PermissionDenied):
        return False
    return True


def _choice_label(obj, field):
    """The (lazy) label of `obj`'s choice `field`, so that a notification translates it when read."""
    value = getattr(obj, field)
    return dict(type(obj)._meta.get_field(field).flatchoices).get(value, value)
