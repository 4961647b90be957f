"""Over HTTP: the ruling page shows the revocation decision as it will read and the decision under review (its
text and PDF), and offers the authority's office holders as signers (issue 9 §8)."""

import pytest

from tests.signers import CHAIRMAN
from workflows.revocation.flows import RevocationFlow

from .conftest import claim_and_execute, form_codes, investigation, latest_case, open_case, open_task, ruling

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(client_for, inspector, decision):
    commission = client_for(inspector)
    open_case(commission, decision)
    case = latest_case()
    claim_and_execute(commission, case, RevocationFlow.investigate, investigation(case))
    return case


def test_the_ruling_page_shows_both_decisions_and_the_signer_from_the_registry(
    client_for, leadership, case, decision
):
    client = client_for(leadership)
    task = open_task(case, RevocationFlow.decide)
    assert client.post(RevocationFlow.decide.reverse("assign", args=[case.pk, task.pk])).status_code == 302

    page = client.get(RevocationFlow.decide.reverse("execute", args=[case.pk, task.pk]))

    assert page.status_code == 200
    body = page.content.decode()
    assert f"Hủy bỏ Quyết định số {decision.number}" in body  # the revocation's own text
    assert 'id="revoked-decision-preview"' in body and f"/decisions/{decision.pk}/preview/" in body
    assert page.context["form"].fields["signer"].initial == leadership.cadre_id
    pdf = client.get(page.context["original_pdf_url"])
    assert pdf.status_code == 200 and pdf["Content-Disposition"].startswith("inline")
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")


def test_the_revocation_is_signed_under_the_registry_title(client_for, leadership, case):
    claim_and_execute(client_for(leadership), case, RevocationFlow.decide, ruling("revoke"))
    case.refresh_from_db()
    assert case.revocation_decision.signer_title == CHAIRMAN


def test_revoking_without_a_signer_is_refused(client_for, leadership, case):
    data = {**ruling("revoke"), "signer": ""}
    response = claim_and_execute(client_for(leadership), case, RevocationFlow.decide, data, expect=200)
    assert response.context["form"].errors["signer"].as_data()[0].code == "required"
    assert form_codes(response) == []
    case.refresh_from_db()
    assert case.revocation_decision is None
