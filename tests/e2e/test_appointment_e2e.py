"""The appointment happy path through the real UI in headless Chromium (Debian's /usr/bin/chromium), as the real
roles signing in through the login form: the unit leader proposes, the organisation board approves the policy,
lists the candidates, records the five conferences (with the local surplus rule: the runner-up goes on as the
surplus candidate), verifies, drafts the decision; the leadership signs; the tenure shows on the cadre's profile.

Screenshots of the main pages go to ``test-artifacts/appointment-*.png`` (for a person to look at; the test's own
checks are the assertions).
"""

from datetime import date
from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from tests.appointment.conftest import make_eligible
from workflows.appointment.flows import AppointmentFlow
from workflows.appointment.models import AppointmentProcess

from .conftest import ARTIFACTS, choose

pytestmark = pytest.mark.django_db(transaction=True)

FLOW = AppointmentFlow.instance


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"


@pytest.fixture
def position(unit_a):
    from tests.factories import PositionFactory

    return PositionFactory(unit=unit_a, title="Phó Giám đốc Sở Nội vụ", seats=1, term_years=5)


@pytest.fixture
def leadership(province, admin_user):
    from apps.accounts.models import Role
    from apps.accounts.services import grant_role
    from tests.factories import UserFactory

    user = UserFactory(username="lanhdao", first_name="Lê Văn", last_name="Cường")
    grant_role(user=user, role=Role.LEADERSHIP, unit=province, include_descendants=True, actor=admin_user)
    from tests.signers import seat_signer

    seat_signer(user, province, name="Lê Văn Cường")
    return user


def shot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"appointment-{name}.png", full_page=True)


def path_of(page):
    return urlsplit(page.url).path


class Browser:
    """One browser page that signs in as each role in turn through the real login form."""

    def __init__(self, page, live_url, log_in):
        self.page, self.live_url, self.log_in = page, live_url, log_in

    def as_(self, user):
        self.page.context.clear_cookies()
        self.log_in(self.page, user)
        return self.page

    def step(self, process, node, fill, screenshot=None):
        """Open the procedure page, follow the step's link, claim it if it waits in the queue, fill its form and
        complete it (the page then moves on: the user's next step, or their work list)."""
        page = self.page
        page.goto(self.live_url(FLOW.reverse("process_detail", args=[process.pk])))
        page.click(f'tr[data-step="{node.name}"] a.cf-step-link')
        page.wait_for_url(lambda url: "/assign/" in url or "/execute/" in url)
        if "/assign/" in page.url:
            page.click("form.vf-form button[name=_continue]")  # "Nhận việc và tiếp tục"
            page.wait_for_url(lambda url: "/execute/" in url)
        page.wait_for_selector("#submit-step")
        fill(page)
        if screenshot:
            shot(page, screenshot)
        here = page.url
        page.click("#submit-step")
        try:
            # the user's next step of the procedure, else their work list (the home page)
            page.wait_for_url(lambda url: url != here)
        except Exception:
            errors = page.locator(".cf-errors, .errorlist").all_inner_texts()
            raise AssertionError(f"{node.name} was not completed: {errors}") from None


def conference(
    *, held_on, minutes, convened, present=None, members=None, list_votes=None, tallies=(), poll=False
):
    present = convened if present is None else present

    def fill(page):
        page.fill("input[name=held_on]", held_on)
        if members is None:
            page.fill("input[name=convened]", str(convened))
        # else a collective's conference: those convened and its members are left to the registry (issue 9 pt 10)
        for name in ("present", "ballots_issued", "ballots_returned", "ballots_valid"):
            page.fill(f"input[name={name}]", str(present))
        if list_votes is not None:
            page.fill("input[name=list_votes_for]", str(list_votes))
        for i, votes in enumerate(tallies):
            if poll:
                page.fill(f"input[name='tally-{i}-votes_for']", str(votes[0]))
                page.fill(f"input[name='tally-{i}-votes_against']", str(votes[1]))
            else:
                page.fill(f"input[name='tally-{i}-votes_for']", str(votes))
        page.set_input_files("input[name=minutes]", minutes)
        page.set_input_files("input[name=count_minutes]", minutes)

    return fill


def test_a_vacancy_goes_from_proposal_to_a_signed_decision_and_a_tenure_on_the_profile(
    page, live_url, log_in, leader_a, reviewer, leadership, position, unit_a, tmp_path
):
    from tests.collectives import seed_collective

    an = make_eligible(unit_a, position, full_name="Nguyễn Văn An")
    binh = make_eligible(unit_a, position, full_name="Trần Thị Bình")
    seed_collective(unit_a, 7)  # the leadership collective's seven members in the registry
    minutes = tmp_path / "bien-ban.pdf"
    minutes.write_bytes(b"%PDF-1.4 bien ban hoi nghi")
    today = date.today().strftime("%d/%m/%Y")
    browser = Browser(page, live_url, log_in)

    # the unit leader proposes the vacant seat
    leader = browser.as_(leader_a)
    leader.click(f"#start-actions a[href='{AppointmentFlow.start.reverse('execute')}']")  # from the home page
    choose(leader, "position", position.pk)
    leader.fill("textarea[name=job_needs]", "Phụ trách công tác tổ chức cán bộ")
    leader.fill("textarea[name=criteria]", "Thạc sĩ; cao cấp lý luận chính trị")
    leader.click("#submit-step")
    leader.wait_for_url(lambda url: "/execute/" not in url)
    process = AppointmentProcess.objects.get()
    assert path_of(leader) == FLOW.reverse("process_detail", args=[process.pk])

    # the organisation board: policy, list, the five conferences, verification, the draft
    browser.as_(reviewer)
    browser.step(process, AppointmentFlow.policy_review, lambda p: p.check("input[value=approved]"))
    browser.step(
        process,
        AppointmentFlow.nominate,
        lambda p: [p.check(f"input[name=cadres][value='{c.pk}']") for c in (an, binh)],
    )
    common = {"held_on": today, "minutes": str(minutes)}
    browser.step(
        process,
        AppointmentFlow.internal_1_collective,
        conference(convened=7, members=7, list_votes=6, **common),
        screenshot="step1-list-approval",
    )
    browser.step(
        process,
        AppointmentFlow.internal_2_expanded,
        conference(convened=20, present=18, tallies=(12, 6), **common),
    )
    browser.step(
        process,
        AppointmentFlow.internal_3_collective,
        conference(convened=7, members=7, tallies=(5, 2), **common),
        screenshot="step3-collective-nomination",
    )
    browser.step(
        process,
        AppointmentFlow.internal_4_key_officials,
        conference(convened=30, tallies=((20, 10), (9, 21)), poll=True, **common),
    )
    browser.step(
        process,
        AppointmentFlow.verification,
        lambda p: [
            p.check("input[name=confirm]"),
            # the dossier's documents (issue 9 point 12): each candidate's self-assessment and evaluation
            *[
                p.set_input_files(f"input[name='docs-{i}-{field}']", str(minutes))
                for i in range(2)
                for field in ("self_assessment", "evaluation")
            ],
        ],
        screenshot="verification",
    )
    browser.step(
        process,
        AppointmentFlow.internal_5_collective,
        conference(convened=7, members=7, tallies=(5, 2), **common),
    )
    winner = process.candidates.get(cadre=an)

    def draft(p):
        choose(p, "candidate", winner.pk)
        p.fill("input[name=effective_from]", today)
        p.fill("textarea[name=grounds]", "Căn cứ Quy định số 377-QĐ/TW; Nghị định số 170/2025/NĐ-CP")

    browser.step(process, AppointmentFlow.draft_decision, draft)

    # the competent leadership signs
    browser.as_(leadership)

    def sign(p):
        # the signer is offered from the registry, the user's own record first (issue 9 §8); the text is shown
        assert p.locator(".cf-sign-preview .cf-decision-document").count() == 1
        assert p.locator("vf-field-select[name=signer]").get_attribute("value") == str(leadership.cadre_id)
        p.fill("input[name=issued_on]", today)

    browser.step(process, AppointmentFlow.sign_decision, sign)
    process.refresh_from_db()
    assert process.outcome == "appointed" and process.decision.status == "signed"
    number = process.decision.number
    page.goto(live_url(FLOW.reverse("process_detail", args=[process.pk])))  # the signer is on their work list
    assert page.locator("#process-outcome").inner_text().strip() != ""
    assert number in page.locator("#decision").inner_text()
    shot(page, "process-appointed")

    # the decision is on the cadre's profile as a tenure
    browser.as_(reviewer)
    page.goto(live_url(reverse("registry:cadres:detail", args=[an.pk])))
    tenures = page.locator("#tenures").inner_text()
    assert number in tenures and position.title in tenures
    shot(page, "cadre-profile")
