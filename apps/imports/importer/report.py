"""The import's report: its issues and counts, and the checks of the uploaded file before any row is read."""

import hashlib
from dataclasses import dataclass, field

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from apps.core.rules import RuleViolation
from apps.core.uploads import SPREADSHEET_KINDS, check_upload

from ..reading import Issue

#: at most this many problems are kept in a report (the counts are always complete)
MAX_ISSUES = 5000


class Skipped(Exception):
    """The row refers to a row of the file that has its own problem: only that problem is reported."""


class RowError(Exception):
    def __init__(self, column, message, value=""):
        super().__init__(message)
        self.column, self.message, self.value = column, message, value


@dataclass
class Report:
    filename: str = ""
    size: int = 0
    sha256: str = ""
    dry_run: bool = True
    applied: bool = False
    issues: list = field(default_factory=list)
    issue_count: int = 0
    counts: dict = field(default_factory=dict)  # sheet kind -> {"rows", "created", "updated", "unchanged"}

    @property
    def ok(self):
        return self.issue_count == 0

    def add(self, issue):
        self.issue_count += 1
        if len(self.issues) < MAX_ISSUES:
            self.issues.append(issue)

    def count(self, kind, outcome):
        counts = self.counts.setdefault(kind, {"rows": 0, "created": 0, "updated": 0, "unchanged": 0})
        counts[outcome] += 1

    @property
    def rows(self):
        return sum(c["rows"] for c in self.counts.values())

    @property
    def changed(self):
        return sum(c["created"] + c["updated"] for c in self.counts.values())

    def as_dict(self):
        return {
            "filename": self.filename,
            "size": self.size,
            "sha256": self.sha256,
            "dry_run": self.dry_run,
            "applied": self.applied,
            "issue_count": self.issue_count,
            "issues": [issue.as_dict() for issue in self.issues],
            "counts": self.counts,
        }


def sha256_of(fileobj):
    fileobj.seek(0)
    digest = hashlib.sha256()
    for block in iter(lambda: fileobj.read(1 << 20), b""):
        digest.update(block)
    fileobj.seek(0)
    return digest.hexdigest()


def file_issues(upload):
    """Problems of the file itself (too large, not a spreadsheet, a program), before anything is read."""
    name = upload.name or ""
    limit = settings.MAX_IMPORT_BYTES
    if (upload.size or 0) >= limit:
        message = _("The file is {size}: files of {limit} or more are not accepted; split it into several.")
        return [
            Issue(
                name, 0, "", "", message.format(size=filesizeformat(upload.size), limit=filesizeformat(limit))
            )
        ]
    try:
        check_upload(upload, kinds=SPREADSHEET_KINDS, max_bytes=limit)
    except RuleViolation as exc:
        return [Issue(name, 0, "", "", str(exc.message))]
    return []
