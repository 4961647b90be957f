"""Benchmark: the registry import (``apps.imports``) of a province of N cadres with their records, on a scratch
SQLite file, through the registry's services (history, audit entries, rules), applied in one transaction.

    .venv/bin/python bench/import_bench.py                  # 10,000 cadres
    IMPORT_CADRES=2000 .venv/bin/python bench/import_bench.py
    IMPORT_CADRES=3000 IMPORT_PROFILE=import .venv/bin/python bench/import_bench.py   # cProfile of that pass
                                                                   # (dry_run, import, again) to bench/out/

The workbook: 50 units, 100 positions (100 seats each), N cadres, and per cadre one tenure of the past, one
evaluation and one achievement; one in five has a planning entry, one in two a political-standard conclusion, one in
twenty a discipline. Prints the workbook's size, the time and rows/s of the dry run, the import and the second
import (which changes nothing), the load average, and a last line ``RESULT {json}``. The goal (issue 14): 10^4 cadres
with their records in under a minute on SQLite, i.e. at least ~170 cadres/s (~800 rows/s of this workbook).
"""

import io
import json
import os
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]  # bench/http.py is not http
sys.path.insert(0, str(ROOT))


def workbook(n):
    from openpyxl import Workbook

    from apps.imports.sheets import SHEETS

    rows = {sheet.kind: [] for sheet in SHEETS}
    units = [f"u{i:02d}" for i in range(50)]
    for code in units:
        rows["units"].append({"code": code, "name": f"Sở {code}", "level": "department", "parent": "tinh"})
        for title in ("Chuyên viên chính", "Chuyên viên"):
            rows["positions"].append(
                {"unit": code, "title": title, "authority": "tinh", "seats": 100, "rank": 2}
            )
    ratings = ["excellent", "good", "completed"]
    for i in range(n):
        code = f"0010{i:08d}"
        unit = units[i % 50]
        rows["cadres"].append(
            {
                "code": code,
                "full_name": f"Nguyễn Văn {i}",
                "birth_date": (date(1970, 1, 1) + timedelta(days=i % 9000)).strftime("%d/%m/%Y"),
                "gender": "Nữ" if i % 2 else "Nam",
                "home_province": "Bắc Ninh",
                "current_unit": unit,
                "job_title": "Chuyên viên",
            }
        )
        rows["tenures"].append(
            {
                "cadre": code,
                "unit": unit,
                "position": "Chuyên viên chính" if (i // 50) % 2 else "Chuyên viên",
                "seat_number": (i // 100) % 100 + 1,
                "start_date": "01/01/2015",
                "ended_on": "31/12/2019",
                "end_reason": "term_expired",
                "decision_number": f"{i}/QĐ",
                "decision_date": "15/12/2014",
            }
        )
        rows["evaluations"].append({"cadre": code, "year": 2024, "rating": ratings[i % 3]})
        rows["achievements"].append(
            {"cadre": code, "title": f"Đề án số {i}", "achieved_on": "01/06/2024", "recognised_by": "UBND tỉnh",
             "recognised_on": "01/09/2024"}
        )  # fmt: skip
        if i % 5 == 0:
            rows["planning"].append(
                {"cadre": code, "unit": unit, "position": "Chuyên viên chính", "term": "2025-2030",
                 "approved_on": "15/01/2025"}
            )  # fmt: skip
        if i % 2 == 0:
            rows["conclusions"].append(
                {"cadre": code, "status": "concluded", "result": "meets", "issuer": "Ban BVCTNB",
                 "reference": f"{i}-KL", "concluded_on": "01/11/2024"}
            )  # fmt: skip
        if i % 20 == 0:
            rows["disciplines"].append(
                {"cadre": code, "kind": "reprimand", "decided_on": "01/02/2021", "effective_from": "01/02/2021",
                 "effective_to": "01/02/2022", "authority": "UBKT"}
            )  # fmt: skip
    book = Workbook(write_only=True)
    for sheet in SHEETS:
        worksheet = book.create_sheet(str(sheet.title)[:31])
        keys = [column.key for column in sheet.columns]
        worksheet.append(keys)
        worksheet.append([str(column.label) for column in sheet.columns])
        for row in rows[sheet.kind]:
            worksheet.append([row.get(key) for key in keys])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue(), sum(len(r) for r in rows.values())


def main():
    n = int(os.environ.get("IMPORT_CADRES", "10000"))
    scratch = tempfile.TemporaryDirectory(prefix="cf-bench-import-")
    os.environ["DATABASE_URL"] = f"sqlite:///{scratch.name}/import.sqlite3"
    os.environ["DJANGO_MEDIA_ROOT"] = f"{scratch.name}/media"
    os.environ["DJANGO_PRIVATE_MEDIA_ROOT"] = f"{scratch.name}/private-media"
    from bench import _setup

    _setup.setup()  # bench.settings: CadreFlow's, plus the reference app the cached migrated file has
    from django.db import connection

    from apps.accounts.models import User
    from apps.cadres.models import Cadre
    from apps.imports.importer import run_import
    from apps.organisation.models import OrgUnit, UnitLevel

    try:
        _setup.migrate()  # a copy of the migrated file kept in bench/out when there is one
        province = UnitLevel.objects.create(code="province", name="Cấp tỉnh", order=0)
        UnitLevel.objects.create(code="department", name="Sở, ban, ngành", order=1)
        OrgUnit.objects.create(code="tinh", name="Tỉnh", level=province)
        actor = User.objects.create(username="bench-admin", is_superuser=True, is_staff=True)
        started = time.perf_counter()
        content, rows = workbook(n)
        built = time.perf_counter() - started
        print(f"database:      {connection.vendor} (scratch file)")
        print(
            f"workbook:      {n:,} cadres, {rows:,} rows, {len(content) / 1e6:.1f} MB, built in {built:.1f} s"
        )
        figures = {}
        print(f"load:          {_setup.load()}")
        profile = os.environ.get("IMPORT_PROFILE")  # "import": that pass under cProfile, to bench/out/
        for label, dry_run in (("dry run", True), ("import", False), ("again", False)):
            profiler = None
            if profile and profile == label.replace(" ", "_"):
                import cProfile

                profiler = cProfile.Profile()
                profiler.enable()
            started = time.perf_counter()
            report = run_import(io.BytesIO(content), "bench.xlsx", actor=actor, dry_run=dry_run)
            elapsed = time.perf_counter() - started
            if profiler is not None:
                profiler.disable()
                out = ROOT / "bench" / "out" / f"import-{label.replace(' ', '_')}.prof"
                out.parent.mkdir(exist_ok=True)
                profiler.dump_stats(out)
                print(f"profile:       {out}")
            assert report.ok, report.issues[:5]
            figures[label] = {
                "seconds": round(elapsed, 1),
                "rows_per_s": round(rows / elapsed),
                "cadres_per_s": round(n / elapsed),
                "changed": report.changed,
            }
            print(
                f"{label + ':':14} {elapsed:6.1f} s, {rows / elapsed:8,.0f} rows/s ({n / elapsed:,.0f} cadres/s), "
                f"{report.changed:,} rows changed"
            )
        assert Cadre.objects.count() == n
        print(
            "RESULT "
            + json.dumps(
                {
                    "cadres": n,
                    "rows": rows,
                    "database": connection.vendor,
                    "mb": round(len(content) / 1e6, 1),
                    "load": _setup.load(),
                    **figures,
                }
            )
        )
    finally:
        connection.close()
        scratch.cleanup()


if __name__ == "__main__":
    main()
