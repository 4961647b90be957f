"""A permission matrix per endpoint (docs/style.md rule 8): every persona × one URL, all rows checked, every
mismatch reported at once.

``check_matrix(client_for, personas, expect, request)`` runs ``request(client, who)`` for each persona named in
`expect` ({persona: status}) and asserts the statuses; ``check_download_matrix`` does the same for a download URL
and, for each 200, that the response is the stored file itself, served as a download under its name with the
browser told not to sniff the type; for each refusal, that none of the file leaks; for the anonymous persona
(``None``), the login redirect back to the URL.

``make_persona(username, role=None, unit=None, cadre=None)`` makes a user with a role over `unit` and its
sub-units (and their own cadre record, for R10 candidates); without a role, a signed-in user who may see nothing.
"""

from urllib.parse import quote

from django.conf import settings

from apps.accounts.services import grant_role
from tests.factories import UserFactory

LOGIN = "login"  # expected "status" of the anonymous persona: a redirect to the login page


def make_persona(username, role=None, unit=None, *, cadre=None, actor=None):
    user = UserFactory(username=username, cadre=cadre)
    if role is not None:
        grant_role(user=user, role=role, unit=unit, include_descendants=True, actor=actor or user)
    return user


def _status(response, url):
    if response.status_code == 302 and response["Location"].startswith(settings.LOGIN_URL):
        return LOGIN if f"next={quote(url, safe='/')}" in response["Location"] else "login elsewhere"
    return response.status_code


def check_matrix(client_for, personas, expect, request):
    """Assert ``request(client, who).status_code`` (``LOGIN`` for a login redirect) for every persona in
    `expect`; `personas` maps a name to a user (``None``: anonymous). Returns {persona: response}."""
    responses, wrong = {}, []
    for who, expected in expect.items():
        response = request(client_for(personas[who]), who)
        responses[who] = response
        got = _status(response, response.request["PATH_INFO"]) if expected == LOGIN else response.status_code
        if got != expected:
            wrong.append(f"{who}: expected {expected}, got {got}")
    assert not wrong, "; ".join(wrong)
    return responses


def assert_download(response, *, body, filename):
    """`response` is the stored file `body` as an attachment named `filename`, not to be sniffed or cached."""
    assert response.status_code == 200, response.status_code
    assert b"".join(response.streaming_content) == body
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;"), disposition
    assert quote(filename) in disposition or f'filename="{filename}"' in disposition, disposition
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]


def check_download_matrix(client_for, personas, expect, url, *, body, filename):
    """The matrix of one download `url`: 200 rows get exactly `body` under `filename`; refusals leak nothing."""
    responses = check_matrix(client_for, personas, expect, lambda client, who: client.get(url))
    for who, response in responses.items():
        if response.status_code == 200:
            assert_download(response, body=body, filename=filename)
        else:
            assert not response.has_header("Content-Disposition"), who
            content = b"".join(response.streaming_content) if response.streaming else response.content
            assert body not in content, who
    return responses


def personas_for(request, names, **made):
    """{persona: user} for every name in `names`: ``None`` for "anonymous", the users in `made`, and the rest
    from the fixtures of the same name (tests/conftest.py: leader_a, reviewer, inspector…)."""
    personas = {"anonymous": None, **made}
    for name in names:
        if name not in personas:
            personas[name] = request.getfixturevalue(name)
    return personas
