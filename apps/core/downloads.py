"""Serving a stored document to someone a view has already allowed to read it.

Uploaded documents (minutes, dossiers, decisions, evidence) are personnel files: no URL publishes the storage
they live in, in any mode. Each is served by a view that first checks the object permission through
``apps.accounts.permissions`` and then returns ``file_download(...)``: always a download (never shown inline,
so an uploaded HTML or SVG file cannot run in the site's origin), with the browser told not to guess the type,
and kept out of shared caches. A file missing from the storage is a 404, the same as a document that does not
exist.
"""

import os
import unicodedata

from django.core.exceptions import SuspiciousFileOperation
from django.http import FileResponse, Http404
from django.utils.cache import patch_cache_control

MAX_FILENAME_LENGTH = 200


def safe_filename(name, fallback="document"):
    """The name to offer in Content-Disposition: the last path component, without control or format
    characters and without quotes, at most ``MAX_FILENAME_LENGTH`` characters; `fallback` if nothing is left."""
    name = os.path.basename(str(name or "").replace("\\", "/"))
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C" and ch != '"')
    name = name.strip(" .")
    if len(name) > MAX_FILENAME_LENGTH:
        stem, ext = os.path.splitext(name)
        ext = ext if len(ext) <= 10 else ""
        name = stem[: MAX_FILENAME_LENGTH - len(ext)] + ext
    return name or fallback


def file_download(field_file, *, filename=None, content_type=None):
    """A ``FileResponse`` for a ``FieldFile`` (``model.file``): attachment under `filename` (default: the stored
    name), ``X-Content-Type-Options: nosniff``, private and not stored by caches. The type is `content_type` when
    given, else guessed from the offered name. Raises ``Http404`` when the field is empty or its file is gone."""
    if not field_file or not field_file.name:
        raise Http404
    try:
        handle = field_file.storage.open(field_file.name, "rb")
    except (OSError, SuspiciousFileOperation):
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=safe_filename(filename or field_file.name),
        content_type=content_type or None,
    )
    response["X-Content-Type-Options"] = "nosniff"
    patch_cache_control(response, private=True, no_store=True)
    return response
