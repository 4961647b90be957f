"""Browser tests: Debian's Chromium (/usr/bin/chromium) driven by Playwright's sync API against pytest-django's
``live_server`` (a real HTTP server in a thread of this process, on the test database; tests that use it are
transactional).

Every test in this folder is marked ``e2e`` (tests/conftest.py: deselected with a warning when the browser is
missing locally; in CI, ``CI=true``, a missing browser is a failure). Playwright's own browser downloads cannot
work on these machines, so the browser is launched by path, as root, with the flags the machine needs.

Fixtures:
  ``page``        a Playwright page in a fresh browser (its own empty user-data-dir, Vietnamese locale); on
                  failure a screenshot and the page's HTML go to ``test-artifacts/``;
  ``live_url``    ``live_url("/path/")`` → absolute URL on the live server;
  ``log_in``      ``log_in(page, user)`` signs in through the real login form.

Playwright's sync API keeps an asyncio loop running in this thread while the browser is open, and Django then
refuses database access from "async" code (SynchronousOnlyOperation). Tests here need the database (factories,
assertions), so ``DJANGO_ALLOW_ASYNC_UNSAFE`` is set while — and only while — a browser is open; the browser is
per test, so other tests in the same process keep Django's check.
"""

import os
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.conftest import CHROMIUM

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",  # CI runs as root
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # the machines' network is closed: without these Chromium keeps trying to reach Google's services
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 30_000
PASSWORD = "matkhau-123"  # tests.factories.UserFactory


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.path).parents:
            item.add_marker(pytest.mark.e2e)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.stash[_CALL_FAILED] = report.failed
    return report


_CALL_FAILED = pytest.StashKey()


@pytest.fixture
def browser_context(tmp_path, monkeypatch):
    if not os.path.exists(CHROMIUM):
        pytest.fail(
            f"{CHROMIUM} is missing: browser tests need Debian's chromium (apt-get install chromium); "
            "Playwright's own browser download does not work here",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            user_data_dir=tmp_path / "chromium-profile",
            executable_path=CHROMIUM,
            args=CHROMIUM_ARGS,
            headless=True,
            locale="vi-VN",
            timezone_id="Asia/Ho_Chi_Minh",
        )
        context.set_default_timeout(TIMEOUT_MS)
        try:
            yield context
        finally:
            context.close()
            _close_connections_opened_beside_the_browser()


def _close_connections_opened_beside_the_browser():
    """Close the database connections the test opened while the browser was open, before its loop stops.

    While Playwright's loop runs, Django keeps this thread's connections apart (asgiref's thread-critical local
    turns per-context when a loop is running): what the test body wrote through factories went over a second
    connection that pytest-django never sees. Left open, it held the test database at the end of the run
    ("Error when trying to teardown test databases: database test_…_gwN is being accessed by other users" on
    PostgreSQL). Called here, inside ``sync_playwright()``, ``connections`` still names those connections."""
    from django.db import connections

    connections.close_all()


@pytest.fixture
def page(browser_context, request):
    page = browser_context.pages[0] if browser_context.pages else browser_context.new_page()
    yield page
    if request.node.stash.get(_CALL_FAILED, False):
        ARTIFACTS.mkdir(exist_ok=True)
        name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.nodeid)[-180:]
        try:
            page.screenshot(path=ARTIFACTS / f"{name}.png", full_page=True)
            (ARTIFACTS / f"{name}.html").write_text(page.content(), encoding="utf-8")
        except Exception as exc:  # the page may be what broke; the test's own failure is what matters
            print(f"could not save the failure screenshot: {exc}")
        else:
            print(f"failure screenshot: {ARTIFACTS / name}.png")


@pytest.fixture
def live_url(live_server):
    def make(path="/"):
        return live_server.url + path

    return make


@pytest.fixture
def log_in(live_url):
    """``log_in(page, user, password=PASSWORD, next="/")``: sign in through the login form; returns the page."""

    def do(page, user, password=PASSWORD, next="/"):
        page.goto(live_url(f"/accounts/login/?next={next}"))
        page.fill("input[name=username]", user.get_username())
        page.fill("input[name=password]", password)
        page.click("form.vf-form button[type=submit]")  # Turbo submits it; a wrong password stays on the page
        page.wait_for_url(lambda url: urlsplit(url).path != "/accounts/login/")
        return page

    return do


def choose(page, name, value):
    """Pick `value` in the Material select (Viewflow's ``vf-field-select``) named `name`, as a user clicks it."""
    field = page.locator(f"vf-field-select[name='{name}']")
    field.locator(".mdc-select__anchor").click()
    field.locator(f"li[data-value='{value}']").click()
