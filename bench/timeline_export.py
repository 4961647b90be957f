"""Benchmark: the background timeline export (``audit.build_timeline_export``) of a timeline of N events.

    .venv/bin/python bench/timeline_export.py                 # 5,000 events, CSV and PDF, scratch SQLite file
    .venv/bin/python bench/timeline_export.py -n 20000 --formats csv

A scratch SQLite database and private-media directory are created and removed by the script. The subject is a user
whose timeline holds N audit entries written by ``apps.audit.services.record``; an inspector requests each export
through ``services.exports.request_export`` and the job runs in-process (no broker: Celery is eager). Prints, per
format, the events exported, the file size, the job's time and the queries it ran.
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]  # noqa: E501  (bench/http.py is not the standard library's http)
sys.path.insert(0, str(ROOT))


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("-n", "--events", type=int, default=5_000)
    parser.add_argument("--formats", default="csv,pdf")
    args = parser.parse_args()

    scratch = tempfile.TemporaryDirectory(prefix="cf-bench-export-")
    os.environ["DATABASE_URL"] = f"sqlite:///{scratch.name}/bench.sqlite3"
    os.environ["DJANGO_PRIVATE_MEDIA_ROOT"] = scratch.name
    os.environ.pop("CELERY_BROKER_URL", None)
    os.environ.setdefault("EMAIL_URL", "dummymail://")  # the "export ready" notification's e-mail copy
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    call_command("migrate", verbosity=0)
    from apps.accounts.models import Role
    from apps.accounts.services import grant_role
    from apps.audit.models import TimelineExport
    from apps.audit.services import record
    from apps.inspection.services.exports import build_export, request_export
    from tests.factories import OrgUnitFactory, UnitLevelFactory, UserFactory

    level = UnitLevelFactory(code="province", name="Cấp tỉnh", order=0)
    province = OrgUnitFactory(code="bn", name="Tỉnh Bắc Ninh", level=level, parent=None)
    admin = UserFactory(username="bench-admin", is_superuser=True, is_staff=True)
    inspector = UserFactory(username="bench-inspector")
    grant_role(user=inspector, role=Role.INSPECTION, unit=province, include_descendants=True, actor=admin)
    person = UserFactory(username="bench-person", first_name="Văn An", last_name="Nguyễn")
    started = time.monotonic()
    for start in range(0, args.events, 500):
        with transaction.atomic():
            for i in range(start, min(start + 500, args.events)):
                record("bench.event", actor=person, data={"i": i, "ghi_chú": f"Sự kiện số {i}"})
    print(
        f"timeline_export: {args.events:,} audit entries written in {time.monotonic() - started:.1f} s (SQLite)"
    )

    for fmt in args.formats.split(","):
        with transaction.atomic():
            export, _created = request_export(actor=inspector, kind="user", pk=person.pk, fmt=fmt)
        # the job, as the worker runs it (on commit it already ran in-process: time a fresh run of the same work)
        TimelineExport.objects.filter(pk=export.pk).update(status=TimelineExport.Status.QUEUED)
        queries = []
        with connection.execute_wrapper(lambda execute, *a, q=queries: q.append(1) or execute(*a)):
            began = time.monotonic()
            result = build_export(export.pk)
            elapsed = time.monotonic() - began
        print(
            f"timeline_export {fmt.upper()}: {result['rows']:,} events, {result['bytes']:,} bytes "
            f"in {elapsed:.2f} s ({len(queries)} queries, SQLite)"
        )
    scratch.cleanup()


if __name__ == "__main__":
    main()
