"""Files kept across a refused submit: a step form refused for any reason would otherwise come back with its file
pickers empty, and the user must find the file again.

On a refused submit, ``keep_files`` stores each uploaded file in ``KEPT_UPLOADS_ROOT`` under a random name and
gives the form, for each file field, a signed token (bound to the user or session) and the file's name; the page
renders them as a hidden field and a "kept: <name>" note (``cadreflow_shell.material_fields``). On the next
submit, ``restore_files`` puts the kept file back for each field where no new file was chosen; the form validates
it again like any upload. A token of another user or session, or a tampered one, is ignored. The public report
form (anonymous senders) stores nothing: ``note_dropped_files`` names the file to choose again.
"""

import os
import re
import secrets

from django import forms
from django.conf import settings
from django.core import signing
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.datastructures import MultiValueDict


def kept_storage():
    """Where kept files wait: ``KEPT_UPLOADS_ROOT``, apart from the media of records (a refused step changes no
    record and no document of the procedure). A kept file is deleted when it is put back into a form."""
    return FileSystemStorage(location=settings.KEPT_UPLOADS_ROOT)


KEPT_PREFIX = "_kept_"
_SALT = "cadreflow.kept-files"


def _owner(request):
    if request.user.is_authenticated:
        return f"u{request.user.pk}"
    if not request.session.session_key:
        request.session.save()
    return f"s{request.session.session_key}"


def keep_files(request, form):
    """Store the files `form` received (also those put back by ``restore_files``, whose stored copy is gone) and
    note them on the form (``form.kept_files``: the field's HTML name -> (token, name)). A file its own field
    refused (type, size) is not kept. For signed-in users only: an anonymous form (the public report)
    uses ``note_dropped_files`` instead, so that refused submits cannot fill the disk."""
    kept = {}
    for bound_field in form:
        if not isinstance(bound_field.field, forms.FileField) or bound_field.name in form.errors:
            continue  # not a file, or the file itself was refused: nothing to keep
        key = bound_field.html_name
        upload = (form.files or {}).get(key)
        if not hasattr(upload, "read"):
            continue
        upload.seek(0)
        path = kept_storage().save(f"{secrets.token_hex(16)}.bin", upload)
        original = os.path.basename(upload.name)
        token = signing.dumps({"o": _owner(request), "p": path, "n": original}, salt=_SALT)
        kept[key] = (token, original)
    form.kept_files = kept
    return form


def _read_token(request, token):
    try:
        data = signing.loads(token, salt=_SALT, max_age=24 * 3600)
    except signing.BadSignature:
        return None
    if data.get("o") != _owner(request) or not re.fullmatch(r"[0-9a-f]{32}(_\w+)?\.bin", str(data.get("p"))):
        return None
    if not kept_storage().exists(data["p"]):
        return None
    return data


def restore_files(request, files, data=None):
    """`files` with the kept files put back for the fields where no new file was chosen."""
    data = data if data is not None else request.POST
    files = MultiValueDict(files.lists()) if files is not None else MultiValueDict()
    for key, token in data.items():
        if not key.startswith(KEPT_PREFIX):
            continue
        name = key[len(KEPT_PREFIX) :]
        if files.get(name):
            continue  # a new file was chosen: it replaces the kept one
        info = _read_token(request, token)
        if info is None:
            continue
        with kept_storage().open(info["p"], "rb") as handle:
            content = handle.read()
        kept_storage().delete(info["p"])  # it lives on in this request; a new refusal keeps it again
        files[name] = SimpleUploadedFile(info["n"], content)
    return files


class KeepFilesMixin:
    """For a ``FormView``: kept files restored into the request's files (the form's, and ``request_files()`` for
    a formset the view builds), and every bound form of a refused page keeps its files (a page rendered after a
    POST is a refused one: success redirects)."""

    def request_files(self):
        if not hasattr(self, "_kept_request_files"):
            self._kept_request_files = restore_files(self.request, self.request.FILES)
        return self._kept_request_files

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if self.request.method in ("POST", "PUT"):
            kwargs["files"] = self.request_files()
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.request.method == "POST":
            bound = [context.get("form")] + list(getattr(context.get("formset"), "forms", []))
            for form in bound:
                if form is not None and form.is_bound and not hasattr(form, "kept_files"):
                    keep_files(self.request, form)
        return context


def note_dropped_files(form):
    """Note on `form` the names of the files it received (``form.dropped_files``: the field's HTML name -> file
    name) so that the page says which file must be chosen again, without storing anything."""
    form.dropped_files = {
        name: os.path.basename(upload.name)
        for name, upload in (form.files or {}).items()
        if getattr(upload, "name", None)
    }
    return form
