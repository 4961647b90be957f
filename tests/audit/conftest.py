import pytest

from apps.audit import guards


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def front_user(province, admin_user):
    from apps.accounts.models import Role
    from apps.accounts.services import grant_role
    from tests.factories import UserFactory

    user = UserFactory(username="mttq", first_name="Ủy ban", last_name="MTTQ")
    grant_role(user=user, role=Role.FRONT, unit=province, include_descendants=True, actor=admin_user)
    return user


def pdf(name="bang-chung.pdf", size=None):
    from django.core.files.uploadedfile import SimpleUploadedFile

    body = b"%PDF-1.4\n" + b"x" * ((size or 200) - 9)
    return SimpleUploadedFile(name, body, content_type="application/pdf")


def docx(name="to-cao.docx", macro=False):
    import io
    import zipfile

    from django.core.files.uploadedfile import SimpleUploadedFile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
        if macro:
            archive.writestr("word/vbaProject.bin", b"\x00" * 10)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/octet-stream")


def upload(name, body, content_type="application/octet-stream"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, body, content_type=content_type)


@pytest.fixture
def tamper():
    """``tamper(sql, params)`` runs raw SQL on the audit table with its triggers lifted, as an intruder with
    database access would."""
    from django.db import connection

    def run(sql, params=()):
        with guards.suspended(connection), connection.cursor() as cursor:
            cursor.execute(sql, params)

    return run
