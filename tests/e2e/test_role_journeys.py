"""Every role's part of an appointment in the browser, from the home page, only clicking and typing (no typed URL
after signing in):

* the unit leader proposes from the home page's start action;
* the organisation board opens its first waiting step from "My work" and, after each step, lands on its next step
  of the same procedure ("next task") up to the draft decision, then on its work list;
* the leadership opens the signature from "My work", reads the text and signs;
* the unit leader finds the ended procedure in their notifications, opens it, and the signed decision's PDF;
* the inspector finds the decision's timeline from the menu and exports it as CSV.

The pages of the finished procedure are then read in Vietnamese and in English (switched with the menu's language
buttons): no action code, ``{``, ``#<digits>`` or ISO date. The clicks and the time of the walk from the leader's
home page to the signed PDF are printed (``-s``) and written to ``test-artifacts/journey-figures.txt``.
Screenshots: ``test-artifacts/journey-*.png``.
"""

import re
import time
from datetime import date
from urllib.parse import urlsplit

import pytest

from apps.audit.models import AuditEntry
from apps.conferences.steps import step_titles
from tests.appointment.conftest import make_eligible
from workflows.appointment.flows import AppointmentFlow
from workflows.appointment.models import AppointmentProcess

from .conftest import ARTIFACTS, choose
from .test_appointment_e2e import _media, conference, leadership, position  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)

ISO = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
HASH_ID = re.compile(r"#\d")


def shot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"journey-{name}.png", full_page=True)


class Walk:
    """Counts what a person does: clicks (a Material select is two) and fields typed in."""

    def __init__(self, page):
        self.page, self.clicks, self.typed = page, 0, 0

    def click(self, selector):
        self.page.click(selector)
        self.clicks += 1

    def choose(self, name, value):
        choose(self.page, name, value)
        self.clicks += 2

    def fill(self, selector, value):
        self.page.fill(selector, value)
        self.typed += 1

    def check(self, selector):
        self.page.check(selector)
        self.clicks += 1

    def upload(self, selector, path):
        self.page.set_input_files(selector, path)
        self.clicks += 1

    def step(self, node, fill, screenshot=None):
        """On a step's page (or its "take this step" page): take it, check it is `node`, fill it, complete it."""
        page = self.page
        page.wait_for_url(lambda url: "/assign/" in url or "/execute/" in url)
        if "/assign/" in page.url:
            self.click("form.vf-form button[name=_continue]")
            page.wait_for_url(lambda url: "/execute/" in url)
        page.wait_for_selector("#submit-step")
        assert page.inner_text("#step-title").strip() == str(node.task_title), page.url
        here = page.url
        fill(self)
        if screenshot:
            shot(page, screenshot)
        self.click("#submit-step")
        try:
            page.wait_for_url(lambda url: url != here)
        except Exception:
            errors = page.locator(".cf-errors, .errorlist").all_inner_texts()
            raise AssertionError(f"{node.name} was not completed: {errors}") from None


def conference_fill(**kwargs):
    fill = conference(**kwargs)
    return lambda walk: fill(walk.page)


def visible_text(page):
    """The page's body beside the menu: its top bar (title, breadcrumbs) and its content."""
    return page.inner_text(".vf-page__body")


def assert_readable(text, codes, where, number=None):
    """No ISO date, brace, ``#<digits>`` or action code in `text`. The procedure's own number (``number``, e.g.
    "Bổ nhiệm #1", its reference in every list) is the one ``#`` allowed."""
    if number is not None:
        text = re.sub(rf"#{number}(?!\d)", " ", text)
    assert not ISO.search(text), (where, ISO.search(text).group(0))
    assert "{" not in text and "}" not in text, (
        where,
        text[max(0, text.find("{") - 80) : text.find("{") + 80],
    )
    assert not HASH_ID.search(text), (where, text[max(0, HASH_ID.search(text).start() - 80) :][:160])
    for code in codes:
        found = re.search(rf"(?<![\w.]){re.escape(code)}(?![\w])", text)
        assert not found, (where, code, text[max(0, found.start() - 120) : found.end() + 40])


def switch_language(walk, code):
    walk.click(f".cf-language-switcher button[name=language][value={code}]")
    walk.page.wait_for_load_state("load")


def test_an_appointment_from_the_home_page_to_the_signed_pdf_and_its_timeline(
    page,
    log_in,
    leader_a,
    reviewer,
    inspector,
    request,
    unit_a,
    tmp_path,
):
    from tests.collectives import seed_collective

    signer, post = request.getfixturevalue("leadership"), request.getfixturevalue("position")

    an = make_eligible(unit_a, post, full_name="Nguyễn Văn An")
    binh = make_eligible(unit_a, post, full_name="Trần Thị Bình")
    seed_collective(unit_a, 7)
    minutes = tmp_path / "bien-ban.pdf"
    minutes.write_bytes(b"%PDF-1.4 bien ban hoi nghi")
    today = date.today().strftime("%d/%m/%Y")
    common = {"held_on": today, "minutes": str(minutes)}
    walk = Walk(page)

    def as_(user):
        page.context.clear_cookies()
        log_in(page, user)
        page.wait_for_selector("#my-roles")  # the home page

    # --- the unit leader proposes from the home page --------------------------------------------------------
    as_(leader_a)
    started = time.monotonic()
    walk.click(f"#start-actions a[href='{AppointmentFlow.start.reverse('execute')}']")
    page.wait_for_selector("vf-field-select[name=position] .mdc-select__anchor")
    walk.choose("position", post.pk)
    walk.fill("textarea[name=job_needs]", "Phụ trách công tác tổ chức cán bộ")
    walk.fill("textarea[name=criteria]", "Thạc sĩ; cao cấp lý luận chính trị")
    walk.click("#submit-step")
    page.wait_for_url(lambda url: "/execute/" not in url)
    process = AppointmentProcess.objects.get()

    # --- the board: from "My work" through every step, landing on the next one each time --------------------
    as_(reviewer)
    shot(page, "home-board")
    walk.click("#my-work a.cf-work-link")
    walk.step(AppointmentFlow.policy_review, lambda w: w.check("input[value=approved]"))

    def listing(w):
        w.fill("[data-cf-picker-search]", "tran thi binh")  # accents ignored
        assert page.locator(f"tr.cf-candidate[data-cadre='{an.pk}']").is_hidden()
        w.check(f"input[name=cadres][value='{binh.pk}']")
        w.fill("[data-cf-picker-search]", "")
        w.check(f"input[name=cadres][value='{an.pk}']")

    walk.step(AppointmentFlow.nominate, listing, screenshot="candidate-picker")
    walk.step(
        AppointmentFlow.internal_1_collective, conference_fill(convened=7, members=7, list_votes=6, **common)
    )
    walk.step(
        AppointmentFlow.internal_2_expanded,
        conference_fill(convened=20, present=18, tallies=(12, 6), **common),
    )
    walk.step(
        AppointmentFlow.internal_3_collective,
        conference_fill(convened=7, members=7, tallies=(5, 2), **common),
    )
    walk.step(
        AppointmentFlow.internal_4_key_officials,
        conference_fill(convened=30, tallies=((20, 10), (9, 21)), poll=True, **common),
    )

    def verify(w):
        w.check("input[name=confirm]")
        for i in range(2):
            for field in ("self_assessment", "evaluation"):
                w.upload(f"input[name='docs-{i}-{field}']", str(minutes))

    walk.step(AppointmentFlow.verification, verify)
    walk.step(
        AppointmentFlow.internal_5_collective,
        conference_fill(convened=7, members=7, tallies=(5, 2), **common),
    )
    winner = process.candidates.get(cadre=an)

    def draft(w):
        w.choose("candidate", winner.pk)
        w.fill("input[name=effective_from]", today)
        w.fill("textarea[name=grounds]", "Căn cứ Quy định số 377-QĐ/TW; Nghị định số 170/2025/NĐ-CP")

    walk.step(AppointmentFlow.draft_decision, draft, screenshot="draft")
    # nothing more of the board's in this procedure: its work list
    page.wait_for_selector("#my-roles")  # the home page ("/" goes to the Overview application's page)
    assert "/execute/" not in page.url and "/assign/" not in page.url

    # --- the leadership reads and signs from "My work" -------------------------------------------------------
    as_(signer)
    walk.click("#my-work a.cf-work-link")

    def sign(w):
        assert page.locator(".cf-sign-preview .cf-decision-document").count() == 1  # the text is read first
        w.fill("input[name=issued_on]", today)

    walk.step(AppointmentFlow.sign_decision, sign, screenshot="sign")
    process.refresh_from_db()
    assert process.outcome == "appointed" and process.decision.status == "signed"
    number = process.decision.number

    # --- the unit leader: the ended procedure from the notifications, its decision and PDF -------------------
    as_(leader_a)
    walk.click(".cf-notification-bell a")
    page.wait_for_selector(".cf-notification")
    shot(page, "notifications-leader")
    # the newest first: the procedure has ended; its "Open" button (the form that goes to its link)
    walk.click(".cf-notification >> nth=0 >> form[data-turbo=false] button")
    page.wait_for_selector("#decision")
    assert number in page.inner_text("#decision")
    shot(page, "procedure-signed-leader")
    pdf = page.locator("#decision a.cf-decision-pdf")
    href = pdf.get_attribute("href")
    with page.expect_response(lambda r: urlsplit(r.url).path == href) as answer:
        try:
            with page.expect_download(timeout=10_000):
                walk.click("#decision a.cf-decision-pdf")
        except Exception:
            pass  # Chromium showed the PDF instead of saving it
    assert answer.value.status == 200 and answer.value.headers["content-type"] == "application/pdf"
    elapsed = time.monotonic() - started
    figures = (
        f"appointment walk, leader's home page to the signed PDF: {walk.clicks} clicks, {walk.typed} fields "
        f"typed, {elapsed:.1f} s in this browser test (4 sign-ins excluded from the clicks)\n"
    )
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "journey-figures.txt").write_text(figures, encoding="utf-8")
    print(figures)

    # --- the finished procedure's pages read as words, in Vietnamese and English -----------------------------
    codes = set(AuditEntry.objects.values_list("action", flat=True).distinct()) | set(step_titles())
    if urlsplit(page.url).path == href:  # Chromium showed the PDF: back to the procedure
        page.go_back()
    page.wait_for_selector("#decision")
    for language in ("vi", "en"):
        if language == "en":
            switch_language(walk, "en")
            page.wait_for_selector("#decision")
        assert_readable(visible_text(page), codes, f"procedure page ({language})", process.pk)
        shot(page, f"procedure-{language}")
    walk.click("#decision a.cf-decision-link")
    page.wait_for_selector("h1")
    assert_readable(visible_text(page), codes, "decision page (en)", process.pk)
    shot(page, "decision-en")
    switch_language(walk, "vi")
    assert_readable(visible_text(page), codes, "decision page (vi)", process.pk)

    # --- the inspector finds the decision's timeline from the menu and exports it ----------------------------
    as_(inspector)
    if not page.locator("a[href='/inspection/timelines/']").count():
        walk.click("a.vf-page__menu-list-item[href^='/inspection/']")  # the Inspection application first
    walk.click("a[href='/inspection/timelines/']")
    walk.fill("input[name=q]", number)
    walk.click("form.cf-filters button[type=submit]")
    page.wait_for_selector(".cf-found")
    walk.click(f".cf-found a:has-text('{number}')")
    page.wait_for_selector("#timeline-csv")
    shot(page, "timeline-inspector")
    assert_readable(page.inner_text(".cf-timeline"), codes, "decision timeline (vi)", process.pk)
    with page.expect_download() as download:
        walk.click("#timeline-csv")
    csv_text = download.value.path().read_text(encoding="utf-8-sig")
    assert number in csv_text and len(csv_text.splitlines()) > 3
    switch_language(walk, "en")
    page.wait_for_selector("#timeline-csv")
    assert_readable(page.inner_text(".cf-timeline"), codes, "decision timeline (en)", process.pk)
