"""Browser journeys of the planning review and the rotation, from the home page, by clicking: the board opens the
review from its start action, confirms the removal the rules proposed and records the collective's vote; the
leadership signs from its work list. The board proposes a rotation from the home page and records the vote; the
leadership signs. Screenshots in ``test-artifacts/planning-*.png`` and ``rotation-*.png``."""

from datetime import date, timedelta
from urllib.parse import urlsplit

import pytest

from apps.cadres.models import PlanningEntry, Tenure
from tests.factories import PlanningEntryFactory, PositionFactory, TenureFactory
from tests.planning.conftest import make_cadre
from workflows.planning.flows import PlanningFlow
from workflows.planning.models import PlanningProcess
from workflows.rotation.flows import RotationFlow
from workflows.rotation.models import RotationProcess

from .conftest import ARTIFACTS, choose
from .test_appointment_e2e import _media  # noqa: F401


@pytest.fixture
def signer(province, admin_user):
    """The provincial leadership, seated as an office holder so that it signs from the registry."""
    from apps.accounts.models import Role
    from apps.accounts.services import grant_role
    from tests.factories import UserFactory
    from tests.signers import seat_signer

    user = UserFactory(username="lanhdao", first_name="Lê Văn", last_name="Cường")
    grant_role(user=user, role=Role.LEADERSHIP, unit=province, include_descendants=True, actor=admin_user)
    seat_signer(user, province, name="Lê Văn Cường")
    return user


pytestmark = pytest.mark.django_db(transaction=True)


def shot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"{name}.png", full_page=True)


def submit(page):
    """Submit the step's form and wait for the page after it (the next step, the procedure or home)."""
    before = page.url
    page.click("#submit-step")
    try:
        page.wait_for_url(lambda url: url != before)
    except Exception:
        errors = page.locator(
            ".cf-errors, .errorlist, .mdc-text-field-helper-text, .vf-form__errors"
        ).all_inner_texts()
        shot(page, "step-not-completed")
        raise AssertionError(f"the step was not completed: {errors}") from None


def take_next_step(page):
    """After a completed step the board's next step of the procedure opens at once (its claim page when it
    waits in the queue): take it."""
    page.wait_for_url(lambda url: "/assign/" in url or "/execute/" in url)
    if "/assign/" in page.url:
        page.click("form.vf-form button[name=_continue]")
        page.wait_for_url(lambda url: "/execute/" in url)
    page.wait_for_selector("#submit-step")


def open_process(page, flow_class, process):
    """The procedure's page, by clicking: the procedure's menu entry, then its row in the list."""
    page.click(f"a[href='{flow_class.instance.reverse('index')}']")
    page.click(f"a[href='{flow_class.instance.reverse('process_detail', args=[process.pk])}']")
    page.wait_for_url(lambda url: urlsplit(url).path.endswith(f"/{process.pk}/"))


def open_step(page, selector):
    """Click the step's link (on the procedure page or the home page's work list); claim it if it waits in the
    queue."""
    page.click(selector)
    page.wait_for_url(lambda url: "/assign/" in url or "/execute/" in url)
    if "/assign/" in page.url:
        page.click("form.vf-form button[name=_continue]")
        page.wait_for_url(lambda url: "/execute/" in url)
    page.wait_for_selector("#submit-step")


def vote(page, minutes, *, list_votes=None, votes=None):
    page.fill("input[name=held_on]", date.today().strftime("%d/%m/%Y"))
    for name in ("present", "ballots_issued", "ballots_returned", "ballots_valid"):
        page.fill(f"input[name={name}]", "7")
    if list_votes is not None:
        page.fill("input[name=list_votes_for]", str(list_votes))
    if votes is not None:
        page.fill("input[name='tally-0-votes_for']", str(votes))
    page.set_input_files("input[name=minutes]", minutes)
    page.set_input_files("input[name=count_minutes]", minutes)


def log_in_fresh(page, log_in, user, wait_for):
    page.context.clear_cookies()
    log_in(page, user)
    page.wait_for_selector(wait_for)


def test_the_board_reviews_the_planning_and_the_leadership_signs(
    page, log_in, reviewer, signer, unit_a, tmp_path
):
    leadership = signer
    from tests.collectives import seed_collective

    post = PositionFactory(unit=unit_a, title="Giám đốc Sở Nội vụ", rank=5)
    young = make_cadre(unit_a, full_name="Nguyễn Văn Trẻ", birth_date=date(1985, 3, 1))
    old = make_cadre(unit_a, full_name="Trần Văn Già", birth_date=date(1966, 3, 1))
    PlanningEntryFactory(cadre=young, position=post)
    old_entry = PlanningEntryFactory(cadre=old, position=post)
    seed_collective(unit_a, 7)
    minutes = tmp_path / "bien-ban.pdf"
    minutes.write_bytes(b"%PDF-1.4 bien ban")

    log_in_fresh(page, log_in, reviewer, "#start-actions")
    page.click(f"#start-actions a[href='{PlanningFlow.start.reverse('execute')}']")
    page.wait_for_selector("vf-field-select[name=position] .mdc-select__anchor")
    choose(page, "position", post.pk)
    submit(page)
    process = PlanningProcess.objects.get()

    take_next_step(page)  # the proposal of removals and additions
    assert "Trần Văn Già" in page.locator("main").inner_text()
    line = process.lines.get(cadre=old)
    assert page.is_checked(f"input[name=remove_{line.pk}]")  # proposed by the rules: over age
    shot(page, "planning-propose")
    submit(page)

    take_next_step(page)  # the collective's vote
    vote(page, str(minutes), list_votes=6)
    submit(page)

    log_in_fresh(page, log_in, leadership, "#my-work")
    open_step(page, "#my-work a.cf-work-link")
    shot(page, "planning-sign")
    submit(page)
    process.refresh_from_db()
    assert process.outcome == "approved"
    old_entry.refresh_from_db()
    assert (
        old_entry.status == PlanningEntry.Status.REMOVED and old_entry.removed_by_decision.status == "signed"
    )
    open_process(page, PlanningFlow, process)
    assert old_entry.removed_by_decision.number in page.locator("#planning-lines").inner_text()
    shot(page, "planning-approved")


def test_the_board_proposes_a_rotation_and_the_leadership_signs(
    page, log_in, reviewer, signer, unit_a, unit_b, tmp_path
):
    leadership = signer
    from tests.collectives import seed_collective

    home = PositionFactory(unit=unit_a, title="Phó Giám đốc Sở Nội vụ", rank=3)
    target = PositionFactory(unit=unit_b, title="Phó Giám đốc Sở Tài chính", rank=3)
    cadre = make_cadre(unit_a, full_name="Hoàng Văn Luân", birth_date=date(1984, 4, 4))
    TenureFactory(cadre=cadre, position=home, start_date=date(2023, 1, 1), term_end=date(2028, 1, 1))
    seed_collective(unit_b, 7)
    minutes = tmp_path / "bien-ban.pdf"
    minutes.write_bytes(b"%PDF-1.4 bien ban")

    log_in_fresh(page, log_in, reviewer, "#start-actions")
    page.click(f"#start-actions a[href='{RotationFlow.start.reverse('execute')}']")
    page.wait_for_selector("vf-field-select[name=cadre] .mdc-select__anchor")
    choose(page, "cadre", cadre.pk)
    choose(page, "position", target.pk)
    starts = date.today() + timedelta(days=10)
    page.fill("input[name=starts_on]", starts.strftime("%d/%m/%Y"))
    shot(page, "rotation-propose")
    submit(page)
    process = RotationProcess.objects.get()

    take_next_step(page)  # the receiving collective's vote
    vote(page, str(minutes), votes=6)
    submit(page)

    log_in_fresh(page, log_in, leadership, "#my-work")
    open_step(page, "#my-work a.cf-work-link")
    submit(page)
    process.refresh_from_db()
    assert process.outcome == "rotated"
    assert Tenure.objects.get(cadre=cadre, position=target).term_end == process.ends_on
    open_process(page, RotationFlow, process)
    assert process.decision.number in page.locator("#rotation-decision").inner_text()
    shot(page, "rotation-rotated")
