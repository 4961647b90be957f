"""Accent- and case-insensitive matching: "Nguyen" finds "Nguyễn", "dang" finds "Đặng".

``fold(text)`` is the Python side (NFD, drop the combining marks, đ → d, lower case). In SQL the ``fold`` transform
calls ``cf_fold(text)``: on PostgreSQL an IMMUTABLE function the migration ``0002_cf_fold`` creates over the
``unaccent`` extension (or, where the extension may not be created, over ``translate`` of the Vietnamese letters),
so that an expression index (``pg_trgm``) can serve ``cf_fold(name) LIKE '%…%'``; on SQLite the same Python
``fold`` registered as a deterministic SQL function on every connection. Both sides fold a text the same way::

    Cadre.objects.filter(full_name__fold__contains=fold("Nguyen"))
"""

import unicodedata

from django.db import models
from django.db.backends.signals import connection_created
from django.db.models import Transform

SQL_FUNCTION = "cf_fold"


def fold(text):
    if text is None:
        return None
    decomposed = unicodedata.normalize("NFD", str(text).replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


class Fold(Transform):
    lookup_name = "fold"
    function = SQL_FUNCTION
    output_field = models.TextField()


def register_sqlite_function(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_function(SQL_FUNCTION, 1, fold, deterministic=True)


def install():
    models.CharField.register_lookup(Fold)
    models.TextField.register_lookup(Fold)
    connection_created.connect(register_sqlite_function, dispatch_uid="workflow_common.cf_fold")
