"""Rules for violation reports: status transitions and what a public attachment may be.

Attachments come from anonymous people: their type is decided by their first bytes (magic numbers), never by
the name or the browser's content type; executables and scripts are refused by content and by name.
"""

import hashlib

from django.conf import settings
from django.utils.translation import gettext as _

from apps.audit.models import ViolationReport
from apps.core.rules import RuleViolation
from apps.core.uploads import check_upload

Status = ViolationReport.Status

#: status -> statuses a report may move to (H25: received → assessed → investigated → answered → closed)
TRANSITIONS = {
    Status.RECEIVED: {Status.TRIAGING, Status.REJECTED},
    Status.TRIAGING: {Status.INVESTIGATING, Status.REJECTED},
    Status.INVESTIGATING: {Status.ANSWERED, Status.REJECTED},
    Status.ANSWERED: {Status.CLOSED},
    Status.CLOSED: set(),
    Status.REJECTED: set(),
}

DESCRIPTION_MIN_CHARS = 30
DESCRIPTION_MAX_CHARS = 8000

#: what an anonymous reporter may attach (the product-wide check is apps.core.uploads)
PUBLIC_KINDS = frozenset({"pdf", "jpeg", "png", "docx"})


def require_transition(report, target):
    """A report moves only along ``TRANSITIONS``; closed and rejected reports are final."""
    if target not in TRANSITIONS[report.status]:
        raise RuleViolation(
            "report_transition",
            _("A report that is “{current}” cannot become “{target}”.").format(
                current=report.get_status_display(), target=Status(target).label
            ),
        )


def require_answer_text(answer):
    if not (answer or "").strip():
        raise RuleViolation("report_answer_required", _("Write the answer to send to the reporter."))


def require_description_length(text):
    length = len((text or "").strip())
    if length < DESCRIPTION_MIN_CHARS or length > DESCRIPTION_MAX_CHARS:
        raise RuleViolation(
            "report_description_length",
            _("Describe what happened in {low} to {high} characters.").format(
                low=DESCRIPTION_MIN_CHARS, high=DESCRIPTION_MAX_CHARS
            ),
        )


def check_attachment(upload):
    """Refuse an empty, oversized, executable or not-allowed file (by content: ``apps.core.uploads``); return its
    sniffed content type."""
    return check_upload(upload, kinds=PUBLIC_KINDS)


def check_attachments(uploads):
    """Every file passes ``check_attachment`` and there are at most ``REPORT_MAX_ATTACHMENTS``; returns the
    sniffed content types in order."""
    limit = settings.REPORT_MAX_ATTACHMENTS
    if len(uploads) > limit:
        raise RuleViolation("too_many_attachments", _("Attach at most {limit} files.").format(limit=limit))
    return [check_attachment(upload) for upload in uploads]


def sha256_of(upload):
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()
