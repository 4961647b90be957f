"""The demo province at small scale, seeded once per test module and rolled back afterwards.

Seeding takes a couple of seconds even at ``--scale 0.05``, so the read-only tests share one seeded database:
the fixture opens a transaction, seeds, and rolls everything back when the module is done (each test runs in
a savepoint inside it, as pytest-django's ``db`` fixture does). Tests that need an empty database (running the
command twice, refusing to mix) seed for themselves and do not use this fixture.
"""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from apps.demo.models import DemoDataset

SCALE = 0.05


def seed(**options):
    out = StringIO()
    call_command("seed_demo", scale=SCALE, stdout=out, **options)
    return out.getvalue()


def _media(folder):
    """Seeding signs decisions and stores conference minutes: their files go to a temporary folder, never to
    the checkout's media/ and private-media/."""
    return override_settings(MEDIA_ROOT=folder / "media", PRIVATE_MEDIA_ROOT=folder / "private-media")


@pytest.fixture(autouse=True)
def _test_media(request, tmp_path):
    """A test that seeds for itself stores its files in its own folder; one reading the shared seeded
    province reads them from the folder the seeding used."""
    if "demo" in request.fixturenames:
        yield
        return
    with _media(tmp_path):
        yield


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    with django_db_blocker.unblock(), _media(tmp_path_factory.mktemp("demo")):
        with transaction.atomic():
            try:
                seed()
                yield DemoDataset.objects.select_related("province").get()
            finally:
                transaction.set_rollback(True)
