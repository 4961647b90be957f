"""Issue 12 §2 and §4: one JSON error shape under /api/, 400 for bad input (dates, NUL bytes, unknown ordering),
401 with WWW-Authenticate, personal tokens (shown once, hashed, expiring, revocable), per-user throttling."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone
from knox.models import AuthToken
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from apps.api.tokens import create_token
from apps.audit.models import AuditEntry
from apps.audit.services import record
from tests.factories import CadreFactory

pytestmark = pytest.mark.django_db


def token_client(token, **extra):
    return Client(HTTP_AUTHORIZATION=f"Token {token}", **extra)


def assert_error(response, status, code=None):
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"code", "message", "fields"}, body
    assert body["message"]
    if code:
        assert body["code"] == code, body
    return body


@pytest.mark.parametrize(
    "query, field",
    [
        ("from=2026-02-30", "from"),
        ("to=2026-13-01", "to"),
        ("object=%00", "object"),
        ("action=a%00b", "action"),
    ],
)
def test_bad_dates_and_nul_bytes_on_the_audit_log_are_400s_naming_the_parameter(
    client_for, inspector, admin_user, query, field
):
    record("test.event", None, actor=admin_user, data={})
    body = assert_error(client_for(inspector).get(f"/api/v1/audit-entries/?{query}"), 400, "invalid")
    assert list(body["fields"]) == [field]


def test_the_audit_log_filters_by_date(client_for, inspector, admin_user):
    record("test.event", None, actor=admin_user, data={})
    today = timezone.localdate()
    client = client_for(inspector)
    assert client.get(f"/api/v1/audit-entries/?from={today:%Y-%m-%d}").json()["count"] >= 1
    assert client.get(f"/api/v1/audit-entries/?to={today - timedelta(days=1):%Y-%m-%d}").json()["count"] == 0


@pytest.mark.parametrize(
    "url", ["/api/v1/cadres/?q=%00", "/api/v1/units/?q=x%00", "/api/v1/procedures/?started_from=x"]
)
def test_nul_bytes_and_bad_values_in_filters_are_400s(client_for, reviewer, url):
    assert_error(client_for(reviewer).get(url), 400, "invalid")


@pytest.mark.parametrize(
    "path",
    ["/api/v1/cadres/abc/", "/api/v1/cadres/-1/", "/api/v1/nowhere/", "/api/v1/cadres/99999999999999999999/"],
)
def test_unknown_urls_and_malformed_ids_are_json_404s(client_for, reviewer, path):
    assert_error(client_for(reviewer).get(path), 404, "not_found")


def test_an_unknown_ordering_field_is_a_400_and_a_known_one_sorts(client_for, reviewer, province):
    CadreFactory(current_unit=province, full_name="An")
    CadreFactory(current_unit=province, full_name="Bình")
    client = client_for(reviewer)
    body = assert_error(client.get("/api/v1/cadres/?ordering=password"), 400, "invalid")
    assert list(body["fields"]) == ["ordering"]
    names = [row["full_name"] for row in client.get("/api/v1/cadres/?ordering=-full_name").json()["results"]]
    assert names == sorted(names, reverse=True)


def test_the_message_is_in_the_requests_language(client_for, reviewer):
    client = client_for(reviewer)
    english = client.get("/api/v1/cadres/abc/", HTTP_ACCEPT_LANGUAGE="en").json()["message"]
    vietnamese = client.get("/api/v1/cadres/abc/", HTTP_ACCEPT_LANGUAGE="vi").json()["message"]
    assert english == "Not found."
    assert vietnamese != english


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"HTTP_AUTHORIZATION": "Basic YWRtaW46YWRtaW4="},
        {"HTTP_AUTHORIZATION": "Token cf_wrong"},
        {"HTTP_AUTHORIZATION": "Token"},
        {"HTTP_AUTHORIZATION": "Token a\x00b"},
    ],
)
def test_missing_or_wrong_credentials_are_401_with_www_authenticate(headers):
    response = Client(**headers).get("/api/v1/cadres/")
    assert_error(response, 401)
    assert response["WWW-Authenticate"] == "Token"


def test_a_personal_token_is_shown_once_hashed_at_rest_and_acts_as_its_owner(reviewer, unit_a):
    cadre = CadreFactory(current_unit=unit_a)
    instance, token = create_token(reviewer, days=30, actor=reviewer)
    assert token.startswith("cf_") and token not in instance.digest
    assert not AuthToken.objects.filter(digest=token).exists()
    assert AuditEntry.objects.filter(action="api_token.created").exists()
    response = token_client(token).get("/api/v1/cadres/")
    assert response.status_code == 200
    assert {row["id"] for row in response.json()["results"]} == {cadre.pk}
    assert timedelta(days=29) < instance.expiry - timezone.now() <= timedelta(days=30)


def test_an_expired_or_revoked_token_is_refused(client_for, reviewer):
    instance, token = create_token(reviewer, days=1, actor=reviewer)
    AuthToken.objects.filter(pk=instance.pk).update(expiry=timezone.now() - timedelta(seconds=1))
    assert_error(token_client(token).get("/api/v1/cadres/"), 401)

    instance, token = create_token(reviewer, days=1, actor=reviewer)
    page = client_for(reviewer)
    assert page.post("/profile/tokens/", {"revoke": instance.token_key}).status_code == 302
    assert_error(token_client(token).get("/api/v1/cadres/"), 401)
    assert AuditEntry.objects.filter(action="api_token.revoked").exists()


def test_the_profile_page_creates_a_token_and_shows_it_once(client_for, reviewer):
    client = client_for(reviewer)
    response = client.post("/profile/tokens/", {"days": 7})
    assert response.status_code == 200
    token = response.context["new_token"]
    assert token in response.content.decode() and response["Cache-Control"] == "no-store"
    assert token_client(token).get("/api/v1/units/").status_code == 200
    again = client.get("/profile/tokens/").content.decode()
    assert token not in again and token[:10] in again  # only its first characters from now on
    # someone else cannot revoke it
    other = client_for(None)
    assert other.post("/profile/tokens/", {"revoke": token[:15]}).status_code == 302  # to the login page
    assert AuthToken.objects.filter(user=reviewer).count() == 1


def test_requests_are_throttled_per_user(monkeypatch, reviewer, leader_a):
    monkeypatch.setattr(UserRateThrottle, "THROTTLE_RATES", {"user": "3/min", "anon": "3/min"})
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"user": "3/min", "anon": "3/min"})
    cache.clear()
    _instance, token = create_token(reviewer, days=1, actor=reviewer)
    _instance, other = create_token(leader_a, days=1, actor=leader_a)
    client = token_client(token)
    for _ in range(3):
        assert client.get("/api/v1/units/").status_code == 200
    response = client.get("/api/v1/units/")
    assert_error(response, 429, "throttled")
    assert "Retry-After" in response
    assert token_client(other).get("/api/v1/units/").status_code == 200  # per user
    cache.clear()
