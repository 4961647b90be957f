"""The one check every uploaded file passes: its type is decided by its content (first bytes, the parts inside an
office document), never by its name or by the browser's content type; programs and scripts are refused by content
and by name; empty and oversized files are refused.

Used by every upload of the product: procedure step attachments and revocation evidence
(``workflows.common.models.validate_attachment``), conference minutes (``apps.conferences``), candidates'
self-assessments and evaluations and the reappointment report (form fields and model fields), and the public
violation report form (``apps.inspection.rules.check_attachment``, with its narrower list of types). Raises
``RuleViolation`` (a ``ValidationError``), so it works as a form or model field validator as well.
"""

import zipfile
from pathlib import PurePath

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from .rules import RuleViolation

#: sniffed kind -> (content type, accepted file name suffixes, name shown to people)
KINDS = {
    "pdf": ("application/pdf", {".pdf"}, "PDF"),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        {".docx"},
        "Word (.docx)",
    ),
    "doc": ("application/msword", {".doc"}, "Word (.doc)"),
    "odt": ("application/vnd.oasis.opendocument.text", {".odt"}, "OpenDocument (.odt)"),
    "jpeg": ("image/jpeg", {".jpg", ".jpeg"}, "JPEG"),
    "png": ("image/png", {".png"}, "PNG"),
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        {".xlsx"},
        "Excel (.xlsx)",
    ),
    "csv": ("text/csv", {".csv"}, "CSV"),
}
#: what officials attach to procedures
DOCUMENT_KINDS = frozenset({"pdf", "docx", "doc", "odt", "jpeg", "png"})
#: what the registry import reads (``apps.imports``)
SPREADSHEET_KINDS = frozenset({"xlsx", "csv"})
#: names refused whatever their content: programs and scripts run by a double click
EXECUTABLE_SUFFIXES = frozenset(
    ".exe .com .bat .cmd .scr .pif .msi .msp .dll .cpl .jar .js .jse .vbs .vbe .wsf .wsh .hta .ps1 .psm1 "
    ".sh .bash .zsh .py .pl .rb .php .lnk .reg .apk .app .bin .run .elf .docm .xlsm .pptm".split()
)
#: first bytes of programs (PE, ELF, Mach-O, fat Mach-O / Java class, scripts with a #! line)
EXECUTABLE_MAGIC = (
    b"MZ",
    b"\x7fELF",
    b"\xfe\xed\xfa",
    b"\xce\xfa\xed\xfe",
    b"\xcf\xfa\xed\xfe",
    b"\xca\xfe\xba\xbe",
    b"#!",
)
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"


def _head(upload, size=16):
    upload.seek(0)
    head = upload.read(size)
    upload.seek(0)
    return head


def _zip_kind(upload):
    """``"docx"`` for a Word document without macros, ``"odt"`` for an OpenDocument text, else ``None``."""
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            if "word/document.xml" in names:
                return None if any(n.endswith("vbaProject.bin") for n in names) else "docx"
            if "xl/workbook.xml" in names:
                return None if any(n.endswith("vbaProject.bin") for n in names) else "xlsx"
            if "mimetype" in names and archive.read("mimetype").strip() == ODT_MIMETYPE:
                return None if any(n.lower().startswith("basic/") for n in names) else "odt"
    except (zipfile.BadZipFile, OSError, ValueError, KeyError):
        return None
    finally:
        upload.seek(0)
    return None


def sniff_type(upload):
    """The kind the file's content shows (a key of ``KINDS``), ``"executable"``, or ``None`` for anything else."""
    head = _head(upload)
    if head.startswith(EXECUTABLE_MAGIC):
        return "executable"
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(OLE2_MAGIC):
        return "doc"
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(upload)
    if _is_text(upload):
        return "csv"
    return None


def _is_text(upload, size=4096):
    """Plain UTF-8 text without NUL bytes (a CSV file: its name decides whether it is accepted as one)."""
    sample = _head(upload, size)
    if not sample or b"\x00" in sample:
        return False
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start >= len(sample) - 3  # a character cut by the sample's end
    return True


def check_upload(upload, kinds=DOCUMENT_KINDS, max_bytes=None):
    """Refuse an executable, empty, oversized (`max_bytes`, by default ``MAX_ATTACHMENT_BYTES``) file, or one whose
    content is not one of `kinds` or does not match its name's suffix; return the content type its content shows."""
    max_bytes = max_bytes or settings.MAX_ATTACHMENT_BYTES
    name = PurePath(upload.name or "").name
    suffixes = {suffix.lower() for suffix in PurePath(name).suffixes}
    kind = sniff_type(upload)
    if suffixes & EXECUTABLE_SUFFIXES or kind == "executable":
        raise RuleViolation(
            "attachment_executable", _("“{name}” is a program or a script: not accepted.").format(name=name)
        )
    if not upload.size:
        raise RuleViolation("attachment_empty", _("“{name}” is empty.").format(name=name))
    if upload.size > max_bytes:
        raise RuleViolation(
            "attachment_too_large",
            _("“{name}” is larger than {limit}.").format(name=name, limit=filesizeformat(max_bytes)),
        )
    if kind not in kinds or PurePath(name).suffix.lower() not in KINDS[kind][1]:
        raise RuleViolation(
            "attachment_type",
            _(
                "“{name}” is not accepted: its content is not one of {types}, or does not match its name."
            ).format(name=name, types=", ".join(KINDS[k][2] for k in KINDS if k in kinds)),
        )
    return KINDS[kind][0]


def validate_upload(upload):
    """Form and model field validator: ``check_upload`` with the document kinds."""
    check_upload(upload)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        return [super(MultipleFileField, self).clean(item, initial) for item in files]
