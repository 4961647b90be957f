"""Schemathesis against the live schema (issue 12 Tests): the schema is fetched from the running server at
/api/schema/ with each role's token, and every operation is called with generated input (examples, coverage,
fuzzing, stateful links) as the organisation board, a unit leader and the inspection commission. No answer may be
a 5xx or break the schema (status codes, content types, bodies).

Marked ``schemathesis``: it runs in CI's SQLite stage (``make test``) with the rest of the suite.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from apps.api.tokens import create_token

pytestmark = [pytest.mark.schemathesis, pytest.mark.django_db(transaction=True)]

CHECKS = "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance"
SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")
#: cases per operation and phase (more locally: CADREFLOW_SCHEMATHESIS_EXAMPLES=100)
EXAMPLES = os.environ.get("CADREFLOW_SCHEMATHESIS_EXAMPLES", "4")


def run_schemathesis(live_server, token, report):
    command = [
        str(SCHEMATHESIS),
        "run",
        f"{live_server.url}/api/schema/?format=json",
        "--header",
        f"Authorization: Token {token}",
        "--checks",
        CHECKS,
        "--phases",
        "examples,coverage,fuzzing,stateful",
        "--max-examples",
        EXAMPLES,
        "--seed",
        "12",
        "--workers",
        "1",
        "--generation-database",
        "none",
        "--no-color",
        "--report",
        "ndjson",
        "--report-ndjson-path",
        str(report),
        "--request-timeout",
        "60",
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=1800, check=False)


def count_cases(report):
    """The test cases the run sent (from its NDJSON events)."""
    cases = 0
    for line in report.read_text().splitlines():
        event = json.loads(line)
        for name, body in event.items():
            if name == "ScenarioFinished":
                cases += len(body.get("recorder", {}).get("cases", {}))
    return cases


@pytest.fixture
def unthrottled(monkeypatch):
    monkeypatch.setattr(UserRateThrottle, "THROTTLE_RATES", {"user": "100000/min", "anon": "100000/min"})
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"user": "100000/min", "anon": "100000/min"})


def test_schemathesis_finds_no_server_error_and_no_schema_violation(
    live_server, unthrottled, listed, reviewer, leader_a, inspector, tmp_path
):
    total = 0
    for user in (reviewer, leader_a, inspector):
        _instance, token = create_token(user, days=1, actor=user)
        report = tmp_path / f"{user.username}.ndjson"
        result = run_schemathesis(live_server, token, report)
        assert result.returncode == 0, f"{user.username}:\n{result.stdout[-6000:]}\n{result.stderr[-2000:]}"
        total += count_cases(report)
    print(f"schemathesis: {total} test cases over three roles")
    assert total > 0
