"""Two opener runs at the same moment on PostgreSQL open each procedure exactly once: the unique constraint on the
open procedure of a tenure makes the later insert wait for the earlier one and then fail, and that tenure is
counted as already open. Run with DATABASE_URL=postgres://…"""

import threading
from datetime import date, timedelta

import pytest
from django.db import connection

from apps.audit.models import AuditEntry
from tests.factories import PositionFactory, TenureFactory
from workflows.reappointment import services
from workflows.reappointment.models import ReappointmentProcess

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

RUNS = 3
TENURES = 6


def test_concurrent_opener_runs_open_each_procedure_once(unit_a):
    if connection.vendor != "postgresql":
        pytest.fail("this test needs PostgreSQL: run it with DATABASE_URL=postgres://…")
    tenures = [
        TenureFactory(
            position=PositionFactory(unit=unit_a),
            cadre__current_unit=unit_a,
            term_end=date.today() + timedelta(days=20 + i),
        )
        for i in range(TENURES)
    ]
    services.system_user()
    barrier = threading.Barrier(RUNS)
    results, errors = [], []

    def run():
        from django.db import connection as thread_connection

        try:
            barrier.wait()
            results.append(services.open_due_reappointments())
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(repr(exc))
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=run) for _ in range(RUNS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sum(r["opened"] for r in results) == TENURES
    # every run judged each tenure it saw: opened it, or found it opened by another run (never an error)
    assert all(r["opened"] + r["already_open"] == r["examined"] for r in results)
    for tenure in tenures:
        assert ReappointmentProcess.objects.filter(tenure=tenure).count() == 1, tenure.pk
    assert AuditEntry.objects.filter(action="reappointment.opened").count() == TENURES
    # the losers left nothing behind: every process has exactly one start task and one notice
    for process in ReappointmentProcess.objects.all():
        assert process.task_set.filter(flow_task_type="START").count() == 1
    assert services.open_due_reappointments()["opened"] == 0


def test_the_database_refuses_a_second_open_procedure_for_a_tenure(unit_a):
    """The constraint itself, without the opener's check: a second open procedure of one tenure cannot exist."""
    from django.db import IntegrityError, transaction

    if connection.vendor != "postgresql":
        pytest.fail("this test needs PostgreSQL: run it with DATABASE_URL=postgres://…")
    tenure = TenureFactory(
        position=PositionFactory(unit=unit_a),
        cadre__current_unit=unit_a,
        term_end=date.today() + timedelta(days=30),
    )
    assert services.open_due_reappointments()["opened"] == 1
    first = ReappointmentProcess.objects.get(tenure=tenure)
    copy = ReappointmentProcess(
        flow_class=first.flow_class,
        tenure=tenure,
        cadre=tenure.cadre,
        cadre_name="x",
        term_end=tenure.term_end,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        copy.save()
    assert ReappointmentProcess.objects.filter(tenure=tenure).count() == 1
