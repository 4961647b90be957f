"""One HTTP walk-through per path of the appointment procedure, as the real roles."""

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from viewflow.workflow.status import PROCESS

from apps.audit.models import AuditEntry
from apps.cadres.models import Tenure
from apps.decisions.document import date_words
from apps.decisions.services.drafting import add_years
from apps.organisation.models import Position
from tests.readable import assert_readable
from tests.signers import signer_of
from workflows.appointment.flows import AppointmentFlow
from workflows.appointment.models import AppointmentCandidate
from workflows.appointment.models import AppointmentOutcome as Outcome

from .conftest import make_candidate, make_eligible
from .helpers import claim_and_execute, latest_process, open_task, propose

pytestmark = pytest.mark.django_db

Status = AppointmentCandidate.Status


def _pdf(name):
    return SimpleUploadedFile(name, b"%PDF-1.4 bien ban", content_type="application/pdf")


def conference(counts, tallies=None, cadres=(), confidence=False, **extra):
    data = {
        "held_on": date.today().strftime("%d/%m/%Y"),
        "minutes": _pdf("bien_ban.pdf"),
        "count_minutes": _pdf("kiem_phieu.pdf"),
        **counts,
        **extra,
    }
    tallies = tallies or []
    data.update({"tally-TOTAL_FORMS": len(tallies), "tally-INITIAL_FORMS": len(tallies)})
    for i, (cadre, votes) in enumerate(zip(cadres, tallies, strict=True)):
        data[f"tally-{i}-cadre"] = cadre.pk
        if confidence:
            data[f"tally-{i}-votes_for"], data[f"tally-{i}-votes_against"] = votes
        else:
            data[f"tally-{i}-votes_for"] = votes
    return data


def counts(convened, present=None, valid=None, members=None):
    present = convened if present is None else present
    valid = present if valid is None else valid
    out = {
        "convened": convened,
        "present": present,
        "ballots_issued": present,
        "ballots_returned": present,
        "ballots_valid": valid,
    }
    if members is not None:
        # a collective's conference: those convened and its members come from the registry's membership on the
        # date (issue 9 point 10) — `members` is the size the test's collective has there
        del out["convened"]
        out["_registry_members"] = members  # tests.collectives.ensure_registry_members
    return out


@pytest.fixture
def started(client_for, leader_a, reviewer, position, unit_a):
    """Proposed, policy approved, two eligible candidates listed."""
    c1 = make_eligible(unit_a, position, full_name="Nguyễn Văn An")
    c2 = make_eligible(unit_a, position, full_name="Trần Thị Bình")
    assert propose(client_for(leader_a), position).status_code == 302
    process = latest_process()
    board = client_for(reviewer)
    claim_and_execute(board, process, AppointmentFlow.policy_review, {"decision": "approved"})
    claim_and_execute(board, process, AppointmentFlow.nominate, {"cadres": [c1.pk, c2.pk]})
    return process, board, c1, c2


def _through_step4(process, board, c1, c2):
    """Steps 1–4 as the local surplus rule (R1) runs them: clear winners, no tie needed."""
    claim_and_execute(
        board,
        process,
        AppointmentFlow.internal_1_collective,
        conference(counts(7, members=7), list_votes_for=6),
    )
    # step 2: 12 of 20 convened name c1 (> 50%); c2 is carried forward as the surplus for step 3
    claim_and_execute(
        board, process, AppointmentFlow.internal_2_expanded, conference(counts(20, 18), [12, 6], [c1, c2])
    )
    # step 3: 5 of 7 members nominate c1 — the collective's nominee; c2 goes on as the surplus candidate
    claim_and_execute(
        board,
        process,
        AppointmentFlow.internal_3_collective,
        conference(counts(7, members=7), [5, 2], [c1, c2]),
    )
    # step 4: the key officials are polled on both
    claim_and_execute(
        board,
        process,
        AppointmentFlow.internal_4_key_officials,
        conference(counts(30, 27), [(20, 7), (9, 18)], [c1, c2], confidence=True),
    )


def results_of(process, step_code):
    from apps.conferences.models import Conference

    conference = Conference.objects.get(process_id=process.pk, step_code=step_code)
    return {row.cadre_id: row.result for row in conference.candidates.all()}


def test_happy_path_ends_with_a_signed_decision_and_a_tenure(client_for, started, leadership, position):
    process, board, c1, c2 = started
    assert (
        process.params.surplus_required
    )  # the local layer (founding document): surplus at every consultation
    _through_step4(process, board, c1, c2)
    assert results_of(process, "internal_2_expanded") == {c1.pk: "selected", c2.pk: "surplus"}
    assert results_of(process, "internal_3_collective") == {c1.pk: "selected", c2.pk: "surplus"}
    assert set(results_of(process, "internal_4_key_officials")) == {c1.pk, c2.pk}  # both polled
    claim_and_execute(board, process, AppointmentFlow.verification, _verification(process))
    process.refresh_from_db()
    assert list(process.candidates.values_list("status", flat=True)) == [Status.SELECTED, Status.SELECTED]
    claim_and_execute(
        board,
        process,
        AppointmentFlow.internal_5_collective,
        conference(counts(7, members=7), [5, 2], [c1, c2]),
    )
    winner = process.candidates.get(cadre=c1)
    assert winner.is_active and process.candidates.get(cadre=c2).status == Status.ELIMINATED
    effective = date.today() + timedelta(days=5)
    claim_and_execute(
        board,
        process,
        AppointmentFlow.draft_decision,
        {
            "candidate": winner.pk,
            "effective_from": effective.strftime("%d/%m/%Y"),
            "grounds": "Căn cứ Quy định 377-QĐ/TW; Nghị định 170/2025/NĐ-CP",
        },
    )
    claim_and_execute(
        client_for(leadership),
        process,
        AppointmentFlow.sign_decision,
        {
            "signer": signer_of(),
            "issued_on": date.today().strftime("%d/%m/%Y"),
        },
    )
    process.refresh_from_db()
    assert process.status == PROCESS.DONE and process.outcome == Outcome.APPOINTED
    assert process.decision.number and process.decision.status == "signed"
    tenure = Tenure.objects.get(cadre=c1, position=position, ended_on__isnull=True)
    assert tenure.decision_number == process.decision.number
    assert Position.objects.with_vacancies().get(pk=position.pk).vacancies == 0
    assert process.candidates.get(cadre=c1).status == Status.APPOINTED
    actions = list(AuditEntry.objects.filter(process_id=process.pk).values_list("action", flat=True))
    for action in (
        "appointment.proposed",
        "appointment.policy_approved",
        "appointment.candidates_listed",
        "conference.recorded",
        "candidate.verified",
        "appointment.appointed",
    ):
        assert action in actions, action
    page = board.get(AppointmentFlow.instance.reverse("process_detail", args=[process.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    # a readable history (the code stays in the title) and each conference with its tallies and results
    assert 'data-action="appointment.proposed"' in html and ">appointment.proposed" not in html
    assert html.count('class="cf-conf"') == 5 and 'class="cf-result--surplus"' in html
    # the signed PDF, as the leadership downloads it, opens and names the cadre, the post, the number and the dates
    response = client_for(leadership).get(reverse("decisions:decisions:pdf", args=[process.decision.pk]))
    assert response.status_code == 200
    text = pdf_text(b"".join(response.streaming_content) if response.streaming else response.content)
    decision = process.decision
    assert f"Số: {decision.number}" in text
    assert "Nguyễn Văn An" in text and position.title in text
    assert date_words(date.today()) in text  # issued on, in the official layout's words
    term_end = add_years(effective, position.term_years)
    assert f"từ ngày {effective:%d/%m/%Y} đến ngày {term_end:%d/%m/%Y}" in text
    # who took part, each with the unit of the role they acted in (not the procedure's unit for everybody)
    people = {
        (p.user.username, p.role_in_procedure): p.unit_at_the_time
        for p in decision.participants.select_related("user", "unit_at_the_time")
    }
    assert people[("leader_a", "proposer")] == process.unit
    for role in ("reviewer", "conference_recorder", "verifier"):
        assert people[("reviewer", role)] == process.unit.parent, role  # the province's board
    assert people[("leadership", "signer")] == decision.authority
    # and the tenure is on the cadre's profile
    profile = board.get(reverse("registry:cadres:detail", args=[c1.pk])).content.decode()
    tenures = profile[profile.index('id="tenures"') :]
    assert decision.number in tenures and position.title in tenures
    assert_readable()  # every entry the procedure wrote, as its history shows it


def test_without_the_surplus_rule_only_the_nominee_goes_on_as_the_regulation_says(started):
    process, board, c1, c2 = started
    process.rule_snapshot = {**process.rule_snapshot, "surplus_required": False}
    process.save(update_fields=["rule_snapshot"])
    claim_and_execute(
        board,
        process,
        AppointmentFlow.internal_1_collective,
        conference(counts(7, members=7), list_votes_for=6),
    )
    claim_and_execute(
        board, process, AppointmentFlow.internal_2_expanded, conference(counts(20, 18), [12, 6], [c1, c2])
    )
    assert results_of(process, "internal_2_expanded") == {c1.pk: "selected", c2.pk: "not_selected"}
    assert process.candidates.get(cadre=c2).status == Status.ELIMINATED
    # one candidate left: steps 3 and 4 consult on that person alone, no surplus asked
    claim_and_execute(
        board, process, AppointmentFlow.internal_3_collective, conference(counts(7, members=7), [6], [c1])
    )
    claim_and_execute(
        board,
        process,
        AppointmentFlow.internal_4_key_officials,
        conference(counts(30, 27), [(20, 7)], [c1], confidence=True),
    )
    claim_and_execute(board, process, AppointmentFlow.verification, _verification(process))
    claim_and_execute(
        board, process, AppointmentFlow.internal_5_collective, conference(counts(7, members=7), [5], [c1])
    )
    assert process.candidates.get(cadre=c1).is_active
    assert open_task(process, AppointmentFlow.draft_decision)


def test_with_the_surplus_rule_a_single_name_cannot_reach_a_consultation(started):
    """The carry keeps step 3 and 4 supplied; the rule itself still refuses a consultation on one name."""
    from apps.conferences.models import Conference

    process, board, c1, c2 = started
    claim_and_execute(
        board,
        process,
        AppointmentFlow.internal_1_collective,
        conference(counts(7, members=7), list_votes_for=6),
    )
    claim_and_execute(
        board, process, AppointmentFlow.internal_2_expanded, conference(counts(20, 18), [12, 6], [c1, c2])
    )
    # an operator takes c2 out by hand (e.g. withdrawn candidacy): step 3 would consult on one name
    process.candidates.filter(cadre=c2).update(status=Status.ELIMINATED)
    before = AuditEntry.objects.count()
    response = claim_and_execute(
        board,
        process,
        AppointmentFlow.internal_3_collective,
        conference(counts(7, members=7), [6], [c1]),
        expect=200,
    )
    assert [e.code for e in response.context["form"].non_field_errors().as_data()] == ["surplus"]
    assert AuditEntry.objects.count() == before
    assert Conference.objects.filter(process_id=process.pk, step_code="internal_3_collective").count() == 0


def test_when_nobody_passes_step_3_the_top_two_go_on_and_step_5_decides(started):
    process, board, c1, c2 = started
    claim_and_execute(
        board,
        process,
        AppointmentFlow.internal_1_collective,
        conference(counts(7, members=7), list_votes_for=6),
    )
    claim_and_execute(
        board, process, AppointmentFlow.internal_2_expanded, conference(counts(20, 18), [9, 8], [c1, c2])
    )
    assert results_of(process, "internal_2_expanded") == {c1.pk: "advances", c2.pk: "advances"}
    claim_and_execute(
        board,
        process,
        AppointmentFlow.internal_3_collective,
        conference(counts(7, members=7), [3, 3], [c1, c2]),
    )
    assert results_of(process, "internal_3_collective") == {c1.pk: "advances", c2.pk: "advances"}
    claim_and_execute(
        board,
        process,
        AppointmentFlow.internal_4_key_officials,
        conference(counts(30, 27), [(12, 15), (20, 7)], [c1, c2], confidence=True),
    )
    claim_and_execute(board, process, AppointmentFlow.verification, _verification(process))
    claim_and_execute(
        board,
        process,
        AppointmentFlow.internal_5_collective,
        conference(counts(7, members=7), [2, 5], [c1, c2]),
    )
    assert process.candidates.get(cadre=c2).is_active
    assert process.candidates.get(cadre=c1).status == Status.ELIMINATED


def pdf_text(content):
    import io
    import re

    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(content))
    return re.sub(r"\s+", " ", "\n".join(page.extract_text() for page in reader.pages))


def _verification(process, years=3, documents=True):
    candidates = list(
        process.candidates.filter(status__in=AppointmentCandidate.ACTIVE_STATUSES).order_by("pk")
    )
    data = {"confirm": "on", "docs-TOTAL_FORMS": len(candidates), "docs-INITIAL_FORMS": len(candidates)}
    for i, c in enumerate(candidates):
        data[f"docs-{i}-candidate"] = c.pk
        data[f"docs-{i}-years"] = years
        if documents:  # procedures §4 items 4–5 (issue 9 point 12): the documents, not only the years
            data[f"docs-{i}-self_assessment"] = _doc("tu_danh_gia.pdf")
            data[f"docs-{i}-evaluation"] = _doc("nhan_xet_tap_the.pdf")
    return data


def _doc(name):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, b"%PDF-1.4 ho so", content_type="application/pdf")


def test_nobody_above_the_threshold_closes_the_procedure(started):
    process, board, c1, c2 = started
    claim_and_execute(
        board,
        process,
        AppointmentFlow.internal_1_collective,
        conference(counts(7, members=7), list_votes_for=2),
    )
    process.refresh_from_db()
    assert process.outcome == Outcome.NO_CANDIDATE_PASSED and process.status == PROCESS.DONE
    assert process.outcome_reason
    assert set(process.candidates.values_list("status", flat=True)) == {Status.ELIMINATED}


def test_a_candidate_failing_verification_stops_with_the_reason(started, unit_a):
    from tests.factories import DisciplineFactory

    process, board, c1, c2 = started
    _through_step4(process, board, c1, c2)
    DisciplineFactory(cadre=c2, status="under_review", kind="", decided_on=None, effective_from=None)
    claim_and_execute(board, process, AppointmentFlow.verification, _verification(process))
    failed = process.candidates.get(cadre=c2)
    assert failed.status == Status.FAILED_VERIFICATION and failed.reason
    assert any(not check.passed and check.code == "discipline" for check in failed.checks.all())
    assert process.candidates.get(cadre=c1).is_active
    assert open_task(process, AppointmentFlow.internal_5_collective)


def test_listing_needs_a_surplus_and_a_concluded_political_standard(
    client_for, leader_a, reviewer, position, unit_a
):
    c1 = make_eligible(unit_a, position)
    no_conclusion = make_eligible(unit_a, position)
    no_conclusion.political_conclusions.all().delete()
    propose(client_for(leader_a), position)
    process = latest_process()
    board = client_for(reviewer)
    claim_and_execute(board, process, AppointmentFlow.policy_review, {"decision": "approved"})
    response = claim_and_execute(
        board, process, AppointmentFlow.nominate, {"cadres": [c1.pk, no_conclusion.pk]}, expect=200
    )
    codes = [e.code for e in response.context["form"].errors.as_data()["cadres"]]
    assert codes == ["political_standard"]
    assert process.params.surplus_required
    response = claim_and_execute(board, process, AppointmentFlow.nominate, {"cadres": [c1.pk]}, expect=200)
    assert [e.code for e in response.context["form"].non_field_errors().as_data()] == ["surplus"]
    assert not process.candidates.exists()


def test_a_decision_cannot_be_drafted_for_an_unverified_candidate(started):
    from apps.core.rules import RuleViolation
    from workflows.appointment import rules

    process, board, c1, c2 = started
    candidate = process.candidates.get(cadre=c1)
    with pytest.raises(RuleViolation) as exc:
        rules.require_verified(candidate)
    assert exc.value.rule_code == "not_verified"


def test_unused_helper_make_candidate_has_a_conclusion(unit_a):
    assert make_candidate(unit_a).political_conclusions.count() == 1
