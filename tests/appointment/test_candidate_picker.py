"""The candidate picker of the listing step: a row per cadre with code, unit, current job, planning and standing;
the eligible first; an ineligible cadre's box disabled with the reason beside it; rows carry their folded text for
the search box (accents ignored); its queries do not grow with the number of cadres."""

import re
from datetime import date
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from workflows.appointment.flows import AppointmentFlow

from .conftest import make_eligible
from .helpers import claim_and_execute, latest_process, open_task, propose

pytestmark = pytest.mark.django_db


@pytest.fixture
def listing(client_for, leader_a, reviewer, position):
    propose(client_for(leader_a), position)
    process = latest_process()
    board = client_for(reviewer)
    claim_and_execute(board, process, AppointmentFlow.policy_review, {"decision": "approved"})
    task = open_task(process, AppointmentFlow.nominate)
    board.post(task.flow_task.reverse("assign", args=[process.pk, task.pk]))
    return board, task.flow_task.reverse("execute", args=[process.pk, task.pk]), process


class Row:
    """One ``<tr class="cf-candidate…">`` of the page: its attributes, its checkbox tag and its text."""

    def __init__(self, html):
        self.html = html
        self.classes = re.search(r'class="([^"]*)"', html).group(1).split()
        self.cadre = int(re.search(r'data-cadre="(\d+)"', html).group(1))
        self.search = unescape(re.search(r'data-search="([^"]*)"', html).group(1))
        self.checkbox = re.search(r"<input[^>]*>", html).group(0)
        self.standing = re.search(r'class="cf-standing">(.*?)</td>', html, re.S).group(1)
        self.text = unescape(re.sub(r"<[^>]+>", " ", html))


def rows(page):
    html = page.content.decode()
    return [Row(m.group(0)) for m in re.finditer(r'<tr class="cf-candidate[ "].*?</tr>', html, re.S)]


def test_the_picker_shows_each_candidates_unit_job_planning_and_standing_eligible_first(
    listing, position, unit_a
):
    sixty = make_eligible(
        unit_a,
        position,
        full_name="Đặng Văn Ân",
        birth_date=date.today().replace(year=date.today().year - 60),
    )
    an = make_eligible(unit_a, position, full_name="Nguyễn Văn An", job_title="Trưởng phòng Tổ chức")
    board, url, _process = listing

    page = board.get(url)
    found = rows(page)

    by_cadre = {row.cadre: row for row in found}
    ineligible_flags = ["cf-candidate--ineligible" in row.classes for row in found]
    assert ineligible_flags == sorted(ineligible_flags)  # the eligible before the ineligible
    eligible, ineligible = by_cadre[an.pk], by_cadre[sixty.pk]
    assert "Trưởng phòng Tổ chức" in eligible.text and unit_a.name in eligible.text
    assert position.title in eligible.text  # planned for the post
    assert "disabled" not in eligible.checkbox
    assert "disabled" in ineligible.checkbox and f'value="{sixty.pk}"' in ineligible.checkbox
    assert "cf-candidate--ineligible" in ineligible.classes
    assert page.context["form"].standings[sixty.pk].reason in unescape(ineligible.standing)
    # the search box matches "dang van an" against "Đặng Văn Ân"
    assert "dang van an" in ineligible.search and sixty.code.lower() in ineligible.search


def test_drawing_the_picker_costs_the_same_with_n_and_3n_cadres(listing, position, unit_a):
    """The picker's own reads (the cadres, their planning) are two queries whatever their number; the standings
    are computed by the form before (``listing_standings``, the eligibility engine's own cost)."""
    board, url, process = listing
    form_class = type(board.get(url).context["form"])

    def queries():
        bound = form_class(process=process, user=None)
        with CaptureQueriesContext(connection) as captured:
            html = str(bound["cadres"])
        return len(captured), html

    for _ in range(2):
        make_eligible(unit_a, position)
    few, html = queries()
    for _ in range(4):
        make_eligible(unit_a, position)
    many, more_html = queries()
    assert more_html.count('class="cf-candidate') == html.count('class="cf-candidate') + 4
    assert many == few <= 2
