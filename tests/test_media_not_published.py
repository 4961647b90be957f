"""No URL publishes the uploaded files, not even with DEBUG on: every one is a personnel document (minutes,
dossiers, decisions, evidence) served only by a view that checks the reader's permission on its object
(tests/workflows/test_downloads.py and the other test_downloads modules). A fresh interpreter with DEBUG on,
since this process's URLconf was built with DEBUG off."""

import os
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[1]
OWN_PREFIXES = ("DJANGO_", "DATABASE_", "CELERY_", "CADREFLOW_")
PROBE = """
import django
django.setup()
from django.conf import settings
from django.urls import Resolver404, resolve

assert settings.DEBUG
for name in ("procedures/1/to_trinh/to-trinh.pdf", "conferences/minutes/2026/11/bien-ban.pdf", "x.pdf"):
    path = settings.MEDIA_URL + name
    try:
        match = resolve(path)
    except Resolver404:
        continue
    raise SystemExit(f"{path} is served by {match.view_name or match.func}")
print("no media route")
"""


def test_no_url_serves_media_root_even_with_debug_on():
    env = {key: value for key, value in os.environ.items() if not key.startswith(OWN_PREFIXES)}
    env.update(DJANGO_SETTINGS_MODULE="config.settings", DJANGO_DEBUG="true")
    result = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr or result.stdout
    assert result.stdout.strip() == "no media route"
