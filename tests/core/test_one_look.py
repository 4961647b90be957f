"""One look (issue 11 §5): distinct menu entries, the admin titled CadreFlow, our own 403 and 404 pages with their
status codes, sentence-case list headings, Material form components on step, filter and public forms, and the brand
colour on the pages outside the site (login, public report form)."""

import re

import pytest
from django.contrib import admin
from django.urls import reverse

from config.site import site
from tests.factories import UserFactory
from workflows.appointment.flows import AppointmentFlow

pytestmark = pytest.mark.django_db

BRAND = site.primary_color


def menu_entries(html):
    """(label, icon) of each entry of the side menu: the applications and our own entries (the bell)."""
    entries = []
    for item in re.finditer(
        r'<a class="mdc-list-item[^"]*vf-page__menu-list-item[^"]*"[^>]*>(.*?)</a>', html, re.S
    ):
        icon = re.search(r'<i class="material-icons[^"]*"[^>]*>\s*([a-z_]+)\s*</i>', item.group(1))
        label = re.sub(r"<[^>]+>", " ", item.group(1).split('class="mdc-list-item__content"', 1)[-1])
        label = re.sub(r"\d+", " ", label)  # the unread count beside the bell's label
        entries.append((" ".join(label.replace(">", " ").split()), icon.group(1) if icon else None))
    return entries


def test_the_menu_entries_have_distinct_labels_and_icons(client_for, reviewer):
    html = client_for(reviewer).get("/", follow=True).content.decode()
    entries = menu_entries(html)
    assert len(entries) >= 5, entries
    labels = [label for label, _ in entries]
    assert len(labels) == len(set(labels)), labels
    icons = [icon for _, icon in entries]
    assert None not in icons and len(icons) == len(set(icons)), entries


def test_the_admin_is_titled_cadreflow_not_django(client_for, admin_user):
    html = client_for(admin_user).get("/admin/").content.decode()
    header = re.search(r'<div id="site-name">(.*?)</div>', html, re.S).group(1)
    assert str(admin.site.site_header) in header and "Django" not in header
    assert "Django" not in re.search(r"<title>(.*?)</title>", html, re.S).group(1)


def test_a_forbidden_page_is_our_403_with_its_status(client_for, db):
    nobody = UserFactory(username="nobody")
    response = client_for(nobody).get(reverse("decisions:decisions:index"))
    assert response.status_code == 403
    html = response.content.decode()
    assert 'id="cf-error-403"' in html and "have no rights" not in html
    assert f"--mdc-theme-primary: {BRAND}" in html


def test_a_missing_page_is_our_404_with_its_status(client_for, reviewer):
    response = client_for(reviewer).get("/no-such-page/")
    assert response.status_code == 404
    assert 'id="cf-error-404"' in response.content.decode()


def test_a_list_heading_is_in_sentence_case(client_for, reviewer):
    response = client_for(reviewer).get(AppointmentFlow.instance.reverse("process_list"))
    assert response.status_code == 200
    html = response.content.decode()
    heading = " ".join(re.search(r'<h1 class="vf-card__title">(.*?)</h1>', html, re.S).group(1).split())
    words = heading.split()
    assert len(words) > 1 and words[0][0].isupper(), heading
    assert all(not word[0].isupper() for word in words[1:]), heading  # "Quy trình bổ nhiệm", not Title Case


def test_the_list_search_label_is_translated_not_viewflows_english(client_for, reviewer):
    from django.utils.translation import gettext, override

    html = client_for(reviewer).get(reverse("registry:cadres:index")).content.decode()
    assert "<vf-page-search" in html  # the registry's list has Viewflow's search field
    with override("vi"):
        label = gettext("Search…")
    assert f'#id_page_search_label::after {{ content: "{label}"' in html


def test_a_step_form_uses_the_material_components_of_the_registry_forms(client_for, leader_a, unit_a):
    from tests.factories import PositionFactory

    PositionFactory(unit=unit_a, seats=1)
    response = client_for(leader_a).get(AppointmentFlow.start.reverse("execute"))
    assert response.status_code == 200
    html = response.content.decode()
    form = html[html.index("<vf-form>") : html.index("</vf-form>")]
    assert 'class="vf-form' in form and "<vf-field-select" in form and 'name="position"' in form
    assert "<select" not in form  # no plain Django widget left


def test_the_audit_and_timeline_filters_use_the_material_components(client_for, inspector):
    client = client_for(inspector)
    audit = client.get(reverse("inspection:audit:index")).content.decode()
    assert "<vf-form>" in audit and "<vf-field-" in audit and "<select" not in audit.split("<vf-form>", 1)[1]
    timelines = client.get(reverse("inspection:timelines:index"), {"q": "Nguyễn"}).content.decode()
    field = re.search(r"<vf-field-input [^>]*>", timelines).group(0)
    assert 'name="q"' in field and 'value="Nguyễn"' in field


def test_the_login_and_public_report_pages_wear_the_brand_colour(client):
    for url in ("/accounts/login/", reverse("reports-public:file")):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert f"--mdc-theme-primary: {BRAND}" in html, url
    report = client.get(reverse("reports-public:file")).content.decode()
    assert "<vf-form>" in report and "<vf-field-" in report
    assert (
        'name="website"' in report.split("</vf-form>")[0].split('aria-hidden="true"')[1]
    )  # the honeypot, hidden
