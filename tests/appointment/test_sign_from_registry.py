"""Over HTTP: the sign step shows the decision's full text and its draft PDF, offers the authority's office
holders as signers, and takes the signer's name and title from the registry (issue 9 §8)."""

import pytest
from django.urls import reverse

from apps.decisions.models import Decision
from tests.signers import CHAIRMAN, signer_of
from workflows.appointment.flows import AppointmentFlow

from .helpers import claim_and_execute, open_task
from .test_bad_input import field_codes, refused
from .test_seats import TODAY, draft, two_seats, voted, winner  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db


@pytest.fixture
def drafted(client_for, voted, leadership):  # noqa: F811 - the fixture imported above
    process, board, (c1, c2, c3, c4) = voted
    draft(board, process, winner(process, c1))
    process.refresh_from_db()
    return process, c3


def test_the_sign_page_shows_the_full_text_and_the_draft_pdf(client_for, drafted, leadership):
    process, _ = drafted
    signer = client_for(leadership)
    task = open_task(process, AppointmentFlow.sign_decision)
    assert (
        signer.post(AppointmentFlow.sign_decision.reverse("assign", args=[process.pk, task.pk])).status_code
        == 302
    )

    page = signer.get(AppointmentFlow.sign_decision.reverse("execute", args=[process.pk, task.pk]))

    assert page.status_code == 200
    (preview,) = page.context["sign_previews"]
    assert preview["decision"].pk == process.decision.pk
    body = page.content.decode()
    assert "cf-decision-document" in body and process.decision.grounds.splitlines()[0] in body
    assert f'src="{preview["pdf_url"]}"' in body
    form = page.context["form"]
    assert form.fields["signer"].initial == leadership.cadre_id
    assert [pk for pk, _label in form.fields["signer"].choices if pk] == [leadership.cadre_id]
    pdf = signer.get(preview["pdf_url"])
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"].startswith("inline") and pdf.content.startswith(b"%PDF")
    assert pdf.get("X-Frame-Options") == "SAMEORIGIN"


def test_a_signer_who_holds_no_post_of_the_authority_is_refused(client_for, drafted, leadership):
    process, outsider = drafted
    response = refused(
        client_for(leadership),
        process,
        AppointmentFlow.sign_decision,
        {"signer": outsider.pk, "issued_on": TODAY.strftime("%d/%m/%Y")},
    )
    assert field_codes(response) == [] and field_codes(response, "signer") == ["invalid_choice"]
    assert Decision.objects.get(pk=process.decision.pk).status == Decision.Status.DRAFT


def test_a_linked_cadre_without_a_post_on_the_signing_date_is_refused_by_the_rule(
    client_for, drafted, leadership
):
    process, _ = drafted
    tenure = leadership.cadre.tenures.get()
    tenure.ended_on = TODAY
    tenure.save()
    response = refused(
        client_for(leadership),
        process,
        AppointmentFlow.sign_decision,
        {"signer": leadership.cadre_id, "issued_on": TODAY.strftime("%d/%m/%Y")},
    )
    assert field_codes(response) == ["signer_holds_no_post"]


def test_the_title_is_read_from_the_registry_not_typed(client_for, drafted, leadership):
    process, _ = drafted
    claim_and_execute(
        client_for(leadership),
        process,
        AppointmentFlow.sign_decision,
        {"signer": signer_of(), "signer_title": "Typed", "issued_on": TODAY.strftime("%d/%m/%Y")},
    )
    decision = Decision.objects.get(pk=process.decision.pk)
    assert decision.status == Decision.Status.SIGNED
    assert (decision.signer_title, decision.signer_name) == (CHAIRMAN, leadership.cadre.full_name)
    page = client_for(leadership).get(reverse("decisions:decisions:detail", args=[decision.pk]))
    assert CHAIRMAN.upper() in page.content.decode()
