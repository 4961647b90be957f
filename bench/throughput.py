"""Whole procedures per second, 1 and 2 processes, SQLite and PostgreSQL, CadreFlow beside the reference flow.

    .venv/bin/python bench/throughput.py [--quick] [--db sqlite|postgres|both] [-k 6]

Per database (a scratch SQLite file, or ``cf_bench_tp`` on PostgreSQL 127.0.0.1:5432): migrate, ``3k`` units
each with a vacancy and two eligible cadres (``_setup.appointment_world``), then whole internal appointments — proposal to the signed decision, 12 human
steps, every rule, PDF, history row, audit entry and notification — through the services as the pages run them
(``apps.demo.seeding.procedures.appoint``), ``k`` procedures in one process, then ``k`` in each of two processes at
once (forked; each its own connection). The reference flow (start → approve → If → end) runs the same way: its
activations, a guardian check, its history. Prints tasks/s and procedures/s, the refusals (a rule refusing a
procedure, a deadlock) and ``RESULT {json}`` with ``tasks_per_s_pg`` / ``tasks_per_s_sqlite`` (2 processes).
"""

import argparse
import json
import multiprocessing
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]  # noqa: E501  (bench/http.py is not the standard library's http)
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import _setup  # noqa: E402

DB_PREFIX = _setup.DB_PREFIX

SPARE = 4  # procedures run once more to weigh what they store
PG_URL = os.environ.get("BENCH_POSTGRES_URL", f"postgres://postgres@127.0.0.1:5432/{DB_PREFIX}_tp")


def _pg_admin(url, sql):
    import psycopg

    admin = urlparse(url)._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(sql)


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("-k", type=int, default=None, help="procedures per process (default 6; quick 2)")
    parser.add_argument("--one", help=argparse.SUPPRESS)  # internal: run on the database of DATABASE_URL
    args = parser.parse_args()
    k = args.k or (2 if args.quick else 6)
    if args.one:
        figures = run_one(k)
        _setup.result(figures)
        return
    merged = {}
    for db in ("sqlite", "postgres") if args.db == "both" else (args.db,):
        scratch = tempfile.TemporaryDirectory(prefix="cf-bench-tp-")
        env = {**os.environ, "DJANGO_PRIVATE_MEDIA_ROOT": scratch.name, "DJANGO_MEDIA_ROOT": scratch.name}
        if db == "sqlite":
            env["DATABASE_URL"] = f"sqlite:///{scratch.name}/tp.sqlite3"
        else:
            name = urlparse(PG_URL).path.lstrip("/")
            assert name.startswith("cf_") and "bench" in name, name
            _pg_admin(PG_URL, f'DROP DATABASE IF EXISTS "{name}"')
            _pg_admin(PG_URL, f'CREATE DATABASE "{name}"')
            env["DATABASE_URL"] = PG_URL
        try:
            done = subprocess.run(
                [sys.executable, __file__, "--one", db, "-k", str(k)], env=env, capture_output=True, text=True
            )
        finally:
            if db == "postgres":
                _pg_admin(PG_URL, f'DROP DATABASE IF EXISTS "{name}"')
            scratch.cleanup()
        print(done.stdout, end="")
        if done.returncode:
            print(done.stderr[-4000:], file=sys.stderr)
            merged[f"error_{db}"] = (
                done.stderr.strip().splitlines()[-1][:300] if done.stderr.strip() else "failed"
            )
            continue
        figures = json.loads(done.stdout.strip().splitlines()[-1].removeprefix("RESULT "))
        short = "pg" if db == "postgres" else "sqlite"
        merged[f"tasks_per_s_{short}"] = figures["cadreflow"]["2"]["tasks_per_s"]
        merged[f"reference_tasks_per_s_{short}"] = figures["reference"]["2"]["tasks_per_s"]
        merged[short] = figures
    merged["load"] = _setup.load()
    _setup.result(merged)


# --- one database ------------------------------------------------------------------------------------------------


def run_one(k):
    _setup.setup()
    from django.db import connection

    started = time.perf_counter()
    _setup.migrate()
    world = _setup.appointment_world(3 * k + SPARE)
    print(
        f"{connection.vendor}: migrate + {3 * k} units with a vacancy in {time.perf_counter() - started:.0f} s"
    )
    ref = reference_world()
    figures = {"database": connection.vendor, "k": k, "cadreflow": {}, "reference": {}}
    plans = {"1": [world["jobs"][:k]], "2": [world["jobs"][k : 2 * k], world["jobs"][2 * k : 3 * k]]}
    for procs, chunks in plans.items():
        for flow, runner, arg in (
            ("reference", run_reference, [[ref] * k for _ in chunks]),
            ("cadreflow", run_cadreflow, [(world, chunk) for chunk in chunks]),
        ):
            fig = timed(runner, arg)
            figures[flow][procs] = fig
            print(
                f"{connection.vendor:10} {flow:9} {procs} process(es): {fig['procedures']} procedures, "
                f"{fig['tasks']} tasks in {fig['s']:.1f} s: {fig['tasks_per_s']:.1f} tasks/s, "
                f"{fig['procedures_per_s']:.2f} procedures/s; refused {fig['refused']}, deadlocks "
                f"{fig['deadlocks']} (load {_setup.load()})"
            )
    # proposals in one unit by two processes at once (issue 13's deadlock): every one must be made
    half = len(world["one_unit"]) // 2
    fig = timed(run_proposals, [world["one_unit"][:half], world["one_unit"][half:]])
    figures["one_unit_proposals"] = fig
    figures["deadlocks"] = fig["deadlocks"] + sum(figures["cadreflow"][p]["deadlocks"] for p in plans)
    print(
        f"{connection.vendor:10} proposals in one unit, 2 processes at once: {fig['procedures']} made, "
        f"refused {fig['refused']}, deadlocks {fig['deadlocks']} {fig['errors']}"
    )
    figures.update(stored_per_procedure(world, ref))
    figures["load"] = _setup.load()
    return figures


def run_proposals(positions):
    from django.db import OperationalError

    from apps.accounts.models import User
    from apps.core.rules import RuleViolation
    from apps.organisation.models import Position
    from workflows.appointment.flows import AppointmentFlow
    from workflows.common import runner

    _child_connection()
    out = {"done": 0, "refused": 0, "deadlocks": 0, "errors": []}
    for position_pk, proposer_pk in positions:
        proposer = User.objects.get(pk=proposer_pk)
        try:
            runner.start(
                AppointmentFlow,
                actor=proposer,
                position=Position.objects.get(pk=position_pk),
                seats=1,
                source="internal",
                job_needs="x",
                criteria="y",
            )
            out["done"] += 1
        except RuleViolation as exc:
            out["refused"] += 1
            out["errors"].append(str(exc)[:200])
        except OperationalError as exc:
            if "deadlock" in str(exc).lower():
                out["deadlocks"] += 1
            out["errors"].append(str(exc)[:200])
    return out


KINDS = (
    ("history", lambda t: "historical" in t),
    ("audit", lambda t: t.startswith("audit_")),
    ("notifications", lambda t: t.startswith("notifications_")),
    ("workflow", lambda t: t.startswith(("viewflow_", "workflow_", "appointment_", "reference_"))),
)


def _sizes():
    """Bytes per kind of table (rows, TOAST and indexes): PostgreSQL's relation sizes; SQLite's dbstat pages."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT relname, pg_total_relation_size(c.oid) FROM pg_class c "
                "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'r'"
            )
        else:
            try:
                cursor.execute("SELECT name, sum(pgsize) FROM dbstat GROUP BY name")
            except Exception:  # noqa: BLE001  (SQLite built without dbstat)
                return None
        sizes = {}
        for table, size in cursor.fetchall():
            kind = next((k for k, match in KINDS if match(table)), "other")
            sizes[kind] = sizes.get(kind, 0) + int(size or 0)
        return sizes


def _row_bytes():
    """PostgreSQL: the bytes of the live rows of each table (``pg_column_size`` of each row: data and tuple
    header, TOAST compressed; no index, no free space, no dead versions) — exact where the relation sizes above
    move by whole 8 KB pages. None elsewhere."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = 'public' AND c.relkind = 'r'"
        )
        tables = [row[0] for row in cursor.fetchall()]
        sizes = {}
        for table in tables:
            cursor.execute(f'SELECT coalesce(sum(pg_column_size(t.*)), 0) FROM "{table}" t')
            sizes[table] = int(cursor.fetchone()[0])
        return sizes


def _print_row_bytes(before, after, done):
    """The tables that grew, by live row bytes per procedure, biggest first, with their kind."""
    delta = {t: (after.get(t, 0) - before.get(t, 0)) / max(1, done) for t in after}
    grown = sorted(((b, t) for t, b in delta.items() if b > 0), reverse=True)
    total = sum(b for b, _ in grown)
    print(f"live row bytes per procedure (pg_column_size, no indexes): {total:,.0f}; the biggest tables:")
    for size, table in grown[:12]:
        kind = next((k for k, match in KINDS if match(table)), "other")
        print(f"  {table:48} {kind:14} {size:>9,.0f}")
    by_kind = {}
    for size, table in grown:
        kind = next((k for k, match in KINDS if match(table)), "other")
        by_kind[kind] = by_kind.get(kind, 0) + round(size)
    return round(total), by_kind


def stored_per_procedure(world, ref):
    """Bytes stored per whole procedure by kind: the sizes before and after `n` more procedures of each flow."""
    n = SPARE
    before = _sizes()
    if before is None:
        return {}
    rows_before = _row_bytes()
    out = run_cadreflow((world, world["jobs"][-n:]))
    rows = _print_row_bytes(rows_before, _row_bytes(), out["done"]) if rows_before is not None else None
    after = _sizes()
    cadreflow = {k: round((after.get(k, 0) - before.get(k, 0)) / max(1, out["done"])) for k in after}
    before = after
    m = 40  # small rows: enough of them to fill whole pages
    run_reference([ref] * m)
    after = _sizes()
    reference = {k: round((after.get(k, 0) - before.get(k, 0)) / m) for k in after}
    total, ref_total = sum(cadreflow.values()), sum(reference.values())
    print(f"bytes stored per procedure (by kind; {out['done']} CadreFlow, 40 reference procedures):")
    for kind in sorted(set(cadreflow) | set(reference)):
        print(f"  {kind:14} {cadreflow.get(kind, 0):>10,} {reference.get(kind, 0):>10,}")
    print(f"  {'total':14} {total:>10,} {ref_total:>10,}  ratio {total / max(1, ref_total):.1f}")
    return {
        "bytes_per_procedure": total,
        "reference_bytes_per_procedure": ref_total,
        "bytes_by_kind": cadreflow,
        **({"row_bytes_per_procedure": rows[0], "row_bytes_by_kind": rows[1]} if rows else {}),
    }


def reference_world():
    from django.contrib.auth.models import Permission
    from guardian.shortcuts import assign_perm

    from apps.accounts.models import User
    from bench.reference.models import Department

    department = Department.objects.create(name="Phòng Tổ chức")
    requester = User.objects.create(username="bench_requester")
    approver = User.objects.create(username="bench_approver")
    starts = Permission.objects.filter(content_type__app_label="reference").exclude(
        codename="approve_in_department"
    )
    requester.user_permissions.add(*starts)
    assign_perm("reference.approve_in_department", approver, department)
    return (department.pk, requester.pk, approver.pk)


def timed(runner, chunks):
    """Run ``runner(chunk)`` in len(chunks) processes at once (one: in this process); tasks made, time."""
    from django.db import connections
    from viewflow.workflow.models import Task

    before = Task.objects.count()
    started = time.perf_counter()
    if len(chunks) == 1:
        outcomes = [runner(chunks[0])]
    else:
        connections.close_all()
        ctx = multiprocessing.get_context("fork")
        with ctx.Pool(len(chunks)) as pool:
            outcomes = pool.map(runner, chunks)
    s = time.perf_counter() - started
    tasks = Task.objects.count() - before
    done = sum(o["done"] for o in outcomes)
    return {
        "procedures": done,
        "tasks": tasks,
        "s": round(s, 2),
        "tasks_per_s": round(tasks / s, 1),
        "procedures_per_s": round(done / s, 2),
        "refused": sum(o["refused"] for o in outcomes),
        "deadlocks": sum(o["deadlocks"] for o in outcomes),
        "errors": [e for o in outcomes for e in o["errors"]][:3],
    }


def _child_connection():
    from django.db import connections

    for conn in connections.all():
        conn.close()


def run_cadreflow(arg):
    import random

    from django.db import OperationalError, transaction

    from apps.accounts.models import User
    from apps.cadres.models import Cadre
    from apps.core.rules import RuleViolation
    from apps.demo.seeding import procedures
    from apps.organisation.models import Position

    world, jobs = arg
    _child_connection()
    board, leadership = User.objects.get(pk=world["board"]), User.objects.get(pk=world["leadership"])
    out = {"done": 0, "refused": 0, "deadlocks": 0, "errors": []}
    rng = random.Random(1)
    for position_pk, cadre_pks, proposer_pk in jobs:
        position = Position.objects.select_related("unit__level", "authority").get(pk=position_pk)
        cadres = sorted(Cadre.objects.filter(pk__in=cadre_pks), key=lambda c: cadre_pks.index(c.pk))
        try:
            with transaction.atomic():
                procedures.appoint(
                    position=position,
                    cadres=cadres,
                    proposer=User.objects.get(pk=proposer_pk),
                    board=board,
                    leadership=leadership,
                    rng=rng,
                )
            out["done"] += 1
        except RuleViolation as exc:
            out["refused"] += 1
            out["errors"].append(str(exc)[:200])
        except OperationalError as exc:
            if "deadlock" in str(exc).lower():
                out["deadlocks"] += 1
            out["errors"].append(str(exc)[:200])
    return out


def run_reference(chunk, approve=True):
    from django.db import transaction
    from viewflow.workflow.models import Task
    from viewflow.workflow.status import STATUS

    from apps.accounts.models import User
    from bench.reference.flows import ReferenceFlow
    from bench.reference.models import Department

    _child_connection()
    out = {"done": 0, "refused": 0, "deadlocks": 0, "errors": []}
    for department_pk, requester_pk, approver_pk in chunk:
        department = Department.objects.get(pk=department_pk)
        requester, approver = User.objects.get(pk=requester_pk), User.objects.get(pk=approver_pk)
        with transaction.atomic():
            node = ReferenceFlow.start
            activation = node.activation_class.create(node, None, None)
            activation.start(type("R", (), {"user": requester})())
            activation.process.department = department
            activation.process.text = "Đề nghị"
            activation.execute()
            process = activation.process
        if not approve:
            out["done"] += 1
            continue
        node = ReferenceFlow.approve
        with transaction.atomic(), ReferenceFlow.lock(process.pk):
            task = Task.objects.get(process_id=process.pk, flow_task=node, status=STATUS.NEW)
            activation = node.activation_class(task)
            if not node.can_assign(approver, task):
                raise PermissionError("the approver may not take the step")
            activation.assign(approver)
            activation.start(None)
            process.approved = True
            process.save()
            activation.execute()
        out["done"] += 1
    return out


if __name__ == "__main__":
    main()
