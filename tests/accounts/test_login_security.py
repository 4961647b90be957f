"""The sign-in doors: lockout after repeated failures (by user name and by IP), the admin's login too, a throttled
password reset, password rules, and session lifetimes."""

import datetime as dt

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.password_validation import validate_password
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client

from tests.factories import UserFactory

PASSWORD = "matkhau-123"  # tests.factories.UserFactory
LOGIN = "/accounts/login/"
ADMIN_LOGIN = "/admin/login/"
HOME = "/home/home/"


def _post_login(client, url, username, password, ip):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=ip)


def _fail(client, url, username, ip, times):
    """`times` wrong passwords: the form again with its error, and the lockout page at the limit-th failure."""
    for n in range(1, times + 1):
        response = _post_login(client, url, username, "wrong-password", ip)
        assert response.status_code == (429 if n >= settings.AXES_FAILURE_LIMIT else 200)
        assert SESSION_KEY not in client.session


@pytest.mark.django_db
def test_the_right_password_is_refused_after_the_failure_limit():
    user = UserFactory(username="cadre1")
    client = Client()
    _fail(client, LOGIN, "cadre1", "10.0.0.1", settings.AXES_FAILURE_LIMIT)

    response = _post_login(client, LOGIN, "cadre1", PASSWORD, "10.0.0.1")

    assert response.status_code == 429
    assert b'data-testid="login-locked"' in response.content
    assert SESSION_KEY not in client.session
    # from another connection too: the account itself is locked
    other = Client()
    assert _post_login(other, LOGIN, "cadre1", PASSWORD, "10.0.0.99").status_code == 429
    assert SESSION_KEY not in other.session
    assert user.pk


@pytest.mark.django_db
def test_one_failure_less_than_the_limit_still_lets_the_right_password_in():
    UserFactory(username="cadre1")
    client = Client()
    _fail(client, LOGIN, "cadre1", "10.0.0.1", settings.AXES_FAILURE_LIMIT - 1)

    response = _post_login(client, LOGIN, "cadre1", PASSWORD, "10.0.0.1")

    assert response.status_code == 302
    assert SESSION_KEY in client.session


@pytest.mark.django_db
def test_another_user_from_another_ip_is_unaffected():
    UserFactory(username="cadre1")
    UserFactory(username="cadre2")
    _fail(Client(), LOGIN, "cadre1", "10.0.0.1", settings.AXES_FAILURE_LIMIT)

    client = Client()
    response = _post_login(client, LOGIN, "cadre2", PASSWORD, "10.0.0.2")

    assert response.status_code == 302
    assert SESSION_KEY in client.session


@pytest.mark.django_db
def test_guessing_many_user_names_from_one_ip_locks_that_ip():
    UserFactory(username="cadre9")
    client = Client()
    for n in range(settings.AXES_FAILURE_LIMIT):
        _post_login(client, LOGIN, f"nobody{n}", "wrong-password", "10.0.0.7")

    assert _post_login(client, LOGIN, "cadre9", PASSWORD, "10.0.0.7").status_code == 429
    assert SESSION_KEY not in client.session


@pytest.mark.django_db
def test_the_admin_login_is_locked_out_too():
    UserFactory(username="boss", is_staff=True, is_superuser=True)
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = _post_login(client, ADMIN_LOGIN, "boss", "wrong-password", "10.0.0.3")
        assert response.status_code == 200
    assert _post_login(client, ADMIN_LOGIN, "boss", "wrong-password", "10.0.0.3").status_code == 429

    response = _post_login(client, ADMIN_LOGIN, "boss", PASSWORD, "10.0.0.3")

    assert response.status_code == 429
    assert SESSION_KEY not in client.session


@pytest.mark.django_db
def test_the_lock_ends_after_the_cool_off():
    UserFactory(username="cadre1")
    client = Client()
    with time_machine.travel(dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC), tick=False) as clock:
        _fail(client, LOGIN, "cadre1", "10.0.0.1", settings.AXES_FAILURE_LIMIT)
        assert _post_login(client, LOGIN, "cadre1", PASSWORD, "10.0.0.1").status_code == 429
        clock.shift(dt.timedelta(hours=settings.AXES_COOLOFF_TIME, minutes=1))

        assert _post_login(client, LOGIN, "cadre1", PASSWORD, "10.0.0.1").status_code == 302


@pytest.mark.django_db
def test_password_reset_requests_are_limited_per_ip():
    UserFactory(username="cadre1", email="cadre1@example.vn")
    client = Client()
    for _ in range(settings.PASSWORD_RESET_RATE_LIMIT_PER_HOUR):
        response = client.post(
            "/accounts/password_reset/", {"email": "cadre1@example.vn"}, REMOTE_ADDR="10.9.0.1"
        )
        assert response.status_code == 302
    sent = len(mail.outbox)

    response = client.post(
        "/accounts/password_reset/", {"email": "cadre1@example.vn"}, REMOTE_ADDR="10.9.0.1"
    )

    assert response.status_code == 429
    assert len(mail.outbox) == sent
    # another connection is not affected
    other = client.post("/accounts/password_reset/", {"email": "cadre1@example.vn"}, REMOTE_ADDR="10.9.0.2")
    assert other.status_code == 302


@pytest.mark.parametrize(
    "password",
    ["short-Pw1!", "123456789012345", "password1234", "cadre.nguyen.van.a"],
    ids=["under-12", "numeric", "common", "like-the-user-name"],
)
def test_weak_passwords_are_refused(password):
    user = UserFactory.build(username="cadre.nguyen.van.a", email="a@example.vn")
    with pytest.raises(ValidationError):
        validate_password(password, user)


def test_a_long_uncommon_password_passes():
    user = UserFactory.build(username="cadre.nguyen.van.a", email="a@example.vn")
    validate_password("Bao-cao-quy-IV-moi", user)


@pytest.mark.django_db
def test_an_idle_session_ends_after_the_idle_timeout(client_for):
    user = UserFactory()
    with time_machine.travel(dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC), tick=False) as clock:
        client = client_for(user)
        clock.shift(dt.timedelta(seconds=settings.SESSION_COOKIE_AGE - 60))
        assert client.get(HOME).status_code == 200  # activity renews the session
        clock.shift(dt.timedelta(seconds=settings.SESSION_COOKIE_AGE - 60))
        assert client.get(HOME).status_code == 200
        clock.shift(dt.timedelta(seconds=settings.SESSION_COOKIE_AGE + 60))

        response = client.get(HOME)

    assert response.status_code == 302
    assert response["Location"].startswith(settings.LOGIN_URL)


@pytest.mark.django_db
def test_an_active_session_ends_after_a_working_day(client_for):
    user = UserFactory()
    step = dt.timedelta(seconds=settings.SESSION_COOKIE_AGE // 2)
    with time_machine.travel(dt.datetime(2026, 3, 2, 7, 0, tzinfo=dt.UTC), tick=False) as clock:
        client = client_for(user)
        client.get(HOME)
        elapsed = dt.timedelta(0)
        while elapsed + step < dt.timedelta(seconds=settings.SESSION_ABSOLUTE_SECONDS):
            clock.shift(step)
            elapsed += step
            assert client.get(HOME).status_code == 200
        clock.shift(step)

        response = client.get(HOME)

    assert response.status_code == 302
    assert response["Location"].startswith(settings.LOGIN_URL)
    assert SESSION_KEY not in client.session
