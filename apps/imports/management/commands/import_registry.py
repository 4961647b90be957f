"""``manage.py import_registry PATH [--dry-run] [--actor USERNAME]`` and ``manage.py import_registry --template OUT``.

Imports a workbook (XLSX, or one sheet as CSV) into the registry, all or nothing, and prints the report: one line
per problem (sheet, row, column, message) and the counts per sheet. ``--template`` writes the empty template.
"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from apps.imports import writing
from apps.imports.importer import run_import


class Command(BaseCommand):
    help = "Import the registry from a workbook (dry run with --dry-run), or write the template (--template OUT)."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", help="The workbook (.xlsx) or CSV file to import")
        parser.add_argument("--dry-run", action="store_true", help="Check everything, write nothing")
        parser.add_argument("--template", metavar="OUT", help="Write the empty template to OUT (.xlsx)")
        parser.add_argument(
            "--actor",
            metavar="USERNAME",
            help="The user recorded as the author (default: no user, the system)",
        )

    def handle(self, *args, path=None, dry_run=False, template=None, actor=None, **options):
        if template:
            Path(template).write_bytes(writing.save(writing.template_workbook()))
            self.stdout.write(f"Template written to {template}")
            return
        if not path:
            raise CommandError("Give the file to import, or --template OUT.")
        user = None
        if actor:
            try:
                user = get_user_model().objects.get(username=actor)
            except get_user_model().DoesNotExist as exc:
                raise CommandError(f"No user {actor!r}.") from exc
        source = Path(path)
        if not source.is_file():
            raise CommandError(f"No file {path}.")
        with source.open("rb") as handle:
            report = run_import(handle, source.name, actor=user, dry_run=dry_run)
        for issue in report.issues:
            where = f"{issue.sheet}!{issue.column or '-'}{issue.row or ''}"
            header = f" [{issue.header}]" if issue.header else ""
            value = f" «{issue.value}»" if issue.value else ""
            self.stdout.write(f"{where}{header}{value}: {issue.message}")
        for kind, counts in report.counts.items():
            self.stdout.write(
                f"{kind}: {counts['rows']} rows, {counts['created']} new, {counts['updated']} changed, "
                f"{counts['unchanged']} unchanged"
            )
        if not report.ok:
            raise CommandError(f"{report.issue_count} problem(s): nothing was written.")
        self.stdout.write(
            "Dry run: nothing was written." if dry_run else f"Imported (SHA-256 {report.sha256})."
        )
