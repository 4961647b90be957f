"""``apps.core.downloads``: the one way a stored document leaves the application — as an attachment under a safe
name, not to be sniffed or cached, and a 404 when there is nothing to send. Checked on the response the helper
builds, without the middleware (SecurityMiddleware adds nosniff to every response: the download must not rely
on it)."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.db.models.fields.files import FieldFile, FileField
from django.http import Http404

from apps.core.downloads import file_download, safe_filename

BODY = b"%PDF-1.4 bien ban"


@pytest.fixture
def stored(tmp_path):
    """``stored(name)`` → a FieldFile of a file saved under `name` in a storage of the test's own."""
    storage = FileSystemStorage(location=tmp_path)
    field = FileField(storage=storage)

    def make(name="bien-ban.pdf", body=BODY):
        saved = storage.save(name, ContentFile(body)) if body is not None else name
        return FieldFile(None, field, saved)

    return make


def test_the_file_goes_out_as_an_attachment_under_the_given_name(stored):
    response = file_download(stored(), filename="Biên bản hội nghị.pdf")
    assert b"".join(response.streaming_content) == BODY
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''Bi%C3%AAn%20b%E1%BA%A3n%20h%E1%BB%99i%20ngh%E1%BB%8B.pdf"
    )
    assert response["Content-Type"] == "application/pdf"  # from the offered name, not from the bytes
    assert response["X-Content-Type-Options"] == "nosniff"
    assert set(response["Cache-Control"].replace(" ", "").split(",")) == {"private", "no-store"}


def test_without_a_name_the_stored_one_is_offered_and_a_given_type_wins(stored):
    response = file_download(stored("procedures/7/to_trinh/memo.html"), content_type="application/pdf")
    assert response["Content-Disposition"] == 'attachment; filename="memo.html"'
    assert response["Content-Type"] == "application/pdf"


def test_an_unknown_type_is_sent_as_bytes_never_as_a_page(stored):
    response = file_download(stored("notes.unknownext"))
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;")


@pytest.mark.parametrize(
    "field",
    [
        pytest.param(lambda stored: stored("gone.pdf", body=None), id="missing-file"),
        pytest.param(lambda stored: stored("", body=None), id="empty-field"),
        pytest.param(lambda stored: stored("../../etc/passwd", body=None), id="outside-the-storage"),
        pytest.param(lambda stored: None, id="no-field"),
    ],
)
def test_nothing_to_send_is_a_404(stored, field):
    with pytest.raises(Http404):
        file_download(field(stored))


@pytest.mark.parametrize(
    "name, offered",
    [
        ("Tờ trình số 12.pdf", "Tờ trình số 12.pdf"),
        ("C:\\Users\\a\\bien ban.pdf", "bien ban.pdf"),
        ("../../secret.pdf", "secret.pdf"),
        ('a"b\r\nSet-Cookie: x.pdf', "abSet-Cookie: x.pdf"),
        ("\u202ecod.exe.pdf", "cod.exe.pdf"),  # a right-to-left override would show it as "fdp.exe.doc"
        ("...", "document"),
        ("", "document"),
        ("x" * 300 + ".pdf", "x" * 196 + ".pdf"),
    ],
)
def test_the_offered_name_is_one_plain_file_name(name, offered):
    assert safe_filename(name) == offered
