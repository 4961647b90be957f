"""``manage.py seed_demo`` as a command: idempotent, prints what it made, refuses what it must not do.

Each test starts from an empty database and seeds at ``--scale 0.05``.
"""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.utils import translation

from apps.audit.models import AuditEntry
from apps.cadres.models import Cadre
from apps.decisions.models import Decision
from apps.demo.models import DemoDataset
from apps.demo.seeding import DEFAULT_PASSWORD
from apps.demo.seeding.logins import DEMO_LOGINS
from apps.demo.seeding.summary import model_counts
from tests.factories import OrgUnitFactory, UnitLevelFactory

from .conftest import seed

pytestmark = pytest.mark.django_db


def test_running_it_twice_gives_the_same_counts():
    first_output = seed()
    first = model_counts()
    assert first["cadres.Cadre"] > 100 and first["cadres.Tenure"] > 100
    assert first["cadres.Cadre history"] == first["cadres.Cadre"]
    assert first["viewflow.Process"] > 0 and first["decisions.Decision"] > 0
    dataset = DemoDataset.objects.get()
    second_output = seed()
    assert model_counts() == first
    assert DemoDataset.objects.get() == dataset
    assert second_output != first_output  # the second run says it found the demo (in the active language)


def test_a_second_run_opens_and_signs_nothing_new():
    from workflows.reappointment.models import ReappointmentProcess

    with translation.override("en"):
        first_output = seed()
    opened = ReappointmentProcess.objects.count()
    signed = Decision.objects.filter(status=Decision.Status.SIGNED).count()
    assert opened >= 2 and signed >= 1
    assert f"Opened {opened} reappointment procedure(s)" in first_output
    assert first_output.count("Signed decision ") == signed
    with translation.override("en"):
        second_output = seed()
    assert ReappointmentProcess.objects.count() == opened
    assert Decision.objects.filter(status=Decision.Status.SIGNED).count() == signed
    assert "Opened " not in second_output and "Signed decision " not in second_output
    assert f"reappointments open {opened}" in " ".join(second_output.split())


def test_a_second_run_adds_back_a_missing_demo_login_and_nothing_else():
    seed()
    get_user_model().objects.get(username="thuongvu").role_assignments.update(
        withdrawn_at="2026-01-01T00:00Z"
    )
    before = model_counts()
    seed()
    after = model_counts()
    assert after["accounts.RoleAssignment"] == before["accounts.RoleAssignment"] + 1
    assert after["cadres.Cadre"] == before["cadres.Cadre"]
    assert get_user_model().objects.get(username="thuongvu").role_assignments.active().count() == 1


def test_it_prints_counts_logins_the_password_and_the_time():
    with translation.override("en"):  # the English msgids; the catalogue may render them in Vietnamese
        output = seed()
    for login in DEMO_LOGINS:
        assert login.username in output
    assert DEFAULT_PASSWORD in output
    assert f"active cadres {Cadre.objects.filter(employment_status='active').count()}" in " ".join(
        output.split()
    )
    assert "terms ending within 90 days" in output
    assert "Elapsed:" in output


def test_seeding_is_recorded_in_the_audit_log():
    seed()
    entry = AuditEntry.objects.get(action="demo.seeded")
    assert entry.actor.username == "admin"
    assert entry.data["cadres.Cadre"] == Cadre.objects.count()


def test_it_refuses_to_mix_into_a_province_it_did_not_create():
    OrgUnitFactory(code="bn", name="Tỉnh Bắc Ninh", level=UnitLevelFactory(code="province"), parent=None)
    users = set(get_user_model().objects.values_list("username", flat=True))
    with pytest.raises(CommandError):
        seed()
    assert not DemoDataset.objects.exists()
    assert not Cadre.objects.exists()
    assert set(get_user_model().objects.values_list("username", flat=True)) == users  # not even the admin


@pytest.mark.parametrize("scale", ["0", "-1", "9"])
def test_it_refuses_a_scale_out_of_range(scale):
    with pytest.raises(CommandError):
        call_command("seed_demo", "--scale", scale, stdout=StringIO())
    assert not DemoDataset.objects.exists()


def test_an_appointment_a_rule_refuses_is_rolled_back_and_the_next_vacancy_is_tried(monkeypatch):
    from apps.core.rules import RuleViolation
    from apps.demo.seeding import procedures
    from workflows.appointment.models import AppointmentProcess

    real, calls = procedures.appoint, []

    def refuse_first(**kwargs):
        calls.append(kwargs["position"])
        if len(calls) == 1:
            real(**kwargs)  # the whole procedure runs, then a rule refuses it: its savepoint is rolled back
            raise RuleViolation("refused_for_the_test", "Refused for the test.")
        return real(**kwargs)

    monkeypatch.setattr(procedures, "appoint", refuse_first)
    with translation.override("en"):
        output = seed()
    assert len(calls) == 2
    assert "refused (refused_for_the_test)" in output and calls[0].title in output
    decisions = Decision.objects.filter(status=Decision.Status.SIGNED)
    assert [d.position_id for d in decisions] == [calls[1].pk]
    assert not AppointmentProcess.objects.filter(position=calls[0]).exists()
