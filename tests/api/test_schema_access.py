"""The API schema and its docs are for signed-in users only; the docs page carries the strict CSP."""

import pytest


@pytest.mark.django_db
def test_an_anonymous_visitor_gets_neither_the_schema_nor_the_docs(client_for):
    anonymous = client_for(None)

    schema = anonymous.get("/api/schema/")
    assert schema.status_code == 401 and schema["WWW-Authenticate"] == "Token"
    docs = anonymous.get("/api/docs/")
    assert docs.status_code == 302
    assert docs["Location"].startswith("/accounts/login/")
    assert anonymous.get("/api/docs/?script=").status_code == 302


@pytest.mark.django_db
def test_a_signed_in_user_gets_the_schema_and_the_docs_without_inline_script(client_for, leader_a):
    client = client_for(leader_a)

    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"openapi" in schema.content
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    assert "script-src 'self'" in docs["Content-Security-Policy"]
    assert "unsafe-inline" not in docs["Content-Security-Policy"].split("script-src")[1].split(";")[0]
    assert client.get("/api/docs/?script=").status_code == 200
