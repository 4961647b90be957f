"""``make bench``: every benchmark in turn, then ONE line ``RESULT {json}`` merging their figures.

    .venv/bin/python bench/all.py            # full sizes
    QUICK=1 .venv/bin/python bench/all.py    # the quick sizes (under 5 minutes on an idle 2-core machine)

Runs ``steps.py`` (SQLite in memory, and PostgreSQL when reachable), ``throughput.py`` (SQLite and PostgreSQL),
``scale.py`` (PostgreSQL), ``http.py``, ``audit_verify.py`` (10^6 entries; quick: 10^5) and prints each one's
output; a script that fails is named in ``failed`` and the others still run. Keys of the last line:
``queries_ratio``, ``time_ratio``, ``tasks_per_s_pg``, ``tasks_per_s_sqlite``, ``max_queries``, ``p95_ms_max``,
``growth_max``, ``html_kb_max``, ``req_per_s``, ``req_ratio``, ``http_errors``, ``bytes_per_procedure``,
``audit_verify_per_s``, ``deadlocks``, and ``load`` (the machine's load average at the end: it is shared).
"""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path[:] = [
    p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent
]  # bench/http.py is not the standard library's http

ROOT = Path(__file__).resolve().parent.parent
DB_PREFIX = os.environ.get("BENCH_DB_PREFIX", "cf_bench")  # as bench/_setup.py
PG = os.environ.get("BENCH_POSTGRES_URL", f"postgres://postgres@127.0.0.1:5432/{DB_PREFIX}")


def pg_reachable():
    try:
        import psycopg

        with psycopg.connect("postgres://postgres@127.0.0.1:5432/postgres", connect_timeout=3):
            return True
    except Exception:  # noqa: BLE001
        return False


def run(label, args, env=None):
    print(f"== {label}: {' '.join(args)}", flush=True)
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, *args], cwd=ROOT, env={**os.environ, **(env or {})}, capture_output=True, text=True
    )
    out = [line for line in done.stdout.splitlines() if not line.startswith("RESULT ")]
    print("\n".join(out[-60:]), flush=True)
    results = [line for line in done.stdout.splitlines() if line.startswith("RESULT ")]
    print(
        f"   ({time.perf_counter() - started:.0f} s, load {[round(x, 2) for x in os.getloadavg()]})",
        flush=True,
    )
    if done.returncode or not results:
        print(done.stderr[-3000:], file=sys.stderr)
        return None
    return json.loads(results[-1].removeprefix("RESULT "))


def main():
    quick = os.environ.get("QUICK", "") not in ("", "0")
    q = ["--quick"] if quick else []
    pg = pg_reachable()
    merged, failed, detail = {}, [], {}

    steps = run("steps (SQLite)", ["bench/steps.py", *q])
    if pg:
        steps_pg = run("steps (PostgreSQL)", ["bench/steps.py", *q], {"DATABASE_URL": PG})
        detail["steps_sqlite"], steps = steps, steps_pg or steps
    if steps:
        merged.update(queries_ratio=steps["queries_ratio"], time_ratio=steps["time_ratio"])
        detail["steps"] = steps
    else:
        failed.append("steps")

    tp = run("throughput", ["bench/throughput.py", *q, "--db", "both" if pg else "sqlite"])
    if tp:
        for key in ("tasks_per_s_pg", "tasks_per_s_sqlite"):
            merged[key] = tp.get(key)
        db = tp.get("pg") or tp.get("sqlite") or {}
        merged["bytes_per_procedure"] = db.get("bytes_per_procedure")
        merged["deadlocks"] = db.get("deadlocks")
        detail["throughput"] = {k: v for k, v in tp.items() if k not in ("pg", "sqlite")}
    else:
        failed.append("throughput")

    scale = run("scale", ["bench/scale.py", *q, "--db", "postgres" if pg else "sqlite"])
    if scale:
        for key in ("max_queries", "p95_ms_max", "growth_max", "html_kb_max"):
            merged[key] = scale[key]
    else:
        failed.append("scale")

    http = run("http", ["bench/http.py", *q])
    if http:
        merged.update(
            req_per_s=http["req_per_s"], req_ratio=http["req_ratio"], http_errors=http["http_errors"]
        )
    else:
        failed.append("http")

    audit_args = ["bench/audit_verify.py", "-n", "100000" if quick else "1000000", "--bulk"]
    if pg:
        audit_args += ["--postgres", f"postgres://postgres@127.0.0.1:5432/{DB_PREFIX}_audit"]
    audit = run("audit_verify", audit_args)
    if audit:
        merged.update(
            audit_verify_per_s=audit["audit_verify_per_s"],
            audit_verify_from_checkpoint_s=audit["audit_verify_from_checkpoint_s"],
        )
    else:
        failed.append("audit_verify")

    merged.update(quick=quick, postgres=pg, failed=failed, load=[round(x, 2) for x in os.getloadavg()])
    print("RESULT " + json.dumps(merged), flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
