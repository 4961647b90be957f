"""Benchmark: append N audit entries to a scratch database and time the chain verification.

    .venv/bin/python bench/audit_verify.py                      # 10,000 entries, scratch SQLite file
    .venv/bin/python bench/audit_verify.py -n 100000
    .venv/bin/python bench/audit_verify.py --postgres postgres://postgres@127.0.0.1:5432/cf_bench_audit

The scratch database is created and removed by the script (a PostgreSQL one must be named ``cf_bench…`` so
that a typing mistake cannot drop a real database). Entries are written by ``apps.audit.services.record`` — the
same code the services use — in transactions of 500; then ``verify_chain`` (what ``manage.py audit_verify`` and
"verify now" run) walks them. Prints the append rate, the verification time and entries per second.
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _pg_admin(url, sql):
    import psycopg

    parsed = urlparse(url)
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(sql)


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("-n", "--entries", type=int, default=10_000)
    parser.add_argument("--batch-size", type=int, default=2000, help="verification batch size")
    parser.add_argument(
        "--postgres", metavar="URL", help="scratch PostgreSQL database (name starting cf_bench)"
    )
    args = parser.parse_args()

    scratch_dir = tempfile.TemporaryDirectory(prefix="cf-bench-audit-")
    if args.postgres:
        name = urlparse(args.postgres).path.lstrip("/")
        if not name.startswith("cf_bench"):
            parser.error("the scratch PostgreSQL database name must start with cf_bench")
        _pg_admin(args.postgres, f'DROP DATABASE IF EXISTS "{name}"')
        _pg_admin(args.postgres, f'CREATE DATABASE "{name}"')
        os.environ["DATABASE_URL"] = args.postgres
    else:
        os.environ["DATABASE_URL"] = f"sqlite:///{scratch_dir.name}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["DJANGO_PRIVATE_MEDIA_ROOT"] = scratch_dir.name

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    from apps.accounts.models import User
    from apps.audit.services import record
    from apps.audit.verify import verify_chain

    try:
        call_command("migrate", verbosity=0)
        actor = User.objects.create(username="bench")
        started = time.perf_counter()
        chunk = 500
        for start in range(0, args.entries, chunk):
            with transaction.atomic():
                for i in range(start, min(start + chunk, args.entries)):
                    record(
                        "bench.step",
                        actor,
                        actor=actor,
                        process_id=i // 20 + 1,
                        data={"step": i % 20, "note": "bước thử nghiệm", "votes": {"yes": i % 7, "no": 2}},
                    )
        append_s = time.perf_counter() - started

        result = verify_chain(batch_size=args.batch_size)
        assert result.ok, result
        print(f"database:          {connection.vendor}")
        print(f"entries:           {result.entries_checked}")
        print(f"append:            {append_s:.2f} s ({args.entries / append_s:,.0f} entries/s, via record())")
        print(
            f"verify:            {result.elapsed:.3f} s ({result.entries_checked / result.elapsed:,.0f} entries/s)"
        )
        print(f"head:              #{result.head_seq} {result.head_hash}")
    finally:
        connection.close()
        if args.postgres:
            _pg_admin(args.postgres, f'DROP DATABASE IF EXISTS "{name}"')
        scratch_dir.cleanup()


if __name__ == "__main__":
    main()
