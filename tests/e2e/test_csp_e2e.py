"""The Content-Security-Policy (``script-src 'self'``, no inline script, no eval) holds on the pages people use: the
home page, a procedure's start form and its page, the API docs (Swagger UI from the sidecar) and the admin. The
browser reports every blocked script or style in its console and as a ``securitypolicyviolation`` event; a page
that needed one would also stop working, so each page is used as well as loaded."""

from urllib.parse import urlsplit

import pytest

from workflows.appointment.flows import AppointmentFlow
from workflows.appointment.models import AppointmentProcess

from .conftest import choose

pytestmark = pytest.mark.django_db(transaction=True)

# collects the browser's own CSP violation events before any page script runs (init scripts are not subject to
# the page's policy)
RECORD_VIOLATIONS = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', e => window.__csp.push(
    e.violatedDirective + ' ' + (e.blockedURI || 'inline') + ' ' + (e.sourceFile || '') + ':' + e.lineNumber));
"""


@pytest.fixture
def watched(page):
    """The page, with every CSP complaint of the console and every uncaught script error collected."""
    complaints = []
    page.on(
        "console",
        lambda msg: complaints.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    page.on("pageerror", lambda exc: complaints.append(f"uncaught: {exc}"))
    page.context.add_init_script(RECORD_VIOLATIONS)
    page.complaints = complaints
    return page


def violations(page):
    return page.complaints + page.evaluate("window.__csp || []")


@pytest.fixture
def position(unit_a):
    from tests.factories import PositionFactory

    return PositionFactory(unit=unit_a, title="Phó Giám đốc Sở Nội vụ", seats=1, term_years=5)


def test_the_pages_work_under_the_policy_without_a_single_violation(
    watched, live_url, log_in, leader_a, admin_user, position
):
    page = watched
    response = page.goto(live_url("/accounts/login/"))
    assert "script-src 'self'" in response.headers["content-security-policy"]
    log_in(page, leader_a)
    page.wait_for_selector("#my-roles")  # the home page
    assert violations(page) == []

    # a procedure: the start form (Material selects and text areas, scripted), submitted, then its page
    page.goto(live_url(AppointmentFlow.start.reverse("execute")))
    choose(page, "position", position.pk)
    page.fill("textarea[name=job_needs]", "Phụ trách công tác tổ chức cán bộ")
    page.fill("textarea[name=criteria]", "Thạc sĩ")
    page.click("#submit-step")
    page.wait_for_url(lambda url: "/execute/" not in url)
    process = AppointmentProcess.objects.get()
    assert urlsplit(page.url).path == AppointmentFlow.instance.reverse("process_detail", args=[process.pk])
    page.wait_for_selector('tr[data-step="policy_review"]')
    assert violations(page) == []

    # Swagger UI, offline from the sidecar, drawing the schema it fetched
    response = page.goto(live_url("/api/docs/"))
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_selector(".swagger-ui .info .title")
    assert "CadreFlow API" in page.inner_text(".swagger-ui .info .title")
    assert violations(page) == []

    # the admin, as the administrator
    page.context.clear_cookies()
    page.goto(live_url("/admin/login/"))
    page.fill("input[name=username]", admin_user.username)
    page.fill("input[name=password]", "matkhau-123")
    page.click("input[type=submit]")
    page.wait_for_selector("#site-name")
    page.goto(live_url("/admin/accounts/user/"))
    page.wait_for_selector("#result_list")
    assert violations(page) == []


def test_every_page_the_menu_links_to_runs_under_the_policy(watched, live_url, log_in, admin_user, position):
    """The administrator sees every application in the menu: each page it links to (and the public report form)
    loads without a CSP violation or a script error."""
    page = watched
    page.goto(live_url("/bao-cao/"))
    page.wait_for_selector("input[name=form_token]", state="attached")
    log_in(page, admin_user)
    page.wait_for_selector("#my-roles")
    links = page.eval_on_selector_all(
        "a[href^='/']", "els => [...new Set(els.map(e => e.getAttribute('href')))]"
    )
    pages = sorted(
        href
        for href in links
        if not href.startswith(("/accounts/logout", "/i18n/", "/admin/logout")) and "export" not in href
    )
    print(f"{len(pages)} pages: {pages}")
    assert len(pages) >= 8, pages
    for href in pages:
        response = page.goto(live_url(href))
        assert response.status < 500, href
        page.wait_for_load_state("load")
        assert violations(page) == [], href
