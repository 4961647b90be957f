"""The browser reaches the product: login redirect, the real login form, the home page in Vietnamese."""

from urllib.parse import urlsplit

from tests.factories import UserFactory

from .conftest import PASSWORD

LOGIN = "/accounts/login/"


def submit_login(page, username, password):
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("form.vf-form button[type=submit]")


def test_an_anonymous_visitor_is_sent_to_the_login_page_and_after_logging_in_sees_the_vietnamese_home(
    page, live_url
):
    user = UserFactory(username="e2e.nguoidung")

    page.goto(live_url("/"))
    assert urlsplit(page.url).path == LOGIN
    assert page.locator("html").get_attribute("lang") == "vi"

    submit_login(page, user.username, PASSWORD)
    page.wait_for_selector("#my-roles")

    assert urlsplit(page.url).path != LOGIN
    assert page.locator("html").get_attribute("lang") == "vi"
    assert user.username in page.content()


def test_a_wrong_password_keeps_the_visitor_on_the_login_page_with_an_error(page, live_url):
    user = UserFactory(username="e2e.nguoidung")

    page.goto(live_url("/"))
    submit_login(page, user.username, "not-the-password")
    page.wait_for_selector(".vf-form__error")

    assert urlsplit(page.url).path == LOGIN
    assert page.locator("#my-roles").count() == 0
