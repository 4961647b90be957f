"""Benchmark: ``manage.py seed_demo`` on a scratch database — the first run (the province, its records, logins and
the procedures it starts with) and the second run (finds the demo, changes nothing).

    .venv/bin/python bench/seed_demo_bench.py                    # scale 1 (about 3,200 cadres), scratch SQLite
    SEED_SCALE=0.25 .venv/bin/python bench/seed_demo_bench.py

The scratch SQLite file and the media folders are created in a temporary folder and removed afterwards.
Prints the wall-clock time of each run and what the first run made.
"""

import io
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]  # noqa: E501  (bench/http.py is not the standard library's http)
sys.path.insert(0, str(ROOT))


def main():
    scale = float(os.environ.get("SEED_SCALE", "1"))
    scratch = tempfile.TemporaryDirectory(prefix="cf-bench-seed-")
    os.environ["DATABASE_URL"] = f"sqlite:///{scratch.name}/demo.sqlite3"
    os.environ["DJANGO_MEDIA_ROOT"] = f"{scratch.name}/media"
    os.environ["DJANGO_PRIVATE_MEDIA_ROOT"] = f"{scratch.name}/private-media"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from apps.cadres.models import Cadre
    from apps.decisions.models import Decision
    from apps.organisation.models import Position
    from workflows.reappointment.models import ReappointmentProcess

    try:
        call_command("migrate", verbosity=0)
        timings = []
        for _run in range(2):
            started = time.perf_counter()
            call_command("seed_demo", scale=scale, stdout=io.StringIO())
            timings.append(time.perf_counter() - started)
        vacant = Position.objects.filter(is_active=True).with_vacancies().filter(vacancies__gt=0).count()
        print(f"database:            {connection.vendor} (scratch file), scale {scale:g}")
        print(
            f"seed_demo, 1st run:  {timings[0]:.1f} s ({Cadre.objects.count():,} cadres, "
            f"{Position.objects.count():,} positions)"
        )
        print(f"seed_demo, 2nd run:  {timings[1]:.1f} s (nothing new)")
        print(f"reappointments open: {ReappointmentProcess.objects.count()}")
        print(f"signed decisions:    {Decision.objects.filter(status=Decision.Status.SIGNED).count()}")
        print(f"positions vacant:    {vacant}")
    finally:
        connection.close()
        scratch.cleanup()


if __name__ == "__main__":
    main()
