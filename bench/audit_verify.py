"""Benchmark: append N audit entries to a scratch database and time the verification (``audit_verify``).

    .venv/bin/python bench/audit_verify.py                      # 10,000 entries, scratch SQLite file
    .venv/bin/python bench/audit_verify.py -n 100000
    .venv/bin/python bench/audit_verify.py --postgres postgres://postgres@127.0.0.1:5432/cf_bench_audit
    .venv/bin/python bench/audit_verify.py -n 1000000 --bulk --postgres …     # 10^6 in a few minutes

The scratch database is created and removed by the script (a PostgreSQL one must be named ``cf_…bench…`` so
that a typing mistake cannot drop a real database). Entries are written by ``apps.audit.services.record`` — the
same code the services use, MAC included — in transactions of 500; with ``--bulk`` by ``record_many`` (the same
chain, hashes and MACs, written by bulk inserts, as the registry import does) in transactions of 50,000, so that
10^6 entries take minutes instead of an hour. A signed checkpoint is taken (``audit_checkpoint``)
before the last ``--after-checkpoint`` entries (default 1,000: about a day's entries), then ``verify_log`` (what
``manage.py audit_verify`` and "verify now" run) walks the log twice: the whole log (chain, MACs, the checkpoint)
and ``--from-checkpoint`` (only the entries after it). Prints the append rate, the times and entries per second,
and a last line ``RESULT {json}``.
"""

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]  # noqa: E501  (bench/http.py is not the standard library's http)
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
        "--after-checkpoint", type=int, default=1000, help="entries appended after the checkpoint"
    )
    parser.add_argument(
        "--bulk", action="store_true", help="append with record_many in batches (a valid chain, quickly)"
    )
    parser.add_argument(
        "--postgres",
        metavar="URL",
        help="scratch PostgreSQL database (name starting cf_ and containing bench)",
    )
    args = parser.parse_args()

    scratch_dir = tempfile.TemporaryDirectory(prefix="cf-bench-audit-")
    if args.postgres:
        name = urlparse(args.postgres).path.lstrip("/")
        if not (name.startswith("cf_") and "bench" in name):
            parser.error("the scratch PostgreSQL database name must start with cf_ and contain bench")
        _pg_admin(args.postgres, f'DROP DATABASE IF EXISTS "{name}"')
        _pg_admin(args.postgres, f'CREATE DATABASE "{name}"')
        os.environ["DATABASE_URL"] = args.postgres
    else:
        os.environ["DATABASE_URL"] = f"sqlite:///{scratch_dir.name}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["DJANGO_PRIVATE_MEDIA_ROOT"] = scratch_dir.name

    os.environ.setdefault("CADREFLOW_AUDIT_HMAC_KEY", "bench-" + "k" * 42)
    os.environ.setdefault("CADREFLOW_AUDIT_HMAC_KEY_ID", "bench")

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    from apps.accounts.models import User
    from apps.audit.checkpoints import create_checkpoint, verify_log
    from apps.audit.services import record, record_many

    try:
        call_command("migrate", verbosity=0)
        actor = User.objects.create(username="bench")
        checkpoint_at = max(0, args.entries - args.after_checkpoint)

        def data(i):
            return {"step": i % 20, "note": "bước thử nghiệm", "votes": {"yes": i % 7, "no": 2}}

        def append_bulk(start, stop):
            chunk = 50_000
            for first in range(start, stop, chunk):
                entries = (("bench.step", actor, data(i)) for i in range(first, min(first + chunk, stop)))
                record_many(entries, actor=actor, batch_size=5000)

        def append(start, stop):
            if args.bulk:
                return append_bulk(start, stop)
            chunk = 500
            for first in range(start, stop, chunk):
                with transaction.atomic():
                    for i in range(first, min(first + chunk, stop)):
                        record(
                            "bench.step",
                            actor,
                            actor=actor,
                            process_id=i // 20 + 1,
                            data=data(i),
                        )

        started = time.perf_counter()
        append(0, checkpoint_at)
        append_s = time.perf_counter() - started
        started = time.perf_counter()
        checkpoint = create_checkpoint()[0]
        checkpoint_s = time.perf_counter() - started
        started = time.perf_counter()
        append(checkpoint_at, args.entries)
        append_s += time.perf_counter() - started

        full = verify_log(batch_size=args.batch_size)
        assert full.ok and full.checkpoint_seq == checkpoint_at, full
        assert full.entries_checked == args.entries and full.unauthenticated_entries == 0, full
        incremental = verify_log(batch_size=args.batch_size, from_checkpoint=True)
        assert incremental.ok and incremental.started_after == checkpoint.seq, incremental
        per_s = full.entries_checked / full.elapsed
        print(f"database:          {connection.vendor}")
        print(f"entries:           {full.entries_checked} (checkpoint at #{checkpoint.seq})")
        via = "record_many(), bulk" if args.bulk else "record()"
        print(f"append:            {append_s:.2f} s ({args.entries / append_s:,.0f} entries/s, via {via})")
        print(f"checkpoint:        {checkpoint_s:.3f} s (verify #1–#{checkpoint.seq}, sign, write the file)")
        print(f"verify (full):     {full.elapsed:.3f} s ({per_s:,.0f} entries/s; chain, MACs, checkpoint)")
        print(
            f"verify (from checkpoint): {incremental.elapsed:.3f} s "
            f"({incremental.entries_checked} entries after #{checkpoint.seq})"
        )
        print(f"head:              #{full.head_seq} {full.head_hash}")
        print(
            "RESULT "
            + json.dumps(
                {
                    "database": connection.vendor,
                    "entries": full.entries_checked,
                    "audit_verify_s": round(full.elapsed, 3),
                    "audit_verify_per_s": round(per_s),
                    "audit_verify_from_checkpoint_s": round(incremental.elapsed, 3),
                    "entries_after_checkpoint": incremental.entries_checked,
                    "checkpoint_s": round(checkpoint_s, 3),
                    "append_per_s": round(args.entries / append_s),
                    "append_via": "record_many" if args.bulk else "record",
                }
            )
        )
    finally:
        connection.close()
        if args.postgres:
            _pg_admin(args.postgres, f'DROP DATABASE IF EXISTS "{name}"')
        scratch_dir.cleanup()


if __name__ == "__main__":
    main()
