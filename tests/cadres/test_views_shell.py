"""The page shell: login redirect, the Vietnamese login page, the home page, the site menu and the language
switcher."""

from pathlib import Path

import pytest
from django.conf import settings
from django.template.loader import get_template
from django.test import RequestFactory, override_settings
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

HOME = "/"


def test_anonymous_users_are_redirected_to_the_login_page(client_for):
    response = client_for(None).get(HOME)
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next=/"


def test_the_login_page_is_in_vietnamese_by_default(client_for):
    response = client_for(None).get(reverse("login"))
    assert response.status_code == 200
    assert response["Content-Language"] == "vi"
    html = response.content.decode()
    assert '<html lang="vi"' in html
    assert 'name="password"' in html
    assert "Viewflow Demo suite" not in html


def test_the_login_page_ignores_the_browser_language_and_follows_the_switcher(client_for):
    client = client_for(None)
    assert client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en")["Content-Language"] == "vi"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="vi")["Content-Language"] == "en"


def test_logging_in_leads_home(client_for, leader_a):
    response = client_for(None).post(reverse("login"), {"username": "leader_a", "password": "matkhau-123"})
    assert response.status_code == 302
    assert response.url == settings.LOGIN_REDIRECT_URL


def test_the_home_page_shows_the_users_roles_scopes_and_registry_links(client_for, leader_a, unit_a):
    response = client_for(leader_a).get(HOME, follow=True)
    assert response.status_code == 200
    (assignment,) = response.context["assignments"]
    assert (assignment.role, assignment.unit) == ("unit_leader", unit_a)
    html = response.content.decode()
    assert unit_a.name in html
    for name in ("registry:units:index", "registry:positions:index", "registry:cadres:index"):
        assert reverse(name) in html


def test_a_user_without_roles_sees_no_registry_links(client_for, unit_a):
    nobody = UserFactory(username="nobody")
    response = client_for(nobody).get(HOME, follow=True)
    assert response.status_code == 200
    assert response.context["assignments"] == []
    assert "/registry/" not in response.content.decode()


def test_the_menu_carries_the_language_switcher(client_for, leader_a):
    html = client_for(leader_a).get(HOME, follow=True).content.decode()
    assert f'action="{reverse("set_language")}"' in html
    assert 'name="language" value="vi"' in html
    assert 'name="language" value="en"' in html


def test_switching_the_language_to_english_and_back(client_for, leader_a):
    client = client_for(leader_a)
    response = client.post(reverse("set_language"), {"language": "en", "next": HOME})
    assert response.status_code == 302
    assert '<html lang="en"' in client.get(HOME, follow=True).content.decode()
    client.post(reverse("set_language"), {"language": "vi", "next": HOME})
    assert '<html lang="vi"' in client.get(HOME, follow=True).content.decode()


def _menu_engine(with_notifications):
    """Our site menu rendered by an engine that has (or lacks) the notifications menu item."""
    own = Path(settings.BASE_DIR, "templates", "core", "site_menu.html").read_text()
    templates = {
        "core/site_menu.html": own,
        "viewflow/includes/site_menu.html": "<nav id='viewflow-site-menu'></nav>",
    }
    if with_notifications:
        templates["notifications/menu_item.html"] = "<a id='bell'>{{ request.user.username }}</a>"
    return override_settings(
        TEMPLATES=[
            {
                "BACKEND": "django.template.backends.django.DjangoTemplates",
                "OPTIONS": {"loaders": [("django.template.loaders.locmem.Loader", templates)]},
            }
        ]
    )


@pytest.mark.parametrize("with_notifications", [False, True])
def test_the_menu_includes_the_notifications_item_only_when_it_exists(leader_a, with_notifications):
    request = RequestFactory().get(HOME)
    request.user = leader_a
    with _menu_engine(with_notifications):
        html = get_template("core/site_menu.html").render({"request": request}, request)
    assert "viewflow-site-menu" in html
    assert ("id='bell'>leader_a" in html) is with_notifications
    assert 'name="language"' in html


def test_every_registry_page_renders_the_site_menu(client_for, reviewer):
    html = client_for(reviewer).get(reverse("registry:cadres:index")).content.decode()
    assert reverse("set_language") in html
    assert reverse("registry:units:index") in html
