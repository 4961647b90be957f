"""A procedure's documents are downloaded only through the procedure, by whoever may follow it: the step
attachments, the candidates' verification documents and the conferences' minutes and vote-count minutes.

Matrix per download: role × in/out of scope × candidate (R10) × anonymous; then a missing file, a document of
another procedure and an unknown document are 404s, and the procedure page links to each download.
"""

from datetime import date

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.accounts.models import Role
from apps.conferences.services import record_conference
from apps.conferences.steps import step_by_code
from apps.rulesets.selectors import rule_set_for
from tests.appointment.helpers import latest_process, propose
from tests.factories import CadreFactory, PositionFactory
from tests.permissions_matrix import LOGIN, check_download_matrix, make_persona, personas_for
from workflows.appointment.flows import AppointmentFlow
from workflows.appointment.models import AppointmentCandidate
from workflows.common import services

pytestmark = pytest.mark.django_db

FLOW = AppointmentFlow.instance
MEMO, MEMO_NAME = b"%PDF-1.4 to trinh so 12", "Tờ trình số 12.pdf"
DOSSIER, DOSSIER_NAME = b"%PDF-1.4 ban tu kiem diem", "tu-kiem-diem.pdf"
MINUTES, MINUTES_NAME = b"%PDF-1.4 bien ban hoi nghi", "Biên bản hội nghị.pdf"
#: a conference keeps the stored name of its minutes (the storage's spaces → underscores), not the uploaded one
MINUTES_STORED = "Biên_bản_hội_nghị.pdf"
COUNT, COUNT_NAME = b"%PDF-1.4 bien ban kiem phieu", "kiem-phieu.pdf"

#: the procedure's followers in its scope read its documents; everyone else gets what a missing one gets
EXPECT = {
    "anonymous": LOGIN,
    "leader_a": 200,
    "reviewer": 200,
    "leadership": 200,
    "inspector": 200,
    "leader_b": 404,
    "reviewer_b": 404,
    "candidate": 404,  # a candidate of the procedure (and at its conference)
    "process_candidate": 404,  # a candidate of the procedure, not at the conference
    # political protection enters the procedures' application (its requests are steps, procedures §9) but sees
    # only the procedures that asked it for a conclusion: this one did not
    "protection": 404,
    "nobody": 403,  # no role at all: the procedures' application refuses first
}
#: the conference download is not inside the procedures' application: no role at all is simply out of scope
CONFERENCE_EXPECT = dict(EXPECT, nobody=404, protection=403)  # in scope, not a follower
#: a step whose result is not announced (step 2): its minutes carry the tallies, which the proposing unit leader
#: does not read (issue 9 point 16; procedures §1.2, H5)
UNANNOUNCED_EXPECT = dict(CONFERENCE_EXPECT, leader_a=404)


def _reviewer_with_cadre(username, province, unit, admin_user):
    """A province-wide organisation-board reviewer whose own cadre record is a candidate (R10)."""
    return make_persona(
        username, Role.ORG_BOARD, province, cadre=CadreFactory(current_unit=unit), actor=admin_user
    )


@pytest.fixture
def personas(request, province, unit_a, admin_user):
    return personas_for(
        request,
        EXPECT,
        candidate=_reviewer_with_cadre("candidate", province, unit_a, admin_user),
        process_candidate=_reviewer_with_cadre("process_candidate", province, unit_a, admin_user),
        protection=make_persona("protection", Role.POLITICAL_PROTECTION, province, actor=admin_user),
        nobody=make_persona("nobody"),
    )


def _procedure(client, position, *candidates):
    assert propose(client, position).status_code == 302
    process = latest_process()
    for user in candidates:
        AppointmentCandidate.objects.create(process=process, cadre=user.cadre)
    return process


@pytest.fixture
def process(client_for, leader_a, position, personas):
    return _procedure(client_for(leader_a), position, personas["candidate"], personas["process_candidate"])


@pytest.fixture
def attachment(process, reviewer):
    upload = SimpleUploadedFile(MEMO_NAME, MEMO, content_type="application/pdf")
    return services.add_attachment(process=process, upload=upload, kind="to_trinh", actor=reviewer)


@pytest.fixture
def dossier_candidate(process, unit_a):
    """Another candidate of the procedure, whose self-assessment was handed in at verification."""
    candidate = AppointmentCandidate.objects.create(process=process, cadre=CadreFactory(current_unit=unit_a))
    candidate.self_assessment.save(DOSSIER_NAME, ContentFile(DOSSIER))
    return candidate


def _record_conference(process, unit, actor, cadres, step_code="internal_2_expanded"):
    rule_set = rule_set_for()
    params = rule_set.resolve()
    spec = step_by_code(step_code, params)
    tallies = {cadres[0].pk: 8, cadres[1].pk: 2, cadres[2].pk: 1}
    if spec.ballot_kind == "confidence":
        tallies = {cadres[0].pk: (8, 3), cadres[1].pk: (2, 9), cadres[2].pk: (1, 10)}
    return record_conference(
        process=process,
        unit=unit,
        spec=spec,
        params=params,
        rule_set=rule_set,
        candidates=cadres,
        seats=1,
        held_on=date.today(),
        convened=15,
        present=12,
        ballots_issued=12,
        ballots_returned=12,
        ballots_valid=11,
        tallies=tallies,
        minutes=SimpleUploadedFile(MINUTES_NAME, MINUTES, content_type="application/pdf"),
        count_minutes=SimpleUploadedFile(COUNT_NAME, COUNT, content_type="application/pdf"),
        actor=actor,
    )


@pytest.fixture
def conference(process, unit_a, reviewer, personas):
    others = [CadreFactory(current_unit=unit_a) for _ in range(2)]
    return _record_conference(process, unit_a, reviewer, [personas["candidate"].cadre, *others])


def attachment_url(process, attachment):
    return FLOW.reverse("attachment_download", args=[process.pk, attachment.pk])


def document_url(process, candidate, document="self-assessment"):
    return FLOW.reverse("candidate_document", args=[process.pk, candidate.pk, document])


def conference_url(conference, document="minutes"):
    return reverse("conferences:document-download", args=[conference.pk, document])


# --- the matrices ---------------------------------------------------------------------------------------------


def test_a_step_attachment_is_served_to_the_procedures_followers_only(
    client_for, personas, process, attachment
):
    url = attachment_url(process, attachment)
    check_download_matrix(client_for, personas, EXPECT, url, body=MEMO, filename=MEMO_NAME)


def test_a_candidates_document_is_served_to_the_procedures_followers_only(
    client_for, personas, process, dossier_candidate
):
    url = document_url(process, dossier_candidate)
    check_download_matrix(client_for, personas, EXPECT, url, body=DOSSIER, filename=DOSSIER_NAME)


@pytest.mark.parametrize(
    "document, body, filename", [("minutes", MINUTES, MINUTES_STORED), ("count-minutes", COUNT, COUNT_NAME)]
)
def test_conference_minutes_are_served_to_the_procedures_followers_only(
    client_for, personas, conference, document, body, filename
):
    url = conference_url(conference, document)
    check_download_matrix(client_for, personas, UNANNOUNCED_EXPECT, url, body=body, filename=filename)


def test_an_announced_conferences_minutes_are_served_to_the_unit_leader_too(
    client_for, personas, process, unit_a
):
    from tests.collectives import seed_collective

    others = [CadreFactory(current_unit=unit_a) for _ in range(2)]
    seed_collective(unit_a, 15)  # step 2 convenes the leadership where the candidates work (issue 9 point 10)
    announced = _record_conference(
        process, unit_a, personas["reviewer"], [personas["candidate"].cadre, *others], "external_2_origin"
    )
    check_download_matrix(
        client_for,
        personas,
        CONFERENCE_EXPECT,
        conference_url(announced),
        body=MINUTES,
        filename=MINUTES_STORED,
    )


def test_a_conference_without_a_procedure_is_read_in_its_units_scope(client_for, personas, unit_a, reviewer):
    conference = _record_conference(
        None, unit_a, reviewer, [CadreFactory(current_unit=unit_a) for _ in range(3)]
    )
    # step 2's result is not announced: the unit leader does not read its minutes (issue 9 point 16)
    expect = {"anonymous": LOGIN, "leader_a": 404, "inspector": 200, "leader_b": 404, "nobody": 404}
    check_download_matrix(
        client_for, personas, expect, conference_url(conference), body=MINUTES, filename=MINUTES_STORED
    )


# --- what is not there ----------------------------------------------------------------------------------------


def test_a_file_gone_from_the_storage_is_a_404(
    client_for, reviewer, process, attachment, dossier_candidate, conference
):
    for field in (attachment.file, dossier_candidate.self_assessment, conference.minutes):
        field.storage.delete(field.name)
    client = client_for(reviewer)
    assert client.get(attachment_url(process, attachment)).status_code == 404
    assert client.get(document_url(process, dossier_candidate)).status_code == 404
    assert client.get(conference_url(conference)).status_code == 404
    assert client.get(conference_url(conference, "count-minutes")).status_code == 200


def test_a_document_is_only_reached_through_its_own_procedure(
    client_for, reviewer, leader_a, unit_a, process, attachment, dossier_candidate
):
    other = _procedure(client_for(leader_a), PositionFactory(unit=unit_a, title="Chánh Văn phòng"))
    client = client_for(reviewer)
    assert client.get(attachment_url(other, attachment)).status_code == 404
    assert client.get(document_url(other, dossier_candidate)).status_code == 404
    assert client.get(attachment_url(process, attachment)).status_code == 200


def test_an_unknown_or_empty_document_is_a_404(client_for, reviewer, process, dossier_candidate, conference):
    client = client_for(reviewer)
    assert (
        client.get(document_url(process, dossier_candidate, "evaluation")).status_code == 404
    )  # not handed in
    assert client.get(document_url(process, dossier_candidate, "verification")).status_code == 404
    assert client.get(conference_url(conference, "ballots")).status_code == 404
    missing = reverse("conferences:document-download", args=[conference.pk + 1000, "minutes"])
    assert client.get(missing).status_code == 404


def test_the_procedure_page_links_to_each_download(
    client_for, reviewer, process, attachment, dossier_candidate, conference
):
    body = client_for(reviewer).get(FLOW.reverse("process_detail", args=[process.pk])).content.decode()
    for url in (
        attachment_url(process, attachment),
        document_url(process, dossier_candidate),
        conference_url(conference),
        conference_url(conference, "count-minutes"),
    ):
        assert f'href="{url}" data-turbo="false"' in body, url
    assert "/media/" not in body
