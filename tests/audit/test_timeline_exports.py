"""Large timeline exports run as a tracked Celery job (in-process here: no broker, CELERY_TASK_ALWAYS_EAGER): the
request, the job's state, the real CSV and PDF it writes to the private storage, idempotence, and who may see and
download them."""

# ruff: noqa: F811 (fixtures imported from other test packages are redefined as arguments)

import csv
import hashlib
import io
import re
import time
from pathlib import Path

import pytest
from pypdf import PdfReader

from apps.accounts.models import Role
from apps.accounts.services import grant_role
from apps.audit.models import AuditEntry, TimelineExport
from apps.audit.services import record
from apps.core.models import JobRun
from apps.notifications.models import Notification
from tests.factories import UserFactory
from tests.revocation.conftest import (  # noqa: F401
    appointee,
    decision,
    leadership,
    position,
    proposer,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english_and_private_media(settings, tmp_path):
    from django.utils import translation

    settings.LANGUAGE_CODE = "en"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"
    with translation.override("en"):
        yield


@pytest.fixture
def small_threshold(monkeypatch):
    """Background exports from 6 events on, so the tests need a few events, not a thousand."""
    monkeypatch.setattr("apps.inspection.views.timelines.IMMEDIATE_EXPORT_ROWS", 5)


def add_notes(decision, actor, n):
    for i in range(n):
        record("test.note", decision, actor=actor, data={"i": i, "ghi_chú": f"Ghi chú số {i}"})


def note_number(row):
    return int(re.search(r"(?:^|; )i: (\d+)", row[6]).group(1))


def timeline_path(decision, suffix=""):
    return f"/inspection/timelines/decision/{decision.pk}/{suffix}"


def request_export(client, decision, fmt, query="", callbacks=None):
    response = client.post(timeline_path(decision, "export/"), {"format": fmt, "query": query})
    assert response.status_code == 302, response.status_code
    return response


def latest_export():
    return TimelineExport.objects.order_by("-pk").first()


def download(client, export):
    response = client.get(f"/inspection/timelines/exports/{export.pk}/file/")
    assert response.status_code == 200, response.status_code
    return b"".join(response.streaming_content)


def test_a_large_csv_export_is_a_background_job_with_the_whole_timeline(
    client_for, inspector, reviewer, decision, small_threshold, settings, django_capture_on_commit_callbacks
):
    add_notes(decision, reviewer, 12)
    client = client_for(inspector)
    total = client.get(timeline_path(decision)).context["page_obj"].paginator.count
    assert total > 12
    # the GET offers the background export and starts nothing
    offer = client.get(timeline_path(decision, "csv/"))
    assert offer.status_code == 200 and offer["Content-Type"].startswith("text/html")
    assert 'id="export-request"' in offer.content.decode() and f"{total} events" in offer.content.decode()
    assert not TimelineExport.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = request_export(client, decision, "csv")
    export = latest_export()
    assert response["Location"] == f"/inspection/timelines/exports/{export.pk}/status/"
    assert (export.status, export.requested_by, export.rows_requested) == ("done", inspector, total)
    run = JobRun.objects.get(name="audit.build_timeline_export", key=f"timeline-export:{export.pk}")
    assert (run.status, run.attempts) == ("succeeded", 1)
    status = client.get(response["Location"])
    assert status.status_code == 200 and 'id="export-download"' in status.content.decode()

    body = download(client, export)
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert len(rows) == 2 + total == 2 + export.rows  # the title, the header, every event
    notes = [row for row in rows[2:] if row[2] == "test.note"]
    assert len(notes) == 12 and any("Ghi chú số 11" in row[6] for row in notes)
    # stored privately, never under MEDIA_ROOT; audited with the file's digest; the requester is told
    assert Path(export.file.path).is_relative_to(Path(settings.PRIVATE_MEDIA_ROOT))
    assert export.sha256 == hashlib.sha256(body).hexdigest() and export.size == len(body)
    exported = AuditEntry.objects.get(action="timeline.exported")
    assert exported.actor == inspector and exported.data["rows"] == total
    assert exported.data["sha256"] == export.sha256
    told = Notification.objects.get(recipient=inspector, dedupe_key=f"timeline-export:{export.pk}")
    assert told.link == f"/inspection/timelines/exports/{export.pk}/status/"


def test_a_large_pdf_export_opens_and_holds_the_names(
    client_for,
    inspector,
    reviewer,
    leadership,
    decision,
    appointee,
    small_threshold,
    django_capture_on_commit_callbacks,
):
    add_notes(decision, reviewer, 8)
    client = client_for(inspector)
    assert 'id="export-request"' in client.get(timeline_path(decision, "pdf/")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        request_export(client, decision, "pdf")
    export = latest_export()
    assert export.status == "done"
    body = download(client, export)
    assert body.startswith(b"%PDF")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)
    assert "Vương Quốc Tuấn" in text  # the signer, as the actor of decision.signed
    assert appointee.full_name in text  # the decision's participants and subject, diacritics extractable
    assert decision.number in text and "Ghi chú số 7" in text
    assert text.count("test.note") == 8


def test_the_filters_apply_to_the_background_export(
    client_for, inspector, reviewer, decision, small_threshold, django_capture_on_commit_callbacks
):
    add_notes(decision, reviewer, 7)
    client = client_for(inspector)
    with django_capture_on_commit_callbacks(execute=True):
        request_export(client, decision, "csv", query="action=test&order=desc&page=3")
    export = latest_export()
    assert export.query == "action=test&order=desc"  # normalised: no page, fixed order
    rows = list(csv.reader(io.StringIO(download(client, export).decode("utf-8-sig"))))[2:]
    assert [row[2] for row in rows] == ["test.note"] * 7
    assert [note_number(row) for row in rows] == list(range(6, -1, -1))  # newest first


def test_asking_twice_for_the_same_export_runs_the_job_once(
    client_for, inspector, reviewer, decision, small_threshold, django_capture_on_commit_callbacks
):
    from apps.inspection.tasks import build_timeline_export

    add_notes(decision, reviewer, 6)
    client = client_for(inspector)
    with django_capture_on_commit_callbacks(execute=True):
        request_export(client, decision, "csv")
    with django_capture_on_commit_callbacks(execute=True) as second:
        request_export(client, decision, "csv")
    assert second == []  # nothing queued
    assert TimelineExport.objects.count() == 1
    export = latest_export()
    # a redelivered message for the same export is skipped by its key
    assert build_timeline_export.delay(export.pk).get()["skipped"] is True
    assert AuditEntry.objects.filter(action="timeline.exported").count() == 1
    assert AuditEntry.objects.filter(action="timeline.export_requested").count() == 1
    assert JobRun.objects.get(key=f"timeline-export:{export.pk}").attempts == 1
    # a new event makes it a new export
    add_notes(decision, reviewer, 1)
    with django_capture_on_commit_callbacks(execute=True):
        request_export(client, decision, "csv")
    assert TimelineExport.objects.count() == 2 and latest_export().rows == export.rows + 1


def test_the_pdf_cap_is_stated_and_nothing_is_cut(
    client_for, inspector, reviewer, decision, small_threshold, monkeypatch
):
    monkeypatch.setattr("apps.inspection.views.timelines.PDF_MAX_ROWS", 8)
    monkeypatch.setattr("apps.inspection.services.exports.PDF_MAX_ROWS", 8)
    add_notes(decision, reviewer, 10)
    client = client_for(inspector)
    offer = client.get(timeline_path(decision, "pdf/")).content.decode()
    assert "A PDF holds at most 8 events" in offer and 'id="export-request"' not in offer
    response = client.post(timeline_path(decision, "export/"), {"format": "pdf"})
    assert response.status_code == 302 and response["Location"] == timeline_path(decision)
    assert not TimelineExport.objects.exists()


def test_only_the_requester_sees_and_downloads_an_export(
    client_for,
    inspector,
    reviewer,
    leader_a,
    leadership,
    admin_user,
    province,
    decision,
    small_threshold,
    django_capture_on_commit_callbacks,
):
    add_notes(decision, reviewer, 6)
    with django_capture_on_commit_callbacks(execute=True):
        request_export(client_for(inspector), decision, "csv")
    export = latest_export()
    status, file = (f"/inspection/timelines/exports/{export.pk}/{part}/" for part in ("status", "file"))
    another_inspector = UserFactory(username="inspector_2")
    grant_role(
        user=another_inspector,
        role=Role.INSPECTION,
        unit=province,
        include_descendants=True,
        actor=admin_user,
    )
    citizen = UserFactory(username="citizen")  # signed in, no role
    front = UserFactory(username="mttq")
    grant_role(user=front, role=Role.FRONT, unit=province, include_descendants=True, actor=admin_user)

    assert client_for(inspector).get(status).status_code == 200
    assert client_for(inspector).get(file).status_code == 200
    for path in (status, file):
        assert client_for(another_inspector).get(path).status_code == 404, path
        for user in (reviewer, leader_a, leadership, front, citizen):
            assert client_for(user).get(path).status_code == 403, (user, path)
        response = client_for(None).get(path)
        assert response.status_code == 302 and "/login" in response["Location"], path
    export_url = timeline_path(decision, "export/")
    assert client_for(reviewer).post(export_url, {"format": "csv"}).status_code == 403
    assert client_for(None).post(export_url, {"format": "csv"}).status_code == 302
    listing = client_for(another_inspector).get("/inspection/timelines/exports/")
    assert listing.status_code == 200 and list(listing.context["exports"]) == []
    assert [e.pk for e in client_for(inspector).get("/inspection/timelines/exports/").context["exports"]] == [
        export.pk
    ]
    assert TimelineExport.objects.count() == 1  # nobody else started one


def test_a_requester_who_lost_the_inspection_role_cannot_download(
    client_for, inspector, reviewer, decision, small_threshold, django_capture_on_commit_callbacks, admin_user
):
    from apps.accounts.models import RoleAssignment
    from apps.accounts.services import withdraw_role

    add_notes(decision, reviewer, 6)
    with django_capture_on_commit_callbacks(execute=True):
        request_export(client_for(inspector), decision, "csv")
    export = latest_export()
    for assignment in RoleAssignment.objects.active().filter(user=inspector):
        withdraw_role(assignment=assignment, actor=admin_user)
    assert client_for(inspector).get(f"/inspection/timelines/exports/{export.pk}/file/").status_code == 403


def test_more_than_a_thousand_events_go_to_the_background_and_all_are_exported(
    client_for, inspector, reviewer, decision, django_capture_on_commit_callbacks
):
    """No small threshold here: the real limits (1 000 in the request; chunks of 1 000 in the job)."""
    add_notes(decision, reviewer, 1_100)
    client = client_for(inspector)
    total = client.get(timeline_path(decision)).context["page_obj"].paginator.count
    assert total > 1_100
    assert 'id="export-request"' in client.get(timeline_path(decision, "csv/")).content.decode()
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        request_export(client, decision, "csv")
    elapsed = time.monotonic() - started
    export = latest_export()
    rows = list(csv.reader(io.StringIO(download(client, export).decode("utf-8-sig"))))[2:]
    assert len(rows) == total == export.rows
    assert sorted(note_number(row) for row in rows if row[2] == "test.note") == list(range(1_100))
    print(f"timeline export CSV: {total} events in {elapsed:.2f} s (request + job, SQLite)")
