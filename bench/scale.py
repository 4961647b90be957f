"""List pages and timelines at 10^3 and 10^5 procedures (cloned from real ones), beside the reference flow's pages.

    .venv/bin/python bench/scale.py [--quick] [--db postgres|sqlite] [--sizes 1000,100000] [-r 7]

A scratch database (``cf_bench_scale`` on PostgreSQL 127.0.0.1:5432 by default, or a temporary SQLite file):
migrate, ``seed_demo`` (``BENCH_SEED_SCALE``, default 0.25: its appointments and reappointments run through the
services), a few more appointments left open (waiting in the queue, and claimed: in the board's inbox), and
reference procedures (done and waiting). Then every table a procedure writes — ``viewflow_process``, the flow's own
process table and its history, tasks and their links, candidates and their history, audit entries — is cloned by
``INSERT … SELECT`` (ids shifted per copy; audit hashes replaced, the chain of the clones is not valid) until each
size is reached; at each size every page is read ``-r`` times by the user who works with it (organisation board,
inspection), through the test client: p50, p95 (ms), queries, KB of HTML. The quick mode: 10^3 and 10^4, 3 reads.
Ends with ``RESULT {json}``: ``max_queries``, ``p95_ms_max``, ``growth_max`` (p50 at the largest size / p50 at
the smallest), ``html_kb_max`` over CadreFlow's pages, and every page's figures.
"""

import argparse
import math
import os
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]  # noqa: E501  (bench/http.py is not the standard library's http)
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import _setup  # noqa: E402

DB_PREFIX = _setup.DB_PREFIX

PG_URL = os.environ.get("BENCH_POSTGRES_URL", f"postgres://postgres@127.0.0.1:5432/{DB_PREFIX}_scale")


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
    parser.add_argument("--db", choices=["postgres", "sqlite"], default="postgres")
    parser.add_argument("--sizes", default=None)
    parser.add_argument("-r", "--reads", type=int, default=None)
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    parser.add_argument(
        "--explain",
        action="store_true",
        help="at the largest size: EXPLAIN ANALYZE of each page's slowest queries and a cProfile of one read "
        "(bench/out/scale-explain.txt, bench/out/scale-profile.txt)",
    )
    args = parser.parse_args()
    sizes = [int(s) for s in (args.sizes or ("1000,10000" if args.quick else "1000,100000")).split(",")]
    reads = args.reads or (3 if args.quick else 7)
    scratch = tempfile.TemporaryDirectory(prefix="cf-bench-scale-")
    os.environ["DJANGO_PRIVATE_MEDIA_ROOT"] = scratch.name
    os.environ["DJANGO_MEDIA_ROOT"] = scratch.name
    name = None
    if args.db == "postgres":
        name = urlparse(PG_URL).path.lstrip("/")
        assert name.startswith("cf_") and "bench" in name, name
        _pg_admin(PG_URL, f'DROP DATABASE IF EXISTS "{name}"')
        _pg_admin(PG_URL, f'CREATE DATABASE "{name}"')
        os.environ["DATABASE_URL"] = PG_URL
    else:
        os.environ["DATABASE_URL"] = f"sqlite:///{scratch.name}/scale.sqlite3"
    os.environ.setdefault("DATABASE_CONN_MAX_AGE", "0")
    _setup.setup()
    try:
        figures = run(sizes, reads, with_explain=args.explain)
    finally:
        from django.db import connections

        connections.close_all()
        if name and not args.keep:
            _pg_admin(PG_URL, f'DROP DATABASE IF EXISTS "{name}"')
        scratch.cleanup()
    _setup.result(figures)


# --- the data -----------------------------------------------------------------------------------------------------


def build_templates():
    """Real procedures to clone, through the services: whole appointments, open ones (in the board's queue, and
    claimed: in its inbox), the reference flow's (done and waiting)."""
    import random

    from django.db import transaction

    from apps.accounts.models import Role, User
    from apps.accounts.services import grant_role
    from apps.cadres.models import Cadre
    from apps.demo.seeding import procedures
    from apps.organisation.models import OrgUnit, Position
    from bench.throughput import run_proposals, run_reference
    from tests.factories import UserFactory
    from workflows.appointment.flows import AppointmentFlow
    from workflows.appointment.models import AppointmentProcess

    started = time.perf_counter()
    _setup.migrate()
    world = _setup.appointment_world(4)
    board, leadership = User.objects.get(pk=world["board"]), User.objects.get(pk=world["leadership"])
    for position_pk, cadre_pks, proposer_pk in world["jobs"][:3]:
        with transaction.atomic():
            procedures.appoint(
                position=Position.objects.get(pk=position_pk),
                cadres=sorted(Cadre.objects.filter(pk__in=cadre_pks), key=lambda c: cadre_pks.index(c.pk)),
                proposer=User.objects.get(pk=proposer_pk),
                board=board,
                leadership=leadership,
                rng=random.Random(1),
            )
    run_proposals(world["one_unit"][:4])
    for process in AppointmentProcess.objects.filter(task__flow_task=AppointmentFlow.policy_review)[:2]:
        task = process.task_set.get(flow_task=AppointmentFlow.policy_review, finished__isnull=True)
        AppointmentFlow.policy_review.activation_class(task).assign(board)
    ref, approver = reference_users()
    run_reference([ref] * 3)
    run_reference([ref] * 3, approve=False)
    inspector = UserFactory(username="bench_inspector")
    admin = User.objects.get(username="bench_admin")
    grant_role(user=inspector, role=Role.INSPECTION, unit=OrgUnit.objects.get(code="bn"), actor=admin)
    print(
        f"templates (migrate, 3 whole appointments, 4 open, 6 reference) in {time.perf_counter() - started:.0f} s"
    )
    return {"board": board, "inspector": inspector, "approver": approver}


def reference_users():
    """The reference flow's department, requester and approver (guardian object permission on the department;
    the model permission too: Viewflow's queue lists by it)."""
    from django.contrib.auth.models import Permission
    from guardian.shortcuts import assign_perm

    from apps.accounts.models import User
    from bench.reference.models import Department

    department = Department.objects.create(name="Phòng Tổ chức")
    requester = User.objects.create(username="bench_requester")
    approver = User.objects.create(username="bench_approver")
    perms = Permission.objects.filter(content_type__app_label="reference")
    requester.user_permissions.add(*perms.exclude(codename="approve_in_department"))
    approver.user_permissions.add(*perms)
    assign_perm("reference.approve_in_department", approver, department)
    return (department.pk, requester.pk, approver.pk), approver


def table_columns(table):
    from django.db import connection

    with connection.cursor() as cursor:
        return [c.name for c in connection.introspection.get_table_description(cursor, table)]


def clone_specs():
    """(table, where the row belongs to a template procedure, {column: shift name}, {column: SQL}) per table."""
    from django.apps import apps

    from bench.reference.models import ReferenceProcess
    from workflows.appointment.models import AppointmentCandidate, AppointmentProcess
    from workflows.reappointment.models import ReappointmentProcess

    tmpl = "(SELECT id FROM bench_templates)"
    specs = [
        ("viewflow_process", f"id IN {tmpl}", {"id": "P"}, {}),
        ("viewflow_task", f"process_id IN {tmpl}", {"id": "T", "process_id": "P"}, {}),
        (
            "viewflow_task_previous",
            f"from_task_id IN (SELECT id FROM viewflow_task WHERE process_id IN {tmpl})",
            {"id": "self", "from_task_id": "T", "to_task_id": "T"},
            {},
        ),
        (
            "audit_auditentry",
            f"process_id IN {tmpl}",
            {"id": "self", "seq": "S", "process_id": "P"},
            {"hash": "'clone-' || CAST(seq + {g} * {S} AS TEXT)"},
        ),
    ]
    for model in (AppointmentProcess, ReappointmentProcess, ReferenceProcess):
        specs.append((model._meta.db_table, f"process_ptr_id IN {tmpl}", {"process_ptr_id": "P"}, {}))
        hist = model.history.model._meta.db_table
        specs.append((hist, f"process_ptr_id IN {tmpl}", {"history_id": "self", "process_ptr_id": "P"}, {}))
    specs.append(
        (AppointmentCandidate._meta.db_table, f"process_id IN {tmpl}", {"id": "C", "process_id": "P"}, {})
    )
    hist = AppointmentCandidate.history.model._meta.db_table
    specs.append((hist, f"process_id IN {tmpl}", {"history_id": "self", "id": "C", "process_id": "P"}, {}))
    del apps
    return specs


class Cloner:
    def __init__(self):
        from django.db import connection

        from workflows.appointment.models import AppointmentCandidate

        self.specs = clone_specs()
        with connection.cursor() as cursor:
            cursor.execute("CREATE TABLE bench_templates (id bigint PRIMARY KEY)")
            cursor.execute("INSERT INTO bench_templates SELECT id FROM viewflow_process")
            cursor.execute("CREATE TABLE bench_g (n bigint PRIMARY KEY)")

            def top(sql):
                cursor.execute(sql)
                return (cursor.fetchone()[0] or 0) + 1

            self.templates = top("SELECT count(*) FROM bench_templates") - 1
            self.shift = {
                "P": top("SELECT max(id) FROM viewflow_process"),
                "T": top("SELECT max(id) FROM viewflow_task"),
                "S": top("SELECT max(seq) FROM audit_auditentry"),
                "C": top(f"SELECT max(id) FROM {AppointmentCandidate._meta.db_table}"),
            }
            for table, _where, shifts, _o in self.specs:
                if "self" in shifts.values():
                    pk = next(c for c, s in shifts.items() if s == "self")
                    self.shift[table] = top(f'SELECT max("{pk}") FROM "{table}"') * 2
        self.copies = 0

    def grow_to(self, processes):
        """Clone the templates until about `processes` processes exist."""
        from django.db import connection, transaction

        wanted = max(0, math.ceil(processes / self.templates) - 1)
        if wanted <= self.copies:
            return 0
        started = time.perf_counter()
        rows = 0
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("DELETE FROM bench_g")
            step = 5000
            for first in range(self.copies + 1, wanted + 1, step):
                cursor.executemany(
                    "INSERT INTO bench_g (n) VALUES (%s)",
                    [(n,) for n in range(first, min(first + step, wanted + 1))],
                )
            for table, where, shifts, overrides in self.specs:
                columns = table_columns(table)
                select = []
                for column in columns:
                    if column in shifts:
                        amount = self.shift[table if shifts[column] == "self" else shifts[column]]
                        select.append(f'"{column}" + bench_g.n * {amount}')
                    elif column in overrides:
                        select.append(overrides[column].format(g="bench_g.n", S=self.shift["S"]))
                    else:
                        select.append(f'"{column}"')
                cols = ", ".join(f'"{c}"' for c in columns)
                cursor.execute(
                    f'INSERT INTO "{table}" ({cols}) SELECT {", ".join(select)} FROM "{table}", bench_g WHERE {where}'
                )
                rows += cursor.rowcount
            if connection.vendor == "postgresql":
                for table, _where, shifts, _o in self.specs:
                    for column, kind in shifts.items():
                        if kind in ("self", "P", "T", "C") and column in ("id", "history_id"):
                            cursor.execute(
                                f"SELECT setval(pg_get_serial_sequence('\"{table}\"', '{column}'), "
                                f'(SELECT max("{column}") FROM "{table}"))'
                            )
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        self.copies = wanted
        print(
            f"cloned to {self.templates * (wanted + 1):,} processes: {rows:,} rows in "
            f"{time.perf_counter() - started:.0f} s (load {_setup.load()})"
        )
        return rows


# --- the pages ----------------------------------------------------------------------------------------------------


def pages(users):
    from django.urls import reverse

    from apps.audit.models import AuditEntry
    from apps.cadres.models import Cadre
    from bench.reference.flows import ReferenceFlow
    from workflows.appointment.flows import AppointmentFlow
    from workflows.appointment.models import AppointmentProcess
    from workflows.reappointment.flows import ReappointmentFlow

    appointment, reappointment = AppointmentFlow.instance, ReappointmentFlow.instance
    procedure = AppointmentProcess.objects.filter(pk__in=_template_ids()).order_by("pk").first()
    cadre = (
        Cadre.objects.filter(pk__in=AuditEntry.objects.values("object_id")[:0]).first()
        or Cadre.objects.first()
    )
    board, inspector, approver = users["board"], users["inspector"], users["approver"]
    return [
        ("appointment inbox", board, appointment.reverse("inbox")),
        ("appointment queue", board, appointment.reverse("queue")),
        ("appointment process list", board, appointment.reverse("process_list")),
        ("reappointment list", board, reappointment.reverse("process_list")),
        ("reappointment queue", board, reappointment.reverse("queue")),
        ("cadre list", board, reverse("registry:cadres:list")),
        ("cadre profile", board, reverse("registry:cadres:detail", args=[cadre.pk])),
        (
            "procedure timeline",
            inspector,
            reverse("inspection:timelines:detail", args=["procedure", procedure.pk]),
        ),
        ("user timeline", inspector, reverse("inspection:timelines:detail", args=["user", board.pk])),
        ("audit log", inspector, reverse("inspection:audit:index")),
        ("targets", board, reverse("targets:targets:index")),
        ("reference inbox", approver, ReferenceFlow.instance.reverse("inbox")),
        ("reference queue", approver, ReferenceFlow.instance.reverse("queue")),
        ("reference process list", approver, ReferenceFlow.instance.reverse("process_list")),
    ]


def _template_ids():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT id FROM bench_templates")
        return [r[0] for r in cursor.fetchall()]


def measure(page_list, reads):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    clients = {}
    out = {}
    for label, user, url in page_list:
        client = clients.get(user.pk)
        if client is None:
            client = clients[user.pk] = Client()
            client.force_login(user)
        response = client.get(url)  # warm-up (caches, templates)
        assert response.status_code == 200, (label, url, response.status_code)
        times, queries = [], []
        for _ in range(reads):
            started = time.perf_counter()
            with CaptureQueriesContext(connection) as ctx:
                response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
            queries.append(len(ctx.captured_queries))
        out[label] = {
            "p50_ms": round(_setup.median(times), 1),
            "p95_ms": round(_setup.pct(times, 95), 1),
            "queries": max(queries),
            "html_kb": round(len(response.content) / 1024, 1),
        }
        f = out[label]
        print(
            f"  {label:28} p50 {f['p50_ms']:8.1f} ms  p95 {f['p95_ms']:8.1f} ms  {f['queries']:3} queries "
            f"{f['html_kb']:8.1f} KB"
        )
    return out


def explain(page_list, slowest=2):
    """Each page read once more: a cProfile of the whole request (the 12 costliest functions, cumulative) and, on
    PostgreSQL, ``EXPLAIN (ANALYZE, BUFFERS)`` of its `slowest` queries. Written to bench/out/; a summary printed."""
    import cProfile
    import io
    import pstats

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    out_dir = Path(__file__).resolve().parent / "out"
    out_dir.mkdir(exist_ok=True)
    plans, profiles = io.StringIO(), io.StringIO()
    clients = {}
    for label, user, url in page_list:
        if label.startswith("reference"):
            continue
        client = clients.get(user.pk)
        if client is None:
            client = clients[user.pk] = Client()
            client.force_login(user)
        profiler = cProfile.Profile()
        with CaptureQueriesContext(connection) as ctx:
            profiler.enable()
            client.get(url)
            profiler.disable()
        stats = pstats.Stats(profiler, stream=profiles)
        profiles.write(f"\n===== {label} ({url}) =====\n")
        stats.sort_stats("cumulative").print_stats(
            r"apps/|workflows/|viewflow/|django/template/|django/db/", 14
        )
        queries = sorted(ctx.captured_queries, key=lambda q: -float(q["time"]))[:slowest]
        sql_ms = sum(float(q["time"]) for q in ctx.captured_queries) * 1000
        total_s = stats.total_tt
        print(f"  {label:28} one read under cProfile {total_s * 1000:8.1f} ms, SQL {sql_ms:7.1f} ms")
        if connection.vendor != "postgresql":
            continue
        for q in queries:
            if not q["sql"].lstrip().upper().startswith(("SELECT", "(SELECT", "WITH")):
                continue
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + q["sql"])
                plan = [row[0] for row in cursor.fetchall()]
            plans.write(f"\n===== {label}: {float(q['time']) * 1000:.1f} ms =====\n{q['sql'][:3000]}\n")
            plans.write("\n".join(plan) + "\n")
            print(f"    {float(q['time']) * 1000:7.1f} ms  {q['sql'][:110]}")
            print(f"             {plan[0][:120]}")
            print(f"             {plan[-1][:120]}")
    (out_dir / "scale-explain.txt").write_text(plans.getvalue())
    (out_dir / "scale-profile.txt").write_text(profiles.getvalue())


def run(sizes, reads, with_explain=False):
    from django.db import connection
    from django.test.utils import setup_test_environment

    import bench.urls  # noqa: F401

    setup_test_environment()
    users = build_templates()
    cloner = Cloner()
    by_size = {}
    for size in sizes:
        cloner.grow_to(size)
        from viewflow.workflow.models import Process, Task

        print(
            f"{connection.vendor}: {Process.objects.count():,} processes, {Task.objects.count():,} tasks "
            f"(load {_setup.load()}); {reads} reads per page"
        )
        by_size[size] = measure(pages(users), reads)
    if with_explain:
        print(f"explain at {sizes[-1]:,} (load {_setup.load()}):")
        explain(pages(users))
    small, large = by_size[sizes[0]], by_size[sizes[-1]]
    ours = [label for label in large if not label.startswith("reference")]
    growth = {label: round(large[label]["p50_ms"] / small[label]["p50_ms"], 2) for label in large}
    print(f"growth {sizes[0]:,} → {sizes[-1]:,} (p50):")
    for label in large:
        ref = label.replace("appointment", "reference")
        beside = f"  reference {large[ref]['p50_ms']:.1f} ms" if ref in large and ref != label else ""
        print(f"  {label:28} ×{growth[label]:6.2f}{beside}")
    return {
        "database": connection.vendor,
        "sizes": sizes,
        "max_queries": max(large[label]["queries"] for label in ours),
        "p95_ms_max": max(large[label]["p95_ms"] for label in ours),
        "growth_max": max(growth[label] for label in ours),
        "html_kb_max": max(large[label]["html_kb"] for label in ours),
        "pages": {str(size): figures for size, figures in by_size.items()},
        "load": _setup.load(),
    }


if __name__ == "__main__":
    main()
