"""The example of docs/api.md run as it is, against a live server: an appointment from proposal to signed decision
through the API alone, with the tokens of a unit leader, the organisation board and the leadership."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader
from viewflow.workflow.status import PROCESS

from apps.api.tokens import create_token
from apps.cadres.models import Tenure
from workflows.appointment.models import AppointmentOutcome, AppointmentProcess

from ..appointment.conftest import make_eligible

SCRIPT = Path(__file__).resolve().parents[2] / "docs" / "examples" / "appointment_via_api.py"

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_example_script_appoints_a_cadre_through_the_api(
    live_server, leader_a, reviewer, leadership, position, unit_a, collectives, tmp_path
):
    first = make_eligible(unit_a, position, full_name="Nguyễn Văn An")
    second = make_eligible(unit_a, position, full_name="Trần Thị Bình")
    env = {
        **os.environ,
        "CADREFLOW_URL": live_server.url,
        "LEADER_TOKEN": create_token(leader_a, days=1, actor=leader_a)[1],
        "BOARD_TOKEN": create_token(reviewer, days=1, actor=reviewer)[1],
        "LEADERSHIP_TOKEN": create_token(leadership, days=1, actor=leadership)[1],
    }
    result = subprocess.run(
        [
            sys.executable,
            str(SCRIPT),
            "--position",
            str(position.pk),
            "--candidates",
            f"{first.pk},{second.pk}",
            "--out",
            str(tmp_path),
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    process = AppointmentProcess.objects.get()
    assert process.status == PROCESS.DONE and process.outcome == AppointmentOutcome.APPOINTED
    assert process.decision.status == "signed" and process.decision.cadre_id == first.pk
    assert Tenure.objects.filter(cadre=first, position=position, ended_on__isnull=True).exists()
    # the signed PDF the board downloaded through the API is the decision
    pdf = next(tmp_path.glob("*.pdf"))
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert process.decision.number in text and "Nguyễn Văn An" in text
    # who did what: the proposal by the unit leader, the steps by the board, the signature by the leadership
    done = process.task_set.filter(status="DONE", owner__isnull=False).select_related("owner")  # human steps
    owners = {task.flow_task.name: task.owner.username for task in done}
    assert (owners["start"], owners["policy_review"], owners["internal_5_collective"]) == (
        "leader_a",
        "reviewer",
        "reviewer",
    )
    assert owners["sign_decision"] == "leadership"
