"""One human step of CadreFlow beside the same step of a bare Viewflow 2.4 flow, alternately, one process, one database.

    .venv/bin/python bench/steps.py [-n 15] [--quick]                        # SQLite (in memory)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cf_bench .venv/bin/python bench/steps.py

The reference flow is ``bench/reference`` (start → approve → If → end; guardian object permission on the
department, simple-history on the process; Viewflow's own views). CadreFlow's step is the appointment's policy
approval (``AppointmentFlow.policy_review``): rules, history, the audit chain and notifications included. Each round
opens one procedure of each (not measured), then through the test client as the user does: *assign* (POST), *open
the form* (GET), *submit* (POST). Rounds alternate which flow goes first. Medians of queries and milliseconds per
part, the ratios, and a last line ``RESULT {json}`` with ``queries_ratio`` and ``time_ratio``.
"""

import argparse
import os
import re
import sys
import time
from collections import Counter
from pathlib import Path

sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]  # noqa: E501  (bench/http.py is not the standard library's http)
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import _setup  # noqa: E402

PARTS = ("assign", "open", "submit")
#: BENCH_PROFILE=submit prints that part's queries of the last round grouped by their SQL shape
PROFILES = {}
#: BENCH_CPROFILE=submit writes a cProfile of that part (each flow, last round) to bench/out/steps-<flow>-<part>.txt
CPROFILE = os.environ.get("BENCH_CPROFILE", "")


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("-n", "--rounds", type=int, default=15)
    parser.add_argument("--quick", action="store_true", help="3 rounds")
    args = parser.parse_args()
    rounds = 3 if args.quick else args.rounds
    _setup.setup()
    import shutil

    if _setup.vendor() == "sqlite":
        folder = _setup.scratch_sqlite()
        try:
            figures = run(rounds)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
    else:
        old = _setup.create_scratch_db("steps")
        try:
            figures = run(rounds)
        finally:
            _setup.destroy_scratch_db(old)
    _setup.result(figures)


class World:
    """The users and places both flows need, made once."""

    def __init__(self):
        from django.contrib.auth.models import Permission
        from guardian.shortcuts import assign_perm

        from apps.accounts.models import Role
        from apps.accounts.services import grant_role
        from bench.reference.models import Department
        from tests.factories import OrgUnitFactory, UnitLevelFactory, UserFactory

        level = UnitLevelFactory(code="province", name="Cấp tỉnh", order=0)
        self.province = OrgUnitFactory(code="bn", name="Tỉnh Bắc Ninh", level=level, parent=None)
        self.unit = OrgUnitFactory(code="snv", name="Sở Nội vụ", parent=self.province)
        admin = UserFactory(username="admin", is_superuser=True, is_staff=True)
        self.leader = UserFactory(username="leader")
        self.board = UserFactory(username="board")
        grant_role(user=self.leader, role=Role.UNIT_LEADER, unit=self.unit, actor=admin)
        grant_role(user=self.board, role=Role.ORG_BOARD, unit=self.province, actor=admin)

        # the reference: a requester with the model permissions, an approver with a guardian object permission
        self.department = Department.objects.create(name="Phòng Tổ chức")
        self.requester = UserFactory(username="requester")
        self.approver = UserFactory(username="approver")
        starts = Permission.objects.filter(content_type__app_label="reference").exclude(
            codename="approve_in_department"
        )
        self.requester.user_permissions.add(*starts)
        self.approver.user_permissions.add(*starts)
        assign_perm("reference.approve_in_department", self.approver, self.department)


def cadreflow_procedure(world, i):
    """An appointment proposed (through the service, as the start page does), waiting for the policy decision."""
    from apps.organisation.models import Position
    from tests.factories import PositionFactory
    from workflows.appointment.flows import AppointmentFlow
    from workflows.appointment.models import AppointmentProcess
    from workflows.common import runner

    position = PositionFactory(unit=world.unit, title=f"Phó Giám đốc {i}")
    assert isinstance(position, Position)
    process = runner.start(
        AppointmentFlow,
        actor=world.leader,
        position=position,
        seats=1,
        source="internal",
        job_needs="x",
        criteria="y",
    )
    return AppointmentProcess.objects.get(pk=process.pk)


def reference_procedure(client, world):
    from bench.reference.flows import ReferenceFlow
    from bench.reference.models import ReferenceProcess

    response = client.post(
        ReferenceFlow.start.reverse("execute"), {"department": world.department.pk, "text": "x"}
    )
    assert response.status_code == 302, (response.status_code, response.content[:2000])
    return ReferenceProcess.objects.order_by("-pk").first()


def one_step(client, node, process, data, timings, label):
    """assign, open, submit through the client; queries and ms of each part appended to ``timings[label]``."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from viewflow.workflow.status import STATUS

    task = process.task_set.get(flow_task=node, status=STATUS.NEW)
    urls = {
        "assign": ("post", node.reverse("assign", args=[process.pk, task.pk]), {}),
        "open": ("get", node.reverse("execute", args=[process.pk, task.pk]), None),
        "submit": ("post", node.reverse("execute", args=[process.pk, task.pk]), data),
    }
    expected = {"assign": 302, "open": 200, "submit": 302}
    row = {}
    for part in PARTS:
        method, url, payload = urls[part]
        profiler = _profiler() if CPROFILE == part and not label.startswith("warm-up") else None
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as ctx:
            if profiler:
                profiler.enable()
            response = getattr(client, method)(url, payload) if payload is not None else client.get(url)
            if profiler:
                profiler.disable()
        ms = (time.perf_counter() - started) * 1000
        if profiler:
            _write_profile(profiler, f"steps-{label}-{part}.txt", ctx.captured_queries)
        assert response.status_code == expected[part], (label, part, response.status_code)
        row[part] = (len(ctx.captured_queries), ms)
        if os.environ.get("BENCH_PROFILE") == part:
            shapes = Counter(re.sub(r"\b\d+\b|'[^']*'", "?", q["sql"])[:150] for q in ctx.captured_queries)
            PROFILES[label] = shapes
    timings.setdefault(label, []).append(row)


def _profiler():
    import cProfile

    return cProfile.Profile()


def _write_profile(profiler, name, queries):
    import io
    import pstats

    out = io.StringIO()
    sql_ms = sum(float(q["time"]) for q in queries) * 1000
    out.write(f"{len(queries)} queries, {sql_ms:.1f} ms of SQL (as the driver timed them)\n")
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("cumulative").print_stats(
        r"apps/|workflows/|viewflow/|simple_history/|guardian/|django/", 40
    )
    stats.sort_stats("tottime").print_stats(20)
    folder = Path(__file__).resolve().parent / "out"
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(out.getvalue())


def run(rounds):
    from django.test import Client

    import bench.urls  # noqa: F401
    import config.urls  # noqa: F401  (builds the viewset trees)
    from bench.reference.flows import ReferenceFlow
    from workflows.appointment.flows import AppointmentFlow

    world = World()
    board, requester, approver = Client(), Client(), Client()
    board.force_login(world.board)
    requester.force_login(world.requester)
    approver.force_login(world.approver)
    timings = {}
    # one warm-up round of each (imports, template loading, caches) is not counted
    for i in range(rounds + 1):
        label = (lambda name: name) if i else (lambda name: f"warm-up {name}")

        def cadreflow(i=i, label=label):
            process = cadreflow_procedure(world, i)
            data = {"decision": "approved", "reason": ""}
            one_step(board, AppointmentFlow.policy_review, process, data, timings, label("cadreflow"))

        def reference(label=label):
            process = reference_procedure(requester, world)
            data = {"approved": "on", "reason": ""}
            one_step(approver, ReferenceFlow.approve, process, data, timings, label("reference"))

        for fn in (cadreflow, reference) if i % 2 else (reference, cadreflow):
            fn()

    for label, shapes in PROFILES.items():
        print(f"--- {label} {os.environ['BENCH_PROFILE']}: {sum(shapes.values())} queries")
        for shape, count in shapes.most_common():
            print(f"{count:4} {shape}")
    figures = {"database": _setup.vendor(), "rounds": rounds}
    print(f"database: {_setup.vendor()}; rounds: {rounds}; load average {_setup.load()}; medians")
    print(f"{'flow':10} {'part':8} {'queries':>8} {'ms':>8}")
    med = {}
    for flow in ("cadreflow", "reference"):
        rows = timings[flow]
        for part in (*PARTS, "step"):
            if part == "step":
                q = _setup.median([sum(r[p][0] for p in PARTS) for r in rows])
                ms = _setup.median([sum(r[p][1] for p in PARTS) for r in rows])
            else:
                q = _setup.median([r[part][0] for r in rows])
                ms = _setup.median([r[part][1] for r in rows])
            med[flow, part] = (q, ms)
            print(f"{flow:10} {part:8} {q:8.0f} {ms:8.1f}")
    for part in (*PARTS, "step"):
        (cq, cms), (rq, rms) = med["cadreflow", part], med["reference", part]
        print(f"ratio      {part:8} {cq / rq:8.2f} {cms / rms:8.2f}")
        figures[f"{part}_queries"] = [cq, rq]
        figures[f"{part}_ms"] = [round(cms, 1), round(rms, 1)]
    (cq, cms), (rq, rms) = med["cadreflow", "step"], med["reference", "step"]
    figures.update(queries_ratio=round(cq / rq, 2), time_ratio=round(cms / rms, 2), load=_setup.load())
    return figures


if __name__ == "__main__":
    main()
