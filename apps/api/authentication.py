"""Personal API tokens: django-rest-knox's token authentication (``Authorization: Token cf_…``), hardened.

A token is shown once when created (apps.api.tokens), stored as a digest, expires, and is revoked by deleting it.
A malformed header (non-ASCII, NUL bytes, spaces) is a 401 like a wrong token, never a server error.
"""

import re

from django.utils.translation import gettext_lazy as _
from knox.auth import TokenAuthentication as KnoxTokenAuthentication
from rest_framework import exceptions

_TOKEN = re.compile(rb"^[A-Za-z0-9_]{1,200}$")


class TokenAuthentication(KnoxTokenAuthentication):
    def authenticate_credentials(self, token):
        if not _TOKEN.match(token):
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        return super().authenticate_credentials(token)
