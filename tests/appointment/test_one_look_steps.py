"""One look on the appointment's pages (issue 11 §5, §8): a refused step keeps its files for the next submit, the
finished procedure's page links its decision and PDF for a reader who may see them and only names it for anyone
else, and the diagram opens full size."""

import re
from datetime import date, timedelta

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from apps.conferences.models import Conference
from tests.signers import signer_of
from workflows.appointment.flows import AppointmentFlow

from . import test_walkthrough as walkthrough
from .helpers import claim_and_execute
from .test_walkthrough import _through_step4, _verification, conference, counts

started = walkthrough.started  # the walkthrough's fixture: proposed, policy approved, two candidates listed

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _kept_root(settings, tmp_path):
    settings.KEPT_UPLOADS_ROOT = tmp_path / "kept"


def kept_tokens(html):
    return dict(re.findall(r'<input type="hidden" name="_kept_([\w-]+)" value="([^"]+)"', html))


def test_a_refused_step_keeps_its_files_and_the_next_submit_uses_them(started, settings):
    process, board, c1, c2 = started
    data = conference(counts(7, members=7), list_votes_for=6)
    data["present"] = 9  # more present than convened: refused
    response = claim_and_execute(board, process, AppointmentFlow.internal_1_collective, data, expect=200)
    html = response.content.decode()
    tokens = kept_tokens(html)
    assert set(tokens) == {"minutes", "count_minutes"}, tokens
    assert 'class="cf-kept-file"' in html and "bien_ban.pdf" in html and "kiem_phieu.pdf" in html
    assert not Conference.objects.filter(process_id=process.pk).exists()

    # the corrected submit chooses no file again: the kept ones are used
    again = conference(counts(7, members=7), list_votes_for=6)
    del again["minutes"], again["count_minutes"]
    again.update({f"_kept_{name}": token for name, token in tokens.items()})
    claim_and_execute(board, process, AppointmentFlow.internal_1_collective, again, expect=302)
    recorded = Conference.objects.get(process_id=process.pk)
    assert recorded.minutes.name.endswith(".pdf") and recorded.count_minutes
    assert recorded.minutes.read().startswith(b"%PDF")
    assert not any((settings.KEPT_UPLOADS_ROOT).iterdir())  # used, then gone


def test_a_kept_file_token_of_another_user_is_ignored(started, client_for, admin_user, leadership):
    process, board, c1, c2 = started
    data = conference(counts(7, members=7), list_votes_for=6)
    data["present"] = 9
    tokens = kept_tokens(
        claim_and_execute(
            board, process, AppointmentFlow.internal_1_collective, data, expect=200
        ).content.decode()
    )
    assert tokens
    # the same tokens from another account restore nothing: the required minutes are missing
    from workflows.common.steps import StepFormView

    request = RequestFactory().post("/", {f"_kept_{k}": v for k, v in tokens.items()})
    request.user = leadership
    request.session = board.session
    view = StepFormView()
    view.request = request
    assert not view.request_files()


def _finish(started, client_for, leadership):
    process, board, c1, c2 = started
    _through_step4(process, board, c1, c2)
    claim_and_execute(board, process, AppointmentFlow.verification, _verification(process))
    claim_and_execute(
        board,
        process,
        AppointmentFlow.internal_5_collective,
        conference(counts(7, members=7), [5, 2], [c1, c2]),
    )
    winner = process.candidates.get(cadre=c1)
    claim_and_execute(
        board,
        process,
        AppointmentFlow.draft_decision,
        {
            "candidate": winner.pk,
            "effective_from": (date.today() + timedelta(days=5)).strftime("%d/%m/%Y"),
            "grounds": "Căn cứ Quy định 377-QĐ/TW",
        },
    )
    claim_and_execute(
        client_for(leadership),
        process,
        AppointmentFlow.sign_decision,
        {"signer": signer_of(), "issued_on": date.today().strftime("%d/%m/%Y")},
    )
    process.refresh_from_db()
    return process


def test_the_finished_procedure_links_its_decision_and_pdf_and_a_full_size_diagram(
    started, client_for, leadership, leader_b
):
    process = _finish(started, client_for, leadership)
    board = started[1]
    decision = process.decision
    assert decision.is_signed and decision.pdf
    page_url = AppointmentFlow.instance.reverse("process_detail", args=[process.pk])
    html = board.get(page_url).content.decode()
    detail = reverse("decisions:decisions:detail", args=[decision.pk])
    pdf = reverse("decisions:decisions:pdf", args=[decision.pk])
    assert f'href="{detail}"' in html and f'href="{pdf}"' in html
    assert board.get(detail).status_code == 200 and board.get(pdf).status_code == 200
    chart = AppointmentFlow.instance.reverse("process_chart", args=[process.pk])
    assert re.search(rf'<a href="{re.escape(chart)}" target="_blank"[^>]*id="diagram-full"', html)
    assert board.get(chart).status_code == 200

    # a reader outside the decision's scope gets its name, with no link to the decision or its PDF
    request = RequestFactory().get(page_url)
    request.user = leader_b
    fragment = render_to_string("decisions/_decision_link.html", {"d": decision, "request": request})
    assert str(decision) in fragment and "<a" not in fragment
    assert client_for(leader_b).get(pdf).status_code == 404


def test_a_checkbox_list_without_a_material_component_is_rendered_by_django(
    client_for, leader_a, reviewer, position, unit_a
):
    from viewflow.workflow.status import STATUS

    from .conftest import make_eligible
    from .helpers import latest_process, open_task, propose

    cadre = make_eligible(unit_a, position, full_name="Nguyễn Văn An")
    assert propose(client_for(leader_a), position).status_code == 302
    process = latest_process()
    board = client_for(reviewer)
    claim_and_execute(board, process, AppointmentFlow.policy_review, {"decision": "approved"})
    task = open_task(process, AppointmentFlow.nominate)
    if task.status == STATUS.NEW:
        board.post(task.flow_task.reverse("assign", args=[process.pk, task.pk]))
    html = board.get(task.flow_task.reverse("execute", args=[process.pk, task.pk])).content.decode()
    form = html[html.index("<vf-form>") : html.index("</vf-form>")]
    assert "vf-field-checkbox-select" not in form  # Viewflow's script defines no such component
    assert re.search(rf'<input type="checkbox" name="cadres" value="{cadre.pk}"', form)
