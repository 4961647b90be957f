"""A signed decision's PDF is downloaded by readers in the scope of its position's unit, never by the cadre it is
about (R10), never through a public media URL; a PDF gone from the storage is a 404."""

import pytest
from django.urls import reverse

from apps.accounts.models import Role
from tests.permissions_matrix import LOGIN, check_download_matrix, make_persona, personas_for

pytestmark = pytest.mark.django_db

EXPECT = {
    "anonymous": LOGIN,
    "leader_a": 200,
    "reviewer": 200,
    "inspector": 200,
    "leader_b": 404,
    "concerned": 404,  # a province-wide reviewer who is the cadre the decision is about
    "nobody": 403,  # no scope anywhere: the decisions application refuses first
}
FILENAME = "1_QĐ-UBND.pdf"  # the number, "/" made safe


@pytest.fixture
def personas(request, province, cadre, admin_user):
    return personas_for(
        request,
        EXPECT,
        concerned=make_persona("concerned", Role.ORG_BOARD, province, cadre=cadre, actor=admin_user),
        nobody=make_persona("nobody"),
    )


def url(decision):
    return reverse("decisions:decisions:pdf", args=[decision.pk])


def test_the_signed_pdf_is_served_in_scope_only(client_for, personas, appointed):
    body = appointed.pdf.read()
    check_download_matrix(client_for, personas, EXPECT, url(appointed), body=body, filename=FILENAME)


def test_a_pdf_gone_from_the_storage_is_a_404(client_for, reviewer, appointed):
    appointed.pdf.storage.delete(appointed.pdf.name)
    assert client_for(reviewer).get(url(appointed)).status_code == 404
