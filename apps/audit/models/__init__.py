"""Audit app models: the hash-chained log (``log``), its verification runs and the violation reports."""

from .exports import TimelineExport
from .log import AuditEntry, AuditEntryQuerySet, AuditLogIsAppendOnly, ChainVerification
from .reports import ReportAttachment, ViolationReport

__all__ = [
    "AuditEntry",
    "AuditEntryQuerySet",
    "AuditLogIsAppendOnly",
    "ChainVerification",
    "ReportAttachment",
    "TimelineExport",
    "ViolationReport",
]
