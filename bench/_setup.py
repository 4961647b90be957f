"""Shared by the bench scripts: Django set up with ``bench.settings`` (CadreFlow plus the reference flow), a scratch
database named ``cf_bench…`` on PostgreSQL (a temporary file or memory on SQLite), the load average, the RESULT
line. Not a benchmark itself (``bench/all.py`` skips the files starting with ``_``)."""

import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: the scratch databases' names start with this (``BENCH_DB_PREFIX``; e.g. ``cf_h13_bench`` for a helper's own)
DB_PREFIX = os.environ.get("BENCH_DB_PREFIX", "cf_bench")


def setup(*, settings="bench.settings"):
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = settings
    os.environ.setdefault("CADREFLOW_AUDIT_HMAC_KEY", "bench-" + "k" * 42)
    os.environ.setdefault("CADREFLOW_AUDIT_HMAC_KEY_ID", "bench")
    import django

    django.setup()


def create_scratch_db(suffix, *, migrate=True):
    """A throw-away database (Django's test database machinery): ``cf_bench_<suffix>`` on PostgreSQL. With
    ``migrate=False`` the tables are created from the models at once (seconds instead of a minute of migrations;
    for the quick runs)."""
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    test = connection.settings_dict.setdefault("TEST", {})
    if connection.vendor == "postgresql":
        test["NAME"] = f"{DB_PREFIX}_{suffix}"
    if not migrate:
        test["MIGRATE"] = False
    return connection.creation.create_test_db(verbosity=0, autoclobber=True)


def destroy_scratch_db(old_name):
    from django.db import connection

    connection.creation.destroy_test_db(old_name, verbosity=0)


def migrated_cache():
    """Where the migrated SQLite file for the current migrations is kept (it may not exist yet)."""
    import hashlib

    digest = hashlib.sha256()
    for path in sorted(ROOT.glob("*/*/migrations/*.py")) + sorted(ROOT.glob("bench/*/migrations/*.py")):
        digest.update(str(path.relative_to(ROOT)).encode() + path.read_bytes())
    return ROOT / "bench" / "out" / f"migrated-{digest.hexdigest()[:16]}.sqlite3"


def scratch_sqlite():
    """A scratch SQLite file in a temporary folder (returned, to remove), migrated (a copy of ``migrated_cache``
    when there is one): never the project's db.sqlite3."""
    import tempfile

    from django.db import connection
    from django.test.utils import setup_test_environment

    folder = tempfile.mkdtemp(prefix="cf-bench-")
    connection.close()
    connection.settings_dict["NAME"] = f"{folder}/scratch.sqlite3"
    setup_test_environment()
    migrate()
    return folder


def migrate():
    """``migrate`` the scratch database; a SQLite file is copied from a migrated one kept in ``bench/out`` (named by
    a digest of the migration files) when there is one: minutes saved on a loaded machine."""
    import shutil

    from django.core.management import call_command
    from django.db import connection

    if connection.vendor != "sqlite":
        call_command("migrate", verbosity=0)
        return
    cached = migrated_cache()
    target = connection.settings_dict["NAME"]
    connection.close()
    if cached.exists():
        shutil.copyfile(cached, target)
        return
    call_command("migrate", verbosity=0)
    connection.close()
    cached.parent.mkdir(exist_ok=True)
    shutil.copyfile(target, cached)


def load():
    """The machine's load average (1, 5, 15 min): the machine is shared, every figure is printed beside it."""
    return [round(x, 2) for x in os.getloadavg()]


def vendor():
    from django.db import connection

    return connection.vendor


def result(figures):
    print("RESULT " + json.dumps(figures, ensure_ascii=False), flush=True)


def median(values):
    import statistics

    return statistics.median(values) if values else None


def pct(values, p):
    values = sorted(values)
    if not values:
        return None
    k = min(len(values) - 1, max(0, round(p / 100 * (len(values) - 1))))
    return values[k]


def appointment_world(n):
    """A province, its organisation board and leadership (seated as the signing head), and `n` units each with a
    vacant post, a unit leader and two cadres who pass every appointment check: `n` whole appointments to run with
    ``apps.demo.seeding.procedures.appoint`` (one per unit: a unit's candidates are not shared). Factories of the
    test suite; the rule sets come from the migrations."""
    from apps.accounts.models import Role
    from apps.accounts.services import grant_role
    from tests.appointment.conftest import make_eligible
    from tests.factories import CadreFactory, OrgUnitFactory, PositionFactory, UnitLevelFactory, UserFactory
    from tests.signers import seat_signer

    level = UnitLevelFactory(code="province", name="Cấp tỉnh", order=0)
    province = OrgUnitFactory(code="bn", name="Tỉnh Bắc Ninh", level=level, parent=None)
    admin = UserFactory(username="bench_admin", is_superuser=True, is_staff=True)
    board = UserFactory(username="bench_board")
    leadership = UserFactory(username="bench_leadership")
    grant_role(user=board, role=Role.ORG_BOARD, unit=province, actor=admin)
    grant_role(user=leadership, role=Role.LEADERSHIP, unit=province, actor=admin)
    seat_signer(leadership, province)
    jobs = []
    for i in range(n):
        unit = OrgUnitFactory(code=f"so{i}", name=f"Sở {i}", parent=province)
        position = PositionFactory(unit=unit, authority=province, title=f"Phó Giám đốc Sở {i}")
        cadres = [make_eligible(unit, position), make_eligible(unit, position)]
        for _ in range(9):  # the unit's leadership collective and conferences draw their members from these
            CadreFactory(current_unit=unit)
        leader = UserFactory(username=f"bench_leader_{i}")
        grant_role(user=leader, role=Role.UNIT_LEADER, unit=unit, actor=admin)
        jobs.append((position.pk, [c.pk for c in cadres], leader.pk))
    # vacancies of the first unit, proposed at once by two processes (deadlocks in one unit)
    first = jobs[0][2] if jobs else None
    one_unit = [
        (PositionFactory(unit=unit0, authority=province, title=f"Chuyên viên {i}").pk, first)
        for unit0 in OrgUnitFactory._meta.model.objects.filter(code="so0")
        for i in range(2 * n)
    ]
    return {"jobs": jobs, "one_unit": one_unit, "board": board.pk, "leadership": leadership.pk}
