"""The pages of a finished appointment show its history readably: no action code, JSON, model id or ISO date in
the history of the procedure page, the timelines (procedure, cadre, decision, user), the audit log and the CSV
export, in Vietnamese and in English (issue 11 §4)."""

import csv
import html
import io
import re

import pytest
from django.conf import settings
from django.urls import reverse

from apps.audit.models import AuditEntry
from apps.conferences.steps import step_titles
from workflows.appointment.flows import AppointmentFlow

from . import test_walkthrough as walkthrough
from .test_walkthrough import started  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db

ISO = re.compile(r"\d{4}-\d{2}-\d{2}")
HASH_ID = re.compile(r"#\d")


def _section(page, start_marker):
    """The table that starts at `start_marker`, as visible text (tags and attributes dropped)."""
    start = page.index(start_marker)
    end = page.index("</table>", start)
    return html.unescape(re.sub(r"<[^>]+>", " ", page[start:end]))


def assert_readable(text, codes, where):
    assert not ISO.search(text), (where, ISO.search(text).group(0))
    assert "{" not in text and "}" not in text, where
    assert not HASH_ID.search(text), (where, HASH_ID.search(text).group(0))
    for code in codes:
        found = re.search(rf"(?<![\w.]){re.escape(code)}(?![\w])", text)
        assert not found, (where, code, text[max(0, found.start() - 200) : found.end() + 50])


@pytest.fixture
def finished(client_for, started, leadership, position):  # noqa: F811
    walkthrough.test_happy_path_ends_with_a_signed_decision_and_a_tenure(
        client_for, started, leadership, position
    )
    process = started[0]
    process.refresh_from_db()
    return process


@pytest.mark.parametrize("language", ["vi", "en"])
def test_no_page_of_a_finished_appointment_shows_a_code_json_id_or_iso_date(
    language, finished, client_for, reviewer, inspector
):
    process = finished
    codes = set(AuditEntry.objects.values_list("action", flat=True).distinct()) | set(step_titles())
    assert "appointment.appointed" in codes and "conference.recorded" in codes
    board = client_for(reviewer)
    inspection = client_for(inspector)
    for client in (board, inspection):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language

    page = board.get(AppointmentFlow.instance.reverse("process_detail", args=[process.pk]))
    assert page.status_code == 200
    history = _section(page.content.decode(), 'class="cf-history"')
    assert history.count("\n") > 0 and len(history) > 500  # the history is there, with its details
    assert_readable(history, codes, "procedure history")

    decision = process.decision
    subjects = {
        "procedure": process.pk,
        "cadre": decision.cadre_id,
        "decision": decision.pk,
        "user": reviewer.pk,
    }
    for kind, pk in subjects.items():
        response = inspection.get(reverse("inspection:timelines:detail", args=[kind, pk]))
        assert response.status_code == 200, kind
        page = response.content.decode()
        assert 'class="cf-event' in page, kind
        events = _section(page[page.index('cf-timeline"') :], "<tbody>")
        assert_readable(events, codes, f"timeline of the {kind}")

    response = inspection.get(reverse("inspection:timelines:csv", args=["procedure", process.pk]))
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert len(rows) > 10
    # the first column is the time, as dd/mm/yyyy; everything else is words
    assert_readable(" ".join(" ".join(row[1:]) for row in rows), codes, "CSV export")

    response = inspection.get(reverse("inspection:audit:index"))
    assert response.status_code == 200
    page = response.content.decode()
    log = _section(page[page.index("cf-audit-log") :], "<tbody>")
    # the hash column is the log's own evidence; the rest reads as words
    log = re.sub(r"\b[0-9a-f]{10}…", " ", log)
    assert_readable(log, codes, "audit log")
