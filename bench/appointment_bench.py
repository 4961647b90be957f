# ruff: noqa: B023  (every closure below is called inside the iteration that defines it)
"""Queries and milliseconds per step, and for one whole appointment procedure, through the services.

Usage (from the project root):
    .venv/bin/python bench/appointment_bench.py [N]                                     # SQLite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cf_flow .venv/bin/python bench/appointment_bench.py [N]

    BENCH_PROFILE="5 step 2" [BENCH_TRACE="organisation_orgunit"] .venv/bin/python bench/appointment_bench.py 3
        # one step's queries grouped by SQL shape (and where the matching ones come from)

A throw-away test database is created and destroyed. Each step runs through the step runner, as the web view runs
it (``workflows.common.runner``): under the flow's lock, the task assigned and started, the step's service called
(rules, writes, audit), the task completed.
Medians over N procedures (default 10) are printed.
"""

import os
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

#: BENCH_PROFILE="5 step 2" prints that step's queries in the last procedure, grouped by their SQL shape
PROFILE = os.environ.get("BENCH_PROFILE", "")


def print_profile(label, queries):
    import re
    from collections import Counter

    shapes = Counter(re.sub(r"\b\d+\b|'[^']*'", "?", q["sql"])[:160] for q in queries)
    print(f"--- {label}: {len(queries)} queries, {len(shapes)} shapes")
    for shape, count in shapes.most_common():
        print(f"{count:4} {shape}")


#: BENCH_TRACE="orgunit" (with BENCH_PROFILE) prints where the profiled step's matching queries come from
TRACE = os.environ.get("BENCH_TRACE", "")


def passthrough(execute, sql, params, many, context):
    return execute(sql, params, many, context)


def trace_queries(execute, sql, params, many, context):
    import traceback

    if TRACE in sql:
        root = f"{ROOT}/"
        frames = [
            f"{f.filename.removeprefix(root)}:{f.lineno} {f.name}"
            for f in traceback.extract_stack()[:-1]
            if f.filename.startswith(root) and "/.venv/" not in f.filename and "bench/" not in f.filename
        ]
        print(f"  {sql[:70]}\n      " + "\n      ".join(frames[-6:]))
    return execute(sql, params, many, context)


def pdf(name):
    return SimpleUploadedFile(name, b"%PDF-1.4 bench", content_type="application/pdf")


def main(n):
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        run(n)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def run(n):
    import config.urls  # noqa: F401  (builds the viewset tree)
    from apps.accounts.models import Role
    from apps.accounts.services import grant_role
    from tests.appointment.conftest import make_eligible
    from tests.factories import OrgUnitFactory, PositionFactory, UnitLevelFactory, UserFactory
    from tests.signers import seat_signer
    from workflows.appointment.flows import AppointmentFlow
    from workflows.appointment.models import AppointmentCandidate
    from workflows.appointment.models import AppointmentProcess as Process
    from workflows.common import runner

    level = UnitLevelFactory(code="province", name="Cấp tỉnh", order=0)
    province = OrgUnitFactory(code="bn", name="Tỉnh Bắc Ninh", level=level, parent=None)
    unit = OrgUnitFactory(code="snv", name="Sở Nội vụ", parent=province)
    admin = UserFactory(username="admin", is_superuser=True, is_staff=True)
    users = {}
    for name, role, where in (
        ("leader", Role.UNIT_LEADER, unit),
        ("board", Role.ORG_BOARD, province),
        ("leadership", Role.LEADERSHIP, province),
    ):
        users[name] = UserFactory(username=name)
        grant_role(user=users[name], role=role, unit=where, actor=admin)

    signer = seat_signer(users["leadership"], province)  # signs from the registry (issue 9 §8)

    def step(process, node, actor, **data):
        # as the step's page does it: the flow's lock, then the task loaded once with its procedure joined
        return runner.run_step(runner.open_task(process, node), actor=actor, **data)

    def conference(c1, c2, counts, tallies=None, **extra):
        base = {"held_on": date.today(), "convened": counts, "present": counts, "ballots_issued": counts}
        base.update(ballots_returned=counts, ballots_valid=counts, head_decision=None, dissent="", **extra)
        return base, (dict(zip([c1.pk, c2.pk], tallies, strict=True)) if tallies else {})

    timings = {}
    profiled = set()
    current = [0]  # the procedure being run; the last one is profiled (caches warm, other procedures exist)

    def measure(label, fn):
        start = time.perf_counter()
        tracing = TRACE and PROFILE and label.startswith(PROFILE) and current[0] == n - 1
        with (
            CaptureQueriesContext(connection) as ctx,
            connection.execute_wrapper(trace_queries if tracing else passthrough),
        ):
            result = fn()
        timings.setdefault(label, []).append(
            (len(ctx.captured_queries), (time.perf_counter() - start) * 1000)
        )
        if PROFILE and label.startswith(PROFILE) and label not in profiled and current[0] == n - 1:
            profiled.add(label)
            print_profile(label, ctx.captured_queries)
        return result

    for i in range(n):
        current[0] = i
        position = PositionFactory(unit=unit, title=f"Phó Giám đốc {i}")
        c1, c2 = make_eligible(unit, position), make_eligible(unit, position)
        whole = time.perf_counter()
        whole_q = len(connection.queries) if connection.queries_logged else 0
        with CaptureQueriesContext(connection) as all_queries:

            def start():
                return runner.start(
                    AppointmentFlow,
                    actor=users["leader"],
                    position=position,
                    seats=1,
                    source="internal",
                    job_needs="x",
                    criteria="y",
                )

            process = measure("1 propose (start)", start)
            process = Process.objects.get(pk=process.pk)
            board = users["board"]
            measure(
                "2 policy approval",
                lambda: step(
                    process,
                    AppointmentFlow.policy_review,
                    board,
                    decision="approved",
                    reason="",
                ),
            )
            measure(
                "3 list candidates",
                lambda: step(
                    process,
                    AppointmentFlow.nominate,
                    board,
                    cadres=[c1, c2],
                ),
            )
            plan = [
                (
                    "4 step 1 (list approval)",
                    AppointmentFlow.step1,
                    0,
                    conference(c1, c2, 7, collective_members=7, list_votes_for=6),
                ),
                # a clear winner at steps 2 and 3; the runner-up goes on as the surplus candidate (R1)
                ("5 step 2 (nomination ballot)", AppointmentFlow.step2, 1, conference(c1, c2, 20, [12, 6])),
                (
                    "6 step 3 (collective nomination)",
                    AppointmentFlow.step3,
                    2,
                    conference(c1, c2, 7, [5, 2], collective_members=7),
                ),
                (
                    "7 step 4 (confidence poll)",
                    AppointmentFlow.step4,
                    3,
                    conference(c1, c2, 30, [(20, 10), (9, 21)]),
                ),
            ]
            for label, node, index, (data, tallies) in plan:
                measure(
                    label,
                    lambda node=node, index=index, data=data, tallies=tallies: step(
                        process,
                        node,
                        board,
                        conference_data=data,
                        tallies=tallies,
                        minutes=pdf("bb.pdf"),
                        count_minutes=pdf("kp.pdf"),
                    ),
                )
            documents = {c.pk: {"years": 3} for c in AppointmentCandidate.objects.filter(process=process)}
            measure(
                "8 verification",
                lambda: step(
                    process,
                    AppointmentFlow.verification,
                    board,
                    documents=documents,
                ),
            )
            data, tallies = conference(c1, c2, 7, [5, 2], collective_members=7)
            measure(
                "9 step 5 (final vote)",
                lambda: step(
                    process,
                    AppointmentFlow.step5,
                    board,
                    conference_data=data,
                    tallies=tallies,
                    minutes=pdf("bb.pdf"),
                    count_minutes=pdf("kp.pdf"),
                ),
            )
            winner = AppointmentCandidate.objects.get(process=process, cadre=c1)
            measure(
                "10 draft decision",
                lambda: step(
                    process,
                    AppointmentFlow.draft_decision,
                    board,
                    candidate=winner,
                    effective_from=date.today(),
                    term_end=None,
                    grounds="Căn cứ ...",
                ),
            )
            lead = users["leadership"]
            measure(
                "11 sign decision (number, tenure, PDF)",
                lambda: step(
                    process,
                    AppointmentFlow.sign_decision,
                    lead,
                    signer=signer,
                    issued_on=date.today(),
                ),
            )
        del whole_q
        timings.setdefault("whole procedure", []).append(
            (len(all_queries.captured_queries), (time.perf_counter() - whole) * 1000)
        )
        process.refresh_from_db()
        assert process.outcome == "appointed", process.outcome

    print(f"database: {connection.vendor}; procedures: {n}; medians")
    print(f"{'step':42} {'queries':>8} {'ms':>9}")
    for label, rows in timings.items():
        queries = statistics.median(q for q, _ in rows)
        ms = statistics.median(t for _, t in rows)
        print(f"{label:42} {queries:8.0f} {ms:9.1f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10)
