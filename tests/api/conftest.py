"""Fixtures of the API tests: the appointment tests' position, leadership and registry collectives, and a
procedure proposed by leader A with two listed candidates, one of whom has an account (the candidate persona)."""

import pytest

from apps.accounts.models import Role
from apps.accounts.services import grant_role
from tests.appointment.conftest import (  # noqa: F401 (the appointment tests' fixtures, used here too)
    _media,
    leadership,
    make_eligible,
    position,
)
from tests.appointment.helpers import claim_and_execute, latest_process, propose
from tests.factories import UserFactory
from workflows.appointment.flows import AppointmentFlow


@pytest.fixture
def collectives(request, unit_a, unit_b, province):
    """The units' leadership collectives in the registry (only for the tests that run conferences)."""
    from tests.collectives import seed_registry_collectives

    seed_registry_collectives(request)


@pytest.fixture
def listed(client_for, leader_a, reviewer, position, unit_a, collectives):  # noqa: F811
    """An appointment in unit A: proposed, policy approved, two eligible candidates listed (step 1 is next)."""
    c1 = make_eligible(unit_a, position, full_name="Nguyễn Văn An")
    c2 = make_eligible(unit_a, position, full_name="Trần Thị Bình")
    assert propose(client_for(leader_a), position).status_code == 302
    process = latest_process()
    board = client_for(reviewer)
    claim_and_execute(board, process, AppointmentFlow.policy_review, {"decision": "approved"})
    claim_and_execute(board, process, AppointmentFlow.nominate, {"cadres": [c1.pk, c2.pk]})
    return process, c1, c2


@pytest.fixture
def candidate_user(listed, admin_user, unit_a):
    """A unit leader of unit A who is also a candidate of the procedure (R10: never sees it)."""
    _process, c1, _c2 = listed
    user = UserFactory(username="candidate", cadre=c1)
    grant_role(user=user, role=Role.UNIT_LEADER, unit=unit_a, include_descendants=True, actor=admin_user)
    return user


def _pdf(name):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, b"%PDF-1.4 minutes", content_type="application/pdf")


@pytest.fixture
def conference_of(admin_user):
    """``conference_of(process, cadres, step_code=…)``: a conference recorded on `process` by the conference service
    (the step's publication rule decides whether its result was announced)."""
    from datetime import date

    from apps.conferences.services import record_conference
    from apps.conferences.steps import step_by_code
    from apps.rulesets.selectors import rule_set_for

    rule_set = rule_set_for()
    params = rule_set.resolve()

    def call(process, cadres, step_code="internal_2_expanded", held_on=None):
        return record_conference(
            process=process,
            unit=process.unit,
            spec=step_by_code(step_code, params),
            params=params,
            rule_set=rule_set,
            candidates=cadres,
            seats=1,
            held_on=held_on or date.today(),
            convened=15,
            present=12,
            ballots_issued=12,
            ballots_returned=12,
            ballots_valid=11,
            tallies={cadre.pk: votes for cadre, votes in zip(cadres, (8, 3, 1), strict=False)},
            minutes=_pdf("bien-ban.pdf"),
            count_minutes=_pdf("kiem-phieu.pdf"),
            actor=admin_user,
        )

    return call


@pytest.fixture
def file_report():
    """``file_report(**changes)``: a violation report filed by a citizen through the service."""
    from django.contrib.auth.models import AnonymousUser

    from apps.audit.models import ViolationReport
    from apps.inspection.services import reports as services

    def call(**changes):
        kwargs = {
            "actor": AnonymousUser(),
            "category": ViolationReport.Category.WRONG_APPOINTMENT,
            "subject_text": "Trưởng phòng Tổ chức",
            "description": "Bổ nhiệm người không có trong quy hoạch.",
            "channel": ViolationReport.Channel.CITIZEN,
            "reporter_name": "Phạm Thị Bí Mật",
            "reporter_contact": "0987 000 111",
        }
        return services.file_report(**kwargs | changes)

    return call
