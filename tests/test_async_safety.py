"""Django's async-safety check stays on for the suite: only the browser tests lift it, and only while their
browser is open (tests/e2e/conftest.py, ``browser_context``). A run that set DJANGO_ALLOW_ASYNC_UNSAFE for
everything would hide ORM calls made from async code."""

import asyncio
import os

import pytest
from django.core.exceptions import SynchronousOnlyOperation

from apps.accounts.models import User


def test_database_access_from_async_code_is_refused_outside_the_browser_tests(db):
    assert "DJANGO_ALLOW_ASYNC_UNSAFE" not in os.environ

    async def count_users():
        return User.objects.count()

    with pytest.raises(SynchronousOnlyOperation):
        asyncio.run(count_users())
