"""The opener: on a fixed day it opens exactly the procedures whose term entered its notice period, once per
tenure; a second run (service, job or command) opens none; calendar or working days per the rule set."""

from datetime import date, timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone, translation
from viewflow.workflow.status import STATUS

from apps.audit.models import AuditEntry
from apps.core.models import JobRun, JobStatus
from apps.core.workdays import add_working_days
from apps.rulesets.models import RuleParameter
from apps.rulesets.selectors import rule_set_for
from tests.factories import PositionFactory, TenureFactory
from workflows.reappointment import services, tasks
from workflows.reappointment.flows import ReappointmentFlow
from workflows.reappointment.models import ReappointmentOutcome, ReappointmentProcess

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 2)  # a Monday


@pytest.fixture
def frozen():
    with time_machine.travel(timezone.make_aware(timezone.datetime(2026, 3, 2, 9, 0)), tick=False):
        yield TODAY


def _tenure(unit, days, **kwargs):
    position = kwargs.pop("position", None) or PositionFactory(unit=unit)
    term_end = None if days is None else TODAY + timedelta(days=days)
    return TenureFactory(position=position, cadre__current_unit=unit, term_end=term_end, **kwargs)


def _set(key, value):
    rule_set = rule_set_for(on=TODAY)
    RuleParameter.objects.update_or_create(rule_set=rule_set, key=key, defaults={"value": value})


@pytest.fixture
def registry(frozen, unit_a, unit_b):
    """Tenures around the 90-day notice period of 02/03/2026 (due: term ends 03/03 … 31/05/2026)."""
    due = {
        "tomorrow": _tenure(unit_a, 1),
        "in_30_days": _tenure(unit_b, 30),
        "in_90_days": _tenure(unit_a, 90),
    }
    not_due = {
        "in_91_days": _tenure(unit_a, 91),
        "ends_today": _tenure(unit_a, 0),
        "ended_yesterday": _tenure(unit_b, -1),
        "no_term_end": _tenure(unit_a, None),
        "already_left": _tenure(unit_a, 20, ended_on=TODAY - timedelta(days=3), end_reason="transferred"),
        "elected_post": _tenure(unit_a, 20, position=PositionFactory(unit=unit_a, is_elected=True)),
    }
    return due, not_due


def test_it_opens_exactly_the_due_terms_and_a_second_run_opens_none(registry):
    due, not_due = registry
    result = services.open_due_reappointments()

    opened = ReappointmentProcess.objects.all()
    assert result["opened"] == 3 and result["on"] == TODAY.isoformat()
    assert {p.tenure_id for p in opened} == {t.pk for t in due.values()}
    for process in opened:
        assert process.opened_automatically and process.started_by.username == services.SYSTEM_USERNAME
        assert (
            process.outcome == ReappointmentOutcome.IN_PROGRESS
            and process.term_end == process.tenure.term_end
        )
        assert process.cadre_id == process.tenure.cadre_id and process.unit_id == process.position.unit_id
        assert process.rule_set_id and process.rule_snapshot["reappointment_notice_days"] == 90
        notice = process.task_set.get(flow_task=ReappointmentFlow.notice)
        assert notice.status == STATUS.NEW and notice.owner_permission == "organisation.act_org_board"
        assert notice.deadline.due_at.date() == process.term_end - timedelta(days=1)
    assert AuditEntry.objects.filter(action="reappointment.opened").count() == 3

    again = services.open_due_reappointments()
    assert again["opened"] == 0 and ReappointmentProcess.objects.count() == 3
    assert AuditEntry.objects.filter(action="reappointment.opened").count() == 3


def test_a_withdrawn_procedure_is_not_reopened_by_the_job(registry, reviewer):
    from workflows.common.services import withdraw_procedure

    services.open_due_reappointments()
    process = ReappointmentProcess.objects.order_by("term_end").first()
    withdraw_procedure(process=process, reason="Cán bộ xin nghỉ hưu trước hạn", actor=reviewer)
    assert services.open_due_reappointments()["opened"] == 0
    assert ReappointmentProcess.objects.filter(tenure=process.tenure).count() == 1


def test_the_next_day_opens_the_term_that_entered_the_period(registry):
    due, not_due = registry
    services.open_due_reappointments()
    with time_machine.travel(timezone.make_aware(timezone.datetime(2026, 3, 3, 9, 0)), tick=False):
        result = services.open_due_reappointments()
    assert result["opened"] == 1
    assert ReappointmentProcess.objects.filter(tenure=not_due["in_91_days"]).exists()


def test_the_notice_period_can_be_counted_in_working_days(frozen, unit_a):
    _set("reappointment_notice_in_working_days", True)
    holidays = rule_set_for(on=TODAY).resolve().public_holidays
    last_due = add_working_days(TODAY, 90, holidays)  # notice due on TODAY exactly
    inside = _tenure(unit_a, (last_due - TODAY).days)
    outside = _tenure(unit_a, (last_due - TODAY).days + 1)
    calendar_only = _tenure(unit_a, 90)
    assert services.open_due_reappointments()["opened"] == 2
    opened = set(ReappointmentProcess.objects.values_list("tenure_id", flat=True))
    assert opened == {inside.pk, calendar_only.pk} and outside.pk not in opened
    assert (last_due - TODAY).days > 120  # 90 working days reach much further than 90 calendar days


def test_the_job_is_keyed_by_the_day_and_a_redelivery_does_nothing(registry):
    first = tasks.open_due_reappointments.apply().get()
    assert first["opened"] == 3
    second = tasks.open_due_reappointments.apply().get()
    assert second == {"skipped": True, "key": f"reappointments:{TODAY.isoformat()}"}
    run = JobRun.objects.get(name="reappointment.open_due_reappointments")
    assert run.status == JobStatus.SUCCEEDED and run.attempts == 1
    assert ReappointmentProcess.objects.count() == 3
    # a missed day can be run again explicitly: as of 01/03 the term ending 02/03 was still running
    missed = tasks.open_due_reappointments.apply(kwargs={"on": "2026-03-01"}).get()
    assert missed["opened"] == 1 and missed["on"] == "2026-03-01"
    assert tasks.open_due_reappointments.apply(kwargs={"on": "2026-03-01"}).get()["skipped"] is True


def test_the_command_prints_how_many_were_opened_and_the_time(registry):
    out = StringIO()
    call_command("open_reappointments", "--on", "02/03/2026", stdout=out)
    text = out.getvalue()
    assert "Opened 3 reappointment procedure(s) on 02/03/2026" in text and " s." in text
    out = StringIO()
    call_command("open_reappointments", stdout=out)
    assert "Opened 0 " in out.getvalue()


def test_the_command_refuses_a_date_not_written_dd_mm_yyyy(registry):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("open_reappointments", "--on", "2026-03-02", stdout=StringIO())
    assert not ReappointmentProcess.objects.exists()


def test_the_beat_schedule_runs_the_opener_and_the_overdue_flag_daily():
    from django.conf import settings

    schedule = {entry["task"]: entry["schedule"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    for name in ("reappointment.open_due_reappointments", "reappointment.flag_overdue_reappointments"):
        crontab = schedule[name]
        assert crontab.hour == {1} and len(crontab.minute) == 1, name


def test_a_tenure_that_cannot_be_opened_does_not_stop_the_others(registry, monkeypatch):
    """One unit without a rule set in force: the other due terms are opened, and the run then fails so that the
    job is retried and, in the end, shown to the board as stuck with the reason."""
    from apps.core.rules import RuleViolation
    from workflows.reappointment.services import opening

    due, _not_due = registry
    broken_unit = due["in_30_days"].position.unit_id
    real = opening._RuleSets.for_unit

    def for_unit(self, unit):
        if unit.pk == broken_unit:
            raise RuleViolation("no_rule_set", "No rule set is in force.")
        return real(self, unit)

    monkeypatch.setattr(opening._RuleSets, "for_unit", for_unit)
    with pytest.raises(RuleViolation) as exc:
        services.open_due_reappointments()
    assert exc.value.rule_code == "opener_failed" and str(due["in_30_days"].pk) in str(exc.value)
    assert set(ReappointmentProcess.objects.values_list("tenure_id", flat=True)) == {
        due["tomorrow"].pk,
        due["in_90_days"].pk,
    }


@pytest.fixture(autouse=True)
def _english_output():
    """The command's printout goes through gettext: pin English so the assertions do not depend on the catalogue."""
    with translation.override("en"):
        yield
