"""Decision pages: who sees what (in scope 200, out of scope 404, anonymous to the login page), the PDF download,
and a list whose query count does not grow with the number of decisions."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.decisions.models import Decision
from tests.factories import CadreFactory, PositionFactory

INDEX = "decisions:decisions:index"


def detail_url(decision):
    return reverse("decisions:decisions:detail", args=[decision.pk])


def pdf_url(decision):
    return reverse("decisions:decisions:pdf", args=[decision.pk])


@pytest.fixture
def decision_b(draft, sign, unit_b, province):
    """A signed decision about a position of unit B (outside leader A's scope)."""
    position = PositionFactory(unit=unit_b, authority=province, title="Phó Giám đốc Sở Tài chính")
    return sign(draft(position=position, cadre=CadreFactory(current_unit=unit_b, full_name="Lê Văn Cường")))


def test_anonymous_users_go_to_the_login_page(client_for, appointed):
    for url in (reverse(INDEX), detail_url(appointed), pdf_url(appointed)):
        response = client_for(None).get(url)
        assert response.status_code == 302 and response.url.startswith("/accounts/login/"), url


def test_the_list_shows_only_the_decisions_in_scope(client_for, leader_a, appointed, decision_b):
    response = client_for(leader_a).get(reverse(INDEX))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Nguyễn Thị Hồng Nhung" in body and "1/QĐ-UBND" in body
    assert "Lê Văn Cường" not in body


def test_the_board_sees_every_decision_of_the_province(client_for, reviewer, appointed, decision_b):
    body = client_for(reviewer).get(reverse(INDEX)).content.decode()
    assert "Nguyễn Thị Hồng Nhung" in body and "Lê Văn Cường" in body


def test_a_user_without_any_scope_cannot_open_the_list(client_for, db):
    from tests.factories import UserFactory

    assert client_for(UserFactory(username="nobody")).get(reverse(INDEX)).status_code == 403


def test_detail_in_scope_shows_the_document_and_the_participants(client_for, leader_a, appointed):
    response = client_for(leader_a).get(detail_url(appointed))
    assert response.status_code == 200
    body = response.content.decode()
    for text in (
        "1/QĐ-UBND",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Điều 1.",
        "Nguyễn Thị Hồng Nhung",
        pdf_url(appointed),
    ):
        assert text in body, text
    assert "Vương Quốc Tuấn" in body  # the signer, listed among the participants


def test_detail_and_pdf_out_of_scope_are_404(client_for, leader_a, decision_b):
    assert client_for(leader_a).get(detail_url(decision_b)).status_code == 404
    assert client_for(leader_a).get(pdf_url(decision_b)).status_code == 404
    missing = reverse("decisions:decisions:detail", args=[decision_b.pk + 1000])
    assert client_for(leader_a).get(missing).status_code == 404


def test_the_pdf_download_is_the_stored_signed_pdf(client_for, leader_a, appointed):
    response = client_for(leader_a).get(pdf_url(appointed))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == "attachment; filename*=utf-8''1_Q%C4%90-UBND.pdf"
    assert b"".join(response.streaming_content) == Decision.objects.get(pk=appointed.pk).pdf.read()


def test_a_draft_has_no_pdf_to_download_yet(client_for, reviewer, draft):
    decision = draft()
    assert client_for(reviewer).get(detail_url(decision)).status_code == 200
    assert client_for(reviewer).get(pdf_url(decision)).status_code == 404


def test_the_cadre_concerned_does_not_read_their_own_decision(client_for, leader_a, appointed, cadre):
    """R10: the leader of unit A is also the cadre the decision is about."""
    leader_a.cadre = cadre
    leader_a.save()
    client = client_for(leader_a)
    assert client.get(detail_url(appointed)).status_code == 404
    assert "Nguyễn Thị Hồng Nhung" not in client.get(reverse(INDEX)).content.decode()


def test_a_revoked_decision_links_to_its_revocation(client_for, reviewer, appointed, revoke):
    revocation = revoke(appointed)
    body = client_for(reviewer).get(detail_url(appointed)).content.decode()
    assert 'id="revoked-by"' in body and detail_url(revocation) in body
    body = client_for(reviewer).get(detail_url(revocation)).content.decode()
    assert 'id="revokes"' in body and detail_url(appointed) in body
    assert "Hủy bỏ Quyết định số 1/QĐ-UBND ngày 26/11/2026" in body


def _sign_many(count, draft, sign, unit_a, province):
    for _ in range(count):
        position = PositionFactory(unit=unit_a, authority=province)
        sign(
            draft(
                position=position, cadre=CadreFactory(current_unit=unit_a), effective_from=date(2026, 12, 1)
            )
        )


def test_the_list_costs_the_same_queries_for_n_and_3n_decisions(
    client_for, leader_a, draft, sign, unit_a, province
):
    client = client_for(leader_a)
    _sign_many(3, draft, sign, unit_a, province)
    client.get(reverse(INDEX))  # warm caches (content types, sessions)
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse(INDEX)).status_code == 200
    _sign_many(6, draft, sign, unit_a, province)
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse(INDEX))
    assert response.content.decode().count("/QĐ-UBND") >= 9
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]
