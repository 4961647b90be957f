"""The appointment procedure over HTTP for a winner who already holds a post (issue #3): the board says on the
draft whether the new post is held concurrently (kiêm nhiệm); signing ends the post held otherwise, fulfils the
winner's planning for the title, and the decision page and PDF name the post left."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from apps.audit.models import AuditEntry
from apps.cadres.models import PlanningEntry, Tenure
from apps.organisation.models import Position
from tests.factories import PositionFactory, TenureFactory
from tests.signers import signer_of
from workflows.appointment.flows import AppointmentFlow

from . import test_walkthrough as walk
from .helpers import claim_and_execute
from .test_walkthrough import _through_step4, _verification, conference, counts, pdf_text

started = walk.started  # the walk-through's fixture: proposed, policy approved, two eligible candidates

pytestmark = pytest.mark.django_db


@pytest.fixture
def promotion(started, unit_a):
    """The walk-through's first candidate is head of the organisation office when the procedure runs."""
    process, board, c1, c2 = started
    head_post = PositionFactory(unit=unit_a, title="Chánh Văn phòng Sở Nội vụ", seats=1)
    held = TenureFactory(cadre=c1, position=head_post, start_date=date(2022, 1, 1), term_end=date(2029, 1, 1))
    return process, board, c1, c2, head_post, held


def _decide_and_sign(client_for, leadership, process, board, c1, c2, **draft):
    _through_step4(process, board, c1, c2)
    claim_and_execute(board, process, AppointmentFlow.verification, _verification(process))
    claim_and_execute(
        board,
        process,
        AppointmentFlow.internal_5_collective,
        conference(counts(7, members=7), [5, 2], [c1, c2]),
    )
    effective = date.today() + timedelta(days=5)
    claim_and_execute(
        board,
        process,
        AppointmentFlow.draft_decision,
        {
            "candidate": process.candidates.get(cadre=c1).pk,
            "effective_from": effective.strftime("%d/%m/%Y"),
            "grounds": "Căn cứ Quy định 377-QĐ/TW; Nghị định 170/2025/NĐ-CP",
            **draft,
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
    return process.decision, effective


def _pdf_of(client, decision):
    response = client.get(reverse("decisions:decisions:pdf", args=[decision.pk]))
    assert response.status_code == 200
    return pdf_text(b"".join(response.streaming_content) if response.streaming else response.content)


def test_the_winner_leaves_the_post_held_and_the_planning_is_fulfilled(
    client_for, promotion, leadership, position, reviewer
):
    process, board, c1, c2, head_post, held = promotion
    decision, effective = _decide_and_sign(client_for, leadership, process, board, c1, c2)

    assert decision.status == "signed" and not decision.concurrent
    old = Tenure.objects.get(pk=held.pk)
    assert (old.ended_on, old.end_reason) == (
        effective - timedelta(days=1),
        Tenure.EndReason.APPOINTED_ELSEWHERE,
    )
    assert old.ended_by_decision == decision
    assert Position.objects.with_vacancies().get(pk=head_post.pk).vacancies == 1
    assert Tenure.objects.open().get(cadre=c1).position == position
    entry = PlanningEntry.objects.get(cadre=c1, position=position)
    assert (entry.status, entry.fulfilled_on) == (PlanningEntry.Status.FULFILLED, effective)
    assert PlanningEntry.objects.get(cadre=c2, position=position).status == PlanningEntry.Status.ACTIVE
    # written by whoever signed (the leadership), on the procedure
    ended = AuditEntry.objects.get(action="tenure.ended", object_id=str(held.pk))
    fulfilled = AuditEntry.objects.get(action="planning.fulfilled", object_id=str(entry.pk))
    assert ended.process_id == fulfilled.process_id == process.pk
    assert ended.actor.username == fulfilled.actor.username == "leadership"
    row = Tenure.history.filter(id=held.pk).order_by("-history_date", "-history_id").first()
    assert row.ended_on == old.ended_on and row.history_user.username == "leadership"

    page = board.get(reverse("decisions:decisions:detail", args=[decision.pk])).content.decode()
    assert 'id="leaves-post"' in page and "Chánh Văn phòng Sở Nội vụ" in page
    text = _pdf_of(client_for(leadership), decision)
    assert "thôi giữ chức vụ Chánh Văn phòng Sở Nội vụ" in " ".join(text.split())


def test_held_concurrently_the_winner_keeps_the_post(client_for, promotion, leadership, position):
    process, board, c1, c2, head_post, held = promotion
    decision, effective = _decide_and_sign(client_for, leadership, process, board, c1, c2, concurrent="on")

    assert decision.concurrent and decision.leaves_post == ""
    assert Tenure.objects.get(pk=held.pk).ended_on is None
    assert set(Tenure.objects.open().filter(cadre=c1).values_list("position", flat=True)) == {
        head_post.pk,
        position.pk,
    }
    assert not AuditEntry.objects.filter(action="tenure.ended").exists()
    page = board.get(reverse("decisions:decisions:detail", args=[decision.pk])).content.decode()
    assert 'id="concurrent"' in page and 'id="leaves-post"' not in page
    text = " ".join(_pdf_of(client_for(leadership), decision).split())
    assert "kiêm giữ chức vụ" in text and "thôi giữ" not in text


def test_the_draft_form_offers_the_concurrent_option(promotion):
    from workflows.appointment.forms import DraftDecisionForm

    process = promotion[0]
    form = DraftDecisionForm(process=process)
    assert "concurrent" in form.fields and form.fields["concurrent"].required is False
