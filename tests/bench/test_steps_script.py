"""``bench/steps.py --quick`` runs end to end (the reference flow beside CadreFlow's step, its own scratch SQLite
database) and ends with one ``RESULT {json}`` line carrying the ratios ``make bench`` merges."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.bench_script


def test_bench_steps_quick_prints_the_result_line(tmp_path):
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path}/bench.sqlite3",
        "DJANGO_PRIVATE_MEDIA_ROOT": str(tmp_path),
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    done = subprocess.run(
        [sys.executable, "bench/steps.py", "--quick"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    last = done.stdout.strip().splitlines()[-1]
    assert last.startswith("RESULT ")
    figures = json.loads(last.removeprefix("RESULT "))
    assert figures["database"] == "sqlite"
    # both flows ran their step: positive query counts and times, and the ratios between them
    assert all(q > 0 for q in figures["step_queries"]) and all(ms > 0 for ms in figures["step_ms"])
    assert figures["queries_ratio"] == round(figures["step_queries"][0] / figures["step_queries"][1], 2)
    assert figures["time_ratio"] > 0
