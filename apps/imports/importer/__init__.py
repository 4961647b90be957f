"""The registry import: read a workbook, check every row through the registry's services, and keep all of it or
nothing.

``run_import(fileobj, filename, actor=…, dry_run=True)`` does the whole import inside one transaction and rolls it
back on a dry run or when any row has a problem, so a dry run checks exactly what applying would do (rows that
refer to rows earlier in the same file, overlaps between two rows of one seat…). Each sheet has a natural key
(``sheets.Sheet.natural_key``): a row whose record exists and is the same changes nothing, so the same file twice
changes nothing; a unit, position or cadre that differs is updated through its service; a record of a cadre (a
tenure, an evaluation…) that differs is reported, since those are corrected on the cadre's page.
"""

from .base import FIELD_COLUMNS, RULE_COLUMNS, BaseImporter
from .cells import parse_cell
from .report import MAX_ISSUES, Report, RowError, Skipped, file_issues, sha256_of
from .rows import Importer, run_import

__all__ = [
    "BaseImporter",
    "FIELD_COLUMNS",
    "Importer",
    "MAX_ISSUES",
    "RULE_COLUMNS",
    "Report",
    "RowError",
    "Skipped",
    "file_issues",
    "parse_cell",
    "run_import",
    "sha256_of",
]
