"""Over HTTP: the nomination's sign pages show what is signed (issue 9 §8): the drafted nomination decisions with
their draft PDFs, and the election-result decisions as they will read; the signer comes from the registry."""

import pytest

from apps.decisions.models import Decision
from tests.signers import CHAIRMAN
from workflows.nomination.flows import NominationFlow

from .helpers import claim_and_execute, open_task, result_data
from .test_bad_input import approved, nominated  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db


def _page(client, process, node):
    task = open_task(process, node)
    assert client.post(node.reverse("assign", args=[process.pk, task.pk])).status_code == 302
    return client.get(node.reverse("execute", args=[process.pk, task.pk]))


def test_the_result_page_shows_each_result_decision_as_it_will_read(client_for, nominated, leadership):  # noqa: F811
    process, board, ids = nominated
    rows = [(ids[0], True, 280), (ids[1], True, 250), (ids[2], False, 120), (ids[3], False, 100)]
    claim_and_execute(board, process, NominationFlow.record_result, result_data(rows))

    page = _page(client_for(leadership), process, NominationFlow.confirm_result)

    assert page.status_code == 200
    previews = page.context["sign_previews"]
    elected = set(process.candidates.filter(pk__in=ids[:2]).values_list("cadre__full_name", flat=True))
    assert {p["decision"].cadre_name for p in previews} == elected
    assert all(p["pdf_url"] is None for p in previews)
    body = page.content.decode()
    assert all(name in body for name in elected) and body.count("cf-decision-document") >= 2
    assert page.context["form"].fields["signer"].initial == leadership.cadre_id
    assert not Decision.objects.filter(kind="election_result").exists()  # nothing drafted by showing the page


def test_the_nomination_decisions_are_signed_under_the_registry_title(nominated):  # noqa: F811
    process, _board, _ids = nominated
    titles = set(
        Decision.objects.filter(kind="nomination", process_id=process.pk).values_list(
            "signer_title", flat=True
        )
    )
    assert titles == {CHAIRMAN}
