"""Rules for violation reports: status transitions and what a public attachment may be.

Attachments come from anonymous people: their type is decided by their first bytes (magic numbers), never by
the name or the browser's content type; executables and scripts are refused by content and by name.
"""

import hashlib
import zipfile
from pathlib import PurePath

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from apps.core.rules import RuleViolation

from .models import ViolationReport

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

#: sniffed type -> (content type, accepted file name suffixes)
ALLOWED_TYPES = {
    "pdf": ("application/pdf", {".pdf"}),
    "jpeg": ("image/jpeg", {".jpg", ".jpeg"}),
    "png": ("image/png", {".png"}),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", {".docx"}),
}
#: names refused whatever their content: programs and scripts run by a double click
EXECUTABLE_SUFFIXES = frozenset(
    ".exe .com .bat .cmd .scr .pif .msi .msp .dll .cpl .jar .js .jse .vbs .vbe .wsf .wsh .hta .ps1 .psm1 "
    ".sh .bash .zsh .py .pl .rb .php .lnk .reg .apk .app .bin .run .elf .docm .xlsm .pptm".split()
)
#: first bytes of programs (PE, ELF, Mach-O, scripts with a #! line)
EXECUTABLE_MAGIC = (b"MZ", b"\x7fELF", b"\xfe\xed\xfa", b"\xce\xfa\xed\xfe", b"\xcf\xfa\xed\xfe", b"#!")
MACH_O_FAT = b"\xca\xfe\xba\xbe"


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


def _head(upload, size=16):
    upload.seek(0)
    head = upload.read(size)
    upload.seek(0)
    return head


def _is_docx(upload):
    """A Word document is a ZIP with word/document.xml and no macros."""
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    finally:
        upload.seek(0)
    return "word/document.xml" in names and not any(name.endswith("vbaProject.bin") for name in names)


def sniff_type(upload):
    """The allowed type the file's first bytes show (``"pdf"``, ``"jpeg"``, ``"png"``, ``"docx"``), or
    ``"executable"``, or ``None`` for anything else."""
    head = _head(upload)
    if head.startswith(EXECUTABLE_MAGIC) or head.startswith(MACH_O_FAT):
        return "executable"
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"PK\x03\x04") and _is_docx(upload):
        return "docx"
    return None


def check_attachment(upload):
    """Refuse an empty, oversized, executable or not-allowed file; return its sniffed content type."""
    name = upload.name or ""
    suffixes = {suffix.lower() for suffix in PurePath(name).suffixes}
    if suffixes & EXECUTABLE_SUFFIXES or sniff_type(upload) == "executable":
        raise RuleViolation(
            "attachment_executable", _("“{name}” is a program or a script: not accepted.").format(name=name)
        )
    if not upload.size:
        raise RuleViolation("attachment_empty", _("“{name}” is empty.").format(name=name))
    if upload.size > settings.MAX_ATTACHMENT_BYTES:
        raise RuleViolation(
            "attachment_too_large",
            _("“{name}” is larger than {limit}.").format(
                name=name, limit=filesizeformat(settings.MAX_ATTACHMENT_BYTES)
            ),
        )
    kind = sniff_type(upload)
    suffix = PurePath(name).suffix.lower()
    if kind not in ALLOWED_TYPES or suffix not in ALLOWED_TYPES[kind][1]:
        raise RuleViolation(
            "attachment_type",
            _("“{name}” is not a PDF, JPEG, PNG or Word (.docx) file.").format(name=name),
        )
    return ALLOWED_TYPES[kind][0]


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
